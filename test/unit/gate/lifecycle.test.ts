import { describe, expect, it } from 'vitest';
import {
  applyExceptionCommand,
  expireIfDue,
  initialExceptionState,
  invalidateOnMaterialChange,
  isApprovalExpired,
  type CommandContext,
  type ExceptionCommand,
  type ExceptionState,
} from '../../../src/domain/exception/index.ts';
import type { ActingUser, FactsSnapshot } from '../../../src/domain/exception/types.ts';
import {
  JUSTIFICATION,
  NOW,
  admin,
  namedApprover,
  ae,
  deal,
  escalatedFacts,
  facts,
  freshKey,
  later,
  manager,
  otherManager,
  policy,
  senior,
  teammate,
} from './fixtures.ts';

function context(actor: ActingUser, overrides: Partial<CommandContext> = {}): CommandContext {
  return { actor, deal, facts, policy, now: NOW, ...overrides };
}

type CommandBody =
  { kind: 'request'; reasonCode?: 'timing' } | { kind: 'withdraw' } | { kind: 'approve'; comment?: string } | { kind: 'reject'; comment?: string };

function command(state: ExceptionState, body: CommandBody): ExceptionCommand {
  const base = { idempotencyKey: freshKey(), expectedVersion: state.version };
  switch (body.kind) {
    case 'request':
      return { ...base, kind: 'request', reasonCode: body.reasonCode ?? 'customer_refuses_marketplace', justification: JUSTIFICATION };
    case 'withdraw':
      return { ...base, kind: 'withdraw' };
    case 'approve':
      return { ...base, kind: 'approve', comment: body.comment };
    case 'reject':
      return { ...base, kind: 'reject', comment: body.comment ?? 'Marketplace terms were accepted last year.' };
  }
}

function step(state: ExceptionState, actor: ActingUser, body: CommandBody, overrides: Partial<CommandContext> = {}): ExceptionState {
  const outcome = applyExceptionCommand(state, command(state, body), context(actor, overrides));
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.state;
}

function attempt(state: ExceptionState, actor: ActingUser, body: CommandBody, overrides: Partial<CommandContext> = {}) {
  return applyExceptionCommand(state, command(state, body), context(actor, overrides));
}

const requested = (f: FactsSnapshot = facts) => step(initialExceptionState(), ae, { kind: 'request' }, { facts: f });
const approved = () => step(requested(), manager, { kind: 'approve' });

describe('exception lifecycle: allowed transitions', () => {
  it('none -> requested records the request, the facts snapshot and an audit entry', () => {
    const state = requested();
    expect(state.status).toBe('requested');
    expect(state.version).toBe(1);
    expect(state.request).toMatchObject({
      requesterUserId: '101',
      requesterTeamIds: ['10'],
      reasonCode: 'customer_refuses_marketplace',
      escalated: false,
      facts,
    });
    expect(state.history).toEqual([
      expect.objectContaining({
        version: 1,
        action: 'request',
        from: 'none',
        to: 'requested',
        actorUserId: '101',
        at: NOW.toISOString(),
        facts,
        override: false,
      }),
    ]);
  });

  it('a deal-team member may request too', () => {
    expect(step(initialExceptionState(), teammate, { kind: 'request' }).request?.requesterUserId).toBe('102');
  });

  it('requested -> approved by the team manager, with expiry from policy', () => {
    const state = approved();
    expect(state.status).toBe('approved');
    expect(state.decidedAt).toBe(NOW.toISOString());
    expect(state.expiresAt).toBe('2026-12-02T10:00:00.000Z');
    expect(state.approvals).toEqual([expect.objectContaining({ step: 'team', approverUserId: '201', override: false })]);
    expect(state.history.at(-1)).toMatchObject({ action: 'approve', from: 'requested', to: 'approved', actorUserId: '201' });
  });

  it('requested -> rejected by the team manager, keeping the comment in the audit entry', () => {
    const state = step(requested(), manager, { kind: 'reject', comment: 'Customer has an EDP with headroom.' });
    expect(state.status).toBe('rejected');
    expect(state.history.at(-1)).toMatchObject({ action: 'reject', to: 'rejected', comment: 'Customer has an EDP with headroom.' });
  });

  it('requested -> withdrawn by the requester', () => {
    const state = step(requested(), ae, { kind: 'withdraw' });
    expect(state.status).toBe('withdrawn');
    expect(state.history.at(-1)).toMatchObject({ action: 'withdraw', from: 'requested', to: 'withdrawn' });
  });

  it('escalated deals go requested -> awaiting_senior -> approved', () => {
    const first = step(requested(escalatedFacts), manager, { kind: 'approve' }, { facts: escalatedFacts });
    expect(first.status).toBe('awaiting_senior');
    expect(first.expiresAt).toBeNull();
    const second = step(first, senior, { kind: 'approve' }, { facts: escalatedFacts });
    expect(second.status).toBe('approved');
    expect(second.approvals.map((a) => [a.step, a.approverUserId])).toEqual([
      ['team', '201'],
      ['senior', '301'],
    ]);
  });

  it('awaiting_senior -> withdrawn and awaiting_senior -> rejected by the senior', () => {
    const first = step(requested(escalatedFacts), manager, { kind: 'approve' }, { facts: escalatedFacts });
    expect(step(first, ae, { kind: 'withdraw' }, { facts: escalatedFacts }).status).toBe('withdrawn');
    expect(step(first, senior, { kind: 'reject' }, { facts: escalatedFacts }).status).toBe('rejected');
  });

  it.each(['rejected', 'withdrawn'] as const)('a new request is allowed after %s', (ending) => {
    const ended = ending === 'rejected' ? step(requested(), manager, { kind: 'reject' }) : step(requested(), ae, { kind: 'withdraw' });
    const again = step(ended, ae, { kind: 'request' });
    expect(again.status).toBe('requested');
    expect(again.approvals).toEqual([]);
    expect(again.history.map((e) => e.action)).toEqual(['request', ending === 'rejected' ? 'reject' : 'withdraw', 'request']);
  });

  it('a new request is allowed after invalidation and after expiry', () => {
    const invalidated = invalidateOnMaterialChange(approved(), { ...facts, cloud: 'azure' }, policy, NOW);
    expect(invalidated.changed).toBe(true);
    expect(step(invalidated.state, ae, { kind: 'request' }).status).toBe('requested');
    const expired = expireIfDue(approved(), later(60 * 24 * 30));
    expect(expired.state.status).toBe('expired');
    expect(step(expired.state, ae, { kind: 'request' }).status).toBe('requested');
  });

  it('an approval without expiry in policy never expires', () => {
    const { approvalExpiryDays: _unused, ...noExpiry } = policy;
    const state = step(requested(), manager, { kind: 'approve' }, { policy: noExpiry });
    expect(state.expiresAt).toBeNull();
    expect(isApprovalExpired(state, later(60 * 24 * 3650))).toBe(false);
  });
});

describe('exception lifecycle: refused transitions', () => {
  it.each([
    ['a pending request exists', () => requested(), /already pending/],
    ['an approval is in place', () => approved(), /already in place/],
  ])('request is refused when %s', (_label, build, message) => {
    const outcome = attempt(build(), ae, { kind: 'request' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(!outcome.ok && outcome.error.message).toMatch(message);
  });

  it('request is refused when direct is already the recommendation', () => {
    const outcome = attempt(initialExceptionState(), ae, { kind: 'request' }, { facts: { ...facts, recommendedRoute: 'direct' } });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'EXCEPTION_NOT_NEEDED' } });
  });

  it('request is refused for someone not on the deal', () => {
    expect(attempt(initialExceptionState(), otherManager, { kind: 'request' })).toMatchObject({ ok: false, error: { code: 'NOT_ON_DEAL' } });
  });

  it.each(['withdraw', 'approve', 'reject'] as const)('%s is refused when nothing is pending', (kind) => {
    for (const state of [initialExceptionState(), approved(), step(requested(), manager, { kind: 'reject' })]) {
      const actor = kind === 'withdraw' ? ae : manager;
      expect(attempt(state, actor, { kind })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    }
  });

  it('withdraw is refused for anyone but the requester', () => {
    expect(attempt(requested(), teammate, { kind: 'withdraw' })).toMatchObject({ ok: false, error: { code: 'NOT_THE_REQUESTER' } });
    expect(attempt(requested(), manager, { kind: 'withdraw' })).toMatchObject({ ok: false, error: { code: 'NOT_THE_REQUESTER' } });
  });

  it('approve is refused when the facts changed materially since the request', () => {
    const outcome = attempt(requested(), manager, { kind: 'approve' }, { facts: { ...facts, amountUsd: 150_000 } });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'FACTS_CHANGED' } });
    expect(!outcome.ok && outcome.error.message).toContain('amount changed from 100000 to 150000');
  });

  it('a refused command leaves the state untouched', () => {
    const state = requested();
    const before = JSON.stringify(state);
    attempt(state, otherManager, { kind: 'approve' });
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe('exception lifecycle: separation of duties', () => {
  it('the requester cannot approve their own request, even when they manage the team', () => {
    const managerRequest = step(
      initialExceptionState(),
      manager,
      { kind: 'request' },
      { deal: { ownerUserId: '201', ownerTeamIds: ['10'], dealTeamUserIds: [] } },
    );
    const outcome = attempt(managerRequest, manager, { kind: 'approve' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'SELF_APPROVAL' } });
  });

  it('a manager of another team is not an approver', () => {
    expect(attempt(requested(), otherManager, { kind: 'approve' })).toMatchObject({ ok: false, error: { code: 'NOT_AN_APPROVER' } });
  });

  it("the deal owner's team approves: a deal-team member from another team cannot have their own manager decide", () => {
    // AE 111 (team 11) is on the deal team of AE 101's deal (team 10) and asks; manager 211 is 111's manager.
    const outsider = { ...ae, userId: '111', teamIds: ['11'] };
    const owned = { ownerUserId: '101', ownerTeamIds: ['10'], dealTeamUserIds: ['111'] };
    const asked = step(initialExceptionState(), outsider, { kind: 'request' }, { deal: owned });
    expect(asked.request).toMatchObject({ requesterTeamIds: ['11'], approverTeamIds: ['10'] });
    expect(attempt(asked, otherManager, { kind: 'approve' }, { deal: owned })).toMatchObject({ ok: false, error: { code: 'NOT_AN_APPROVER' } });
    expect(step(asked, manager, { kind: 'approve' }, { deal: owned }).status).toBe('approved');
  });

  it('a change of deal owner voids a pending request: another team must decide', () => {
    const state = requested();
    expect(attempt(state, manager, { kind: 'approve' }, { facts: { ...facts, ownerUserId: '111' } })).toMatchObject({
      ok: false,
      error: { code: 'FACTS_CHANGED' },
    });
  });

  it('a non-senior cannot give the second approval on an escalated deal', () => {
    const first = step(requested(escalatedFacts), manager, { kind: 'approve' }, { facts: escalatedFacts });
    const outcome = attempt(first, namedApprover, { kind: 'approve' }, { facts: escalatedFacts });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NOT_SENIOR' } });
  });

  it('the same person cannot give both approvals, even when senior', () => {
    const seniorManagerPolicy = { ...policy, teamApprovers: { ...policy.teamApprovers, '10': ['201', '301'] } };
    const first = step(requested(escalatedFacts), senior, { kind: 'approve' }, { facts: escalatedFacts, policy: seniorManagerPolicy });
    const outcome = attempt(first, senior, { kind: 'approve' }, { facts: escalatedFacts, policy: seniorManagerPolicy });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'SAME_APPROVER_TWICE' } });
  });

  it('the requester cannot give the senior approval either', () => {
    const seniorAe = { ...ae, roleIds: ['role-vp-sales'] };
    const first = step(requested(escalatedFacts), manager, { kind: 'approve' }, { facts: escalatedFacts });
    expect(attempt(first, seniorAe, { kind: 'approve' }, { facts: escalatedFacts })).toMatchObject({ ok: false, error: { code: 'SELF_APPROVAL' } });
  });

  it('an admin override decision is marked in the approval, the audit entry and stays subject to self-approval', () => {
    const state = step(requested(), admin, { kind: 'approve' });
    expect(state.approvals[0]).toMatchObject({ approverUserId: '401', override: true });
    expect(state.history.at(-1)).toMatchObject({ action: 'approve', override: true });
    const adminRequest = step(initialExceptionState(), admin, { kind: 'request' }, { deal: { ownerUserId: '401', ownerTeamIds: [], dealTeamUserIds: [] } });
    expect(attempt(adminRequest, admin, { kind: 'approve' })).toMatchObject({ ok: false, error: { code: 'SELF_APPROVAL' } });
  });

  it('a regular approval is not marked as an override', () => {
    expect(approved().history.at(-1)?.override).toBe(false);
  });
});

describe('exception lifecycle: idempotency and concurrency', () => {
  it('replaying the same command returns the same result without a new transition', () => {
    const start = requested();
    const approve = command(start, { kind: 'approve' });
    const first = applyExceptionCommand(start, approve, context(manager));
    if (!first.ok) throw new Error(first.error.message);
    const replay = applyExceptionCommand(first.state, approve, context(manager, { now: later(5) }));
    expect(replay).toMatchObject({ ok: true, replayed: true });
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.state).toBe(first.state);
    expect(replay.entry).toEqual(first.entry);
    expect(replay.state.version).toBe(2);
    expect(replay.state.history).toHaveLength(2);
  });

  it('reusing an idempotency key for another action or actor is refused', () => {
    const start = requested();
    const approve = command(start, { kind: 'approve' });
    const first = applyExceptionCommand(start, approve, context(manager));
    if (!first.ok) throw new Error(first.error.message);
    const differentAction: ExceptionCommand = { ...approve, kind: 'reject', comment: 'Changed my mind about this.' };
    expect(applyExceptionCommand(first.state, differentAction, context(manager))).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(applyExceptionCommand(first.state, approve, context(admin))).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('a stale expected version is a conflict naming the current version', () => {
    const state = requested();
    const stale: ExceptionCommand = { ...command(state, { kind: 'approve' }), expectedVersion: 0 };
    expect(applyExceptionCommand(state, stale, context(manager))).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT', currentVersion: 1 } });
  });

  it('of two decisions made on the same version, exactly one wins', () => {
    const base = requested(escalatedFacts);
    const approveByManager = command(base, { kind: 'approve' });
    const rejectByNamed = command(base, { kind: 'reject' });
    const ctx = { facts: escalatedFacts };
    const winner = applyExceptionCommand(base, approveByManager, context(manager, ctx));
    if (!winner.ok) throw new Error(winner.error.message);
    const loser = applyExceptionCommand(winner.state, rejectByNamed, context(namedApprover, ctx));
    expect(loser).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT', currentVersion: 2 } });
    expect(winner.state.status).toBe('awaiting_senior');
  });

  it('history is bounded while the version keeps counting', () => {
    let state = initialExceptionState();
    for (let round = 0; round < 30; round += 1) {
      state = step(state, ae, { kind: 'request' });
      state = step(state, ae, { kind: 'withdraw' });
    }
    expect(state.version).toBe(60);
    expect(state.history).toHaveLength(40);
    expect(state.history[0]?.version).toBe(21);
  });
});

describe('system transitions: invalidation and expiry', () => {
  it.each([
    ['amount up exactly at the tolerance', false, { amountUsd: 110_000 }],
    ['amount up just over the tolerance', true, { amountUsd: 110_000.01 }],
    ['amount down exactly at the tolerance', false, { amountUsd: 90_000 }],
    ['amount down just over the tolerance', true, { amountUsd: 89_999.99 }],
    ['cloud', true, { cloud: 'gcp' as const }],
    ['deal type', true, { dealType: 'existingbusiness' }],
    ['route recommendation', true, { recommendedRoute: 'marketplace:azure' as const }],
    ['nothing material', false, {}],
  ])('approved exception, %s: invalidated = %s', (_label, invalidated, change) => {
    const outcome = invalidateOnMaterialChange(approved(), { ...facts, ...change }, policy, later(1));
    expect(outcome.changed).toBe(invalidated);
    expect(outcome.state.status).toBe(invalidated ? 'invalidated' : 'approved');
    if (outcome.changed) {
      expect(outcome.entry).toMatchObject({ action: 'invalidate', actorUserId: null, from: 'approved', to: 'invalidated', facts: { ...facts, ...change } });
    }
  });

  it('crossing the escalation amount invalidates even within the tolerance', () => {
    const nearThreshold = { ...facts, amountUsd: 480_000 };
    const state = step(requested(nearThreshold), manager, { kind: 'approve' }, { facts: nearThreshold });
    const outcome = invalidateOnMaterialChange(state, { ...nearThreshold, amountUsd: 500_000 }, policy, NOW);
    expect(outcome.changed && outcome.changes.map((c) => c.kind)).toEqual(['escalation']);
  });

  it('pending requests are invalidated too, and invalidation is not repeated', () => {
    const once = invalidateOnMaterialChange(requested(), { ...facts, cloud: 'azure' }, policy, NOW);
    expect(once.state.status).toBe('invalidated');
    const twice = invalidateOnMaterialChange(once.state, { ...facts, cloud: 'gcp' }, policy, NOW);
    expect(twice).toEqual({ changed: false, state: once.state });
  });

  it('an approval is valid until just before expiresAt and expired at that instant', () => {
    const state = approved();
    const expiresAt = new Date(Date.parse(state.expiresAt ?? ''));
    const justBefore = new Date(expiresAt.getTime() - 1);
    expect(isApprovalExpired(state, justBefore)).toBe(false);
    expect(expireIfDue(state, justBefore).changed).toBe(false);
    expect(isApprovalExpired(state, expiresAt)).toBe(true);
    const expired = expireIfDue(state, expiresAt);
    expect(expired.changed && expired.entry).toMatchObject({ action: 'expire', from: 'approved', to: 'expired', actorUserId: null });
  });
});
