import type { GateConfig } from '../../policy/gate-config.ts';
import { authorizeDecision, authorizeRequest, authorizeWithdraw } from './authorize.ts';
import type { ExceptionCommand } from './commands.ts';
import { gateError, type Result } from './errors.ts';
import { describeChanges, materialChanges, needsEscalation, type MaterialChange } from './facts.ts';
import { MAX_HISTORY } from './state.ts';
import type { ActingUser, Approval, AuditAction, AuditEntry, DealAccess, ExceptionState, ExceptionStatus, FactsSnapshot, ReasonCode } from './types.ts';

export interface CommandContext {
  actor: ActingUser;
  deal: DealAccess;
  /** Current deal facts and recommendation, read from HubSpot on the server. */
  facts: FactsSnapshot;
  policy: GateConfig;
  now: Date;
}

/** `replayed`: the same command was already applied; `state` and `entry` are the ones it produced. */
export type CommandOutcome = Result<{ state: ExceptionState; entry: AuditEntry; replayed: boolean }>;

const OPEN_FOR_REQUEST: readonly ExceptionStatus[] = ['none', 'rejected', 'withdrawn', 'invalidated', 'expired'];
const PENDING: readonly ExceptionStatus[] = ['requested', 'awaiting_senior'];
const DAY_MS = 86_400_000;

/**
 * Applies one user command. Replays (same idempotency key, same action, same actor) return the
 * original outcome without a new transition; otherwise `expectedVersion` must match the stored
 * version, so of two concurrent decisions on one version exactly one succeeds.
 */
export function applyExceptionCommand(state: ExceptionState, command: ExceptionCommand, context: CommandContext): CommandOutcome {
  const earlier = state.history.find((entry) => entry.idempotencyKey === command.idempotencyKey);
  if (earlier) {
    if (earlier.action === command.kind && earlier.actorUserId === context.actor.userId) {
      return { ok: true, state, entry: earlier, replayed: true };
    }
    return gateError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different action; generate a new key per action.');
  }
  if (command.expectedVersion !== state.version) {
    return gateError(
      'VERSION_CONFLICT',
      `The exception changed since you loaded it (version ${command.expectedVersion}, now ${state.version}); reload and try again.`,
      { currentVersion: state.version },
    );
  }
  switch (command.kind) {
    case 'request':
      return request(state, command, context);
    case 'withdraw':
      return withdraw(state, command, context);
    case 'approve':
      return approve(state, command, context);
    case 'reject':
      return reject(state, command, context);
  }
}

function request(state: ExceptionState, command: Extract<ExceptionCommand, { kind: 'request' }>, context: CommandContext): CommandOutcome {
  if (!OPEN_FOR_REQUEST.includes(state.status)) {
    const why = state.status === 'approved' ? 'an approved exception is already in place' : 'a request is already pending';
    return gateError('INVALID_TRANSITION', `Cannot request an exception: ${why}.`);
  }
  if (context.facts.recommendedRoute === 'direct') {
    return gateError(
      'EXCEPTION_NOT_NEEDED',
      'The routing recommendation does not require the marketplace for this deal; it can go direct without an exception.',
    );
  }
  const allowed = authorizeRequest(context.actor, context.deal);
  if (!allowed.ok) return allowed;
  const at = context.now.toISOString();
  const next: ExceptionState = {
    ...state,
    status: 'requested',
    request: {
      requesterUserId: context.actor.userId,
      requesterTeamIds: [...context.actor.teamIds],
      approverTeamIds: [...context.deal.ownerTeamIds],
      requestedAt: at,
      reasonCode: command.reasonCode,
      justification: command.justification,
      facts: context.facts,
      escalated: needsEscalation(context.facts.amountUsd, context.policy),
    },
    approvals: [],
    decidedAt: null,
    expiresAt: null,
  };
  return commit(state, next, {
    at,
    actorUserId: context.actor.userId,
    action: 'request',
    idempotencyKey: command.idempotencyKey,
    override: false,
    reasonCode: command.reasonCode,
    comment: command.justification,
    facts: context.facts,
  });
}

function withdraw(state: ExceptionState, command: Extract<ExceptionCommand, { kind: 'withdraw' }>, context: CommandContext): CommandOutcome {
  if (!PENDING.includes(state.status) || !state.request) {
    return gateError('INVALID_TRANSITION', `Only a pending request can be withdrawn; the exception is ${state.status}.`);
  }
  const allowed = authorizeWithdraw(context.actor, state.request);
  if (!allowed.ok) return allowed;
  const at = context.now.toISOString();
  return commit(
    state,
    { ...state, status: 'withdrawn', decidedAt: at },
    {
      at,
      actorUserId: context.actor.userId,
      action: 'withdraw',
      idempotencyKey: command.idempotencyKey,
      override: false,
      reasonCode: null,
      comment: command.comment ?? null,
      facts: context.facts,
    },
  );
}

function approve(state: ExceptionState, command: Extract<ExceptionCommand, { kind: 'approve' }>, context: CommandContext): CommandOutcome {
  if (!PENDING.includes(state.status) || !state.request) {
    return gateError('INVALID_TRANSITION', `Only a pending request can be approved; the exception is ${state.status}.`);
  }
  const step = state.status === 'requested' ? 'team' : 'senior';
  const allowed = authorizeDecision(context.actor, state.request, step, state.approvals, context.policy);
  if (!allowed.ok) return allowed;
  const changes = materialChanges(state.request.facts, context.facts, context.policy);
  if (changes.length > 0) {
    return gateError('FACTS_CHANGED', `The deal changed since the request (${describeChanges(changes)}); a new request is needed.`);
  }
  const at = context.now.toISOString();
  const approvals: Approval[] = [
    ...state.approvals,
    { step, approverUserId: context.actor.userId, at, override: allowed.override, comment: command.comment ?? null },
  ];
  const complete = step === 'senior' || !state.request.escalated;
  const expiryDays = context.policy.approvalExpiryDays;
  const next: ExceptionState = complete
    ? {
        ...state,
        status: 'approved',
        approvals,
        decidedAt: at,
        expiresAt: expiryDays === undefined ? null : new Date(context.now.getTime() + expiryDays * DAY_MS).toISOString(),
      }
    : { ...state, status: 'awaiting_senior', approvals };
  return commit(state, next, {
    at,
    actorUserId: context.actor.userId,
    action: 'approve',
    idempotencyKey: command.idempotencyKey,
    override: allowed.override,
    reasonCode: null,
    comment: command.comment ?? null,
    facts: context.facts,
  });
}

function reject(state: ExceptionState, command: Extract<ExceptionCommand, { kind: 'reject' }>, context: CommandContext): CommandOutcome {
  if (!PENDING.includes(state.status) || !state.request) {
    return gateError('INVALID_TRANSITION', `Only a pending request can be rejected; the exception is ${state.status}.`);
  }
  const step = state.status === 'requested' ? 'team' : 'senior';
  const allowed = authorizeDecision(context.actor, state.request, step, state.approvals, context.policy);
  if (!allowed.ok) return allowed;
  const at = context.now.toISOString();
  return commit(
    state,
    { ...state, status: 'rejected', decidedAt: at },
    {
      at,
      actorUserId: context.actor.userId,
      action: 'reject',
      idempotencyKey: command.idempotencyKey,
      override: allowed.override,
      reasonCode: null,
      comment: command.comment,
      facts: context.facts,
    },
  );
}

/** Outcome of a transition the app makes by itself; `changed: false` leaves the state as it was. */
export type SystemTransition =
  { changed: false; state: ExceptionState } | { changed: true; state: ExceptionState; entry: AuditEntry; changes: MaterialChange[] };

/**
 * Ends a pending or approved exception whose facts changed materially. Safe to run on every
 * deal update: without material changes, or when nothing is pending or approved, it does nothing.
 */
export function invalidateOnMaterialChange(state: ExceptionState, facts: FactsSnapshot, policy: GateConfig, now: Date): SystemTransition {
  if (!state.request || !(PENDING.includes(state.status) || state.status === 'approved')) return { changed: false, state };
  const changes = materialChanges(state.request.facts, facts, policy);
  if (changes.length === 0) return { changed: false, state };
  const at = now.toISOString();
  const outcome = commit(
    state,
    { ...state, status: 'invalidated' },
    {
      at,
      actorUserId: null,
      action: 'invalidate',
      idempotencyKey: `system:invalidate:v${state.version}`,
      override: false,
      reasonCode: null,
      comment: describeChanges(changes),
      facts,
    },
  );
  return { changed: true, state: outcome.state, entry: outcome.entry, changes };
}

/** Valid while `now` is before `expiresAt`; at that instant the approval has lapsed. */
export function isApprovalExpired(state: ExceptionState, now: Date): boolean {
  return state.status === 'approved' && state.expiresAt !== null && now.getTime() >= Date.parse(state.expiresAt);
}

export function expireIfDue(state: ExceptionState, now: Date): SystemTransition {
  if (!isApprovalExpired(state, now) || !state.request) return { changed: false, state };
  const outcome = commit(
    state,
    { ...state, status: 'expired' },
    {
      at: now.toISOString(),
      actorUserId: null,
      action: 'expire',
      idempotencyKey: `system:expire:v${state.version}`,
      override: false,
      reasonCode: null,
      comment: `Approval expired at ${state.expiresAt}.`,
      facts: state.request.facts,
    },
  );
  return { changed: true, state: outcome.state, entry: outcome.entry, changes: [] };
}

interface EntryDraft {
  at: string;
  actorUserId: string | null;
  action: AuditAction;
  idempotencyKey: string;
  override: boolean;
  reasonCode: ReasonCode | null;
  comment: string | null;
  facts: FactsSnapshot;
}

function commit(previous: ExceptionState, next: ExceptionState, draft: EntryDraft): { ok: true; state: ExceptionState; entry: AuditEntry; replayed: false } {
  const version = previous.version + 1;
  const entry: AuditEntry = { version, ...draft, from: previous.status, to: next.status };
  const history = [...previous.history, entry].slice(-MAX_HISTORY);
  return { ok: true, state: { ...next, version, history }, entry, replayed: false };
}
