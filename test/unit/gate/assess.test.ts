import { describe, expect, it } from 'vitest';
import {
  applyExceptionCommand,
  assessDirectRoute,
  detectGateViolation,
  gateRecommendation,
  initialExceptionState,
  type ExceptionState,
  type GateViolationInput,
} from '../../../src/domain/exception/index.ts';
import { JUSTIFICATION, NOW, ae, deal, facts, freshKey, later, manager, policy, stages } from './fixtures.ts';

const { recommendedRoute, ...dealFacts } = facts;

function approvedState(): ExceptionState {
  const ctx = { deal, facts, policy, now: NOW };
  const requested = applyExceptionCommand(
    initialExceptionState(),
    { kind: 'request', idempotencyKey: freshKey(), expectedVersion: 0, reasonCode: 'legal_or_contract_terms', justification: JUSTIFICATION },
    { ...ctx, actor: ae },
  );
  if (!requested.ok) throw new Error(requested.error.message);
  const approved = applyExceptionCommand(requested.state, { kind: 'approve', idempotencyKey: freshKey(), expectedVersion: 1 }, { ...ctx, actor: manager });
  if (!approved.ok) throw new Error(approved.error.message);
  return approved.state;
}

describe('assessDirectRoute', () => {
  it('allows direct without an exception when direct is the recommendation', () => {
    expect(assessDirectRoute(initialExceptionState(), dealFacts, 'direct', NOW, policy)).toMatchObject({ allowed: true, basis: 'recommended' });
  });

  it('refuses direct without an approved exception', () => {
    expect(assessDirectRoute(initialExceptionState(), dealFacts, recommendedRoute, NOW, policy)).toMatchObject({ allowed: false, reason: 'no_request' });
  });

  it('allows direct under a valid approval', () => {
    expect(assessDirectRoute(approvedState(), dealFacts, recommendedRoute, later(10), policy)).toMatchObject({ allowed: true, basis: 'approved_exception' });
  });

  it('refuses once the approval expired, even before expiry is persisted', () => {
    const state = approvedState();
    expect(assessDirectRoute(state, dealFacts, recommendedRoute, new Date(state.expiresAt ?? ''), policy)).toMatchObject({ allowed: false, reason: 'expired' });
  });

  it('refuses when the facts changed materially, listing the changes', () => {
    const outcome = assessDirectRoute(approvedState(), { ...dealFacts, cloud: 'azure' }, 'marketplace:azure', NOW, policy);
    expect(outcome).toMatchObject({ allowed: false, reason: 'facts_changed' });
    expect(!outcome.allowed && outcome.changes.map((c) => c.kind)).toEqual(['cloud', 'recommendation']);
  });
});

describe('detectGateViolation', () => {
  const complete = { ok: true as const, facts: dealFacts, recommendation: recommendedRoute };
  const directRecommended = { ok: true as const, facts: dealFacts, recommendation: 'direct' as const };
  const incomplete = { ok: false as const, message: 'Delivery model is required' };
  const judge = (input: {
    state?: ExceptionState;
    stageId?: string;
    entry?: Partial<GateViolationInput['entry']>;
    current?: Partial<GateViolationInput['current']>;
    now?: Date;
    policy?: typeof policy;
  }) =>
    detectGateViolation({
      state: input.state ?? initialExceptionState(),
      stageId: input.stageId ?? 'closedwon',
      stages,
      entry: { at: NOW, facts: complete, route: 'direct', ...input.entry },
      current: { facts: complete, route: 'direct', ...input.current },
      now: input.now ?? NOW,
      policy: input.policy ?? policy,
    });

  it('flags a direct deal entering closed-won without approval, with the move-back policy', () => {
    expect(judge({})).toMatchObject({ violation: true, stageKind: 'closed_won', reason: 'no_request', moveBack: true, atEntry: true });
  });

  it('flags contract stages too', () => {
    expect(judge({ stageId: 'contractsent' })).toMatchObject({ violation: true, stageKind: 'contract' });
  });

  it('counts a deal with no route recorded as not on a marketplace', () => {
    expect(judge({ entry: { route: null }, current: { route: null } })).toMatchObject({ violation: true, reason: 'no_request' });
  });

  it.each([
    ['an ungated stage', { stageId: 'qualifiedtobuy' }],
    ['a marketplace route now', { current: { route: 'marketplace:aws' as const } }],
    ['direct recommended at entry and now', { entry: { facts: directRecommended }, current: { facts: directRecommended } }],
  ])('does not flag %s', (_label, input) => {
    expect(judge(input)).toEqual({ violation: false });
  });

  it('keeps the violation of the entry when an input is changed back afterwards', () => {
    // Marketplace required when the deal entered closed-won; then the delivery model was toggled so direct looks fine.
    expect(judge({ entry: { facts: complete }, current: { facts: directRecommended } })).toMatchObject({ violation: true, atEntry: true });
  });

  it('flags a deal whose inputs were toggled before entry and set back after it', () => {
    expect(judge({ entry: { facts: directRecommended }, current: { facts: complete } })).toMatchObject({ violation: true, atEntry: false });
  });

  it('fails closed on incomplete routing, unless policy asks only for a flag', () => {
    expect(judge({ entry: { facts: incomplete }, current: { facts: incomplete } })).toMatchObject({ violation: true, reason: 'routing_incomplete' });
    const flagOnly = { ...policy, incompleteRoutingAtGatedStage: 'flag_only' as const };
    expect(judge({ entry: { facts: incomplete }, current: { facts: incomplete }, policy: flagOnly })).toEqual({
      violation: false,
      incomplete: { message: expect.stringContaining('Delivery model is required') as unknown },
    });
  });

  it('does not flag a direct deal with a valid approval, but does after it expired', () => {
    const state = approvedState();
    expect(judge({ state })).toEqual({ violation: false });
    const afterExpiry = new Date(Date.parse(state.expiresAt ?? '') + 1);
    expect(judge({ state, now: afterExpiry, entry: { at: afterExpiry } })).toMatchObject({ violation: true, reason: 'expired' });
  });
});

describe('gateRecommendation', () => {
  it('keeps a marketplace recommendation the routing engine says direct needs an exception for', () => {
    expect(gateRecommendation({ recommended: 'marketplace:azure', requiresException: true })).toBe('marketplace:azure');
  });

  it('reads a marketplace recommendation below the required drawdown share as no gate: direct needs no exception', () => {
    expect(gateRecommendation({ recommended: 'marketplace:aws', requiresException: false })).toBe('direct');
    expect(
      assessDirectRoute(initialExceptionState(), dealFacts, gateRecommendation({ recommended: 'marketplace:aws', requiresException: false }), NOW, policy),
    ).toMatchObject({ allowed: true });
  });
});
