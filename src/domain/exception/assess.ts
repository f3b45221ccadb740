import type { GateConfig } from '../../policy/gate-config.ts';
import type { PipelineConfig } from '../../policy/pipeline-config.ts';
import { describeChanges, materialChanges, type MaterialChange } from './facts.ts';
import { isApprovalExpired } from './lifecycle.ts';
import type { DealFacts, ExceptionState, ExceptionStatus, Route } from './types.ts';

export type DirectRouteRefusal = 'no_request' | 'pending' | 'rejected' | 'withdrawn' | 'invalidated' | 'expired' | 'facts_changed';

export type DirectRouteAssessment =
  | { allowed: true; basis: 'recommended' | 'approved_exception'; message: string }
  | { allowed: false; reason: DirectRouteRefusal; message: string; changes: MaterialChange[] };

const REFUSAL_BY_STATUS: Record<Exclude<ExceptionStatus, 'approved'>, { reason: DirectRouteRefusal; message: string }> = {
  none: { reason: 'no_request', message: 'Routing this deal direct needs an approved exception; request one first.' },
  requested: { reason: 'pending', message: 'The exception request is waiting for approval.' },
  awaiting_senior: { reason: 'pending', message: 'The exception has its first approval and is waiting for the senior approval.' },
  rejected: { reason: 'rejected', message: 'The exception was rejected; a new request is needed to route direct.' },
  withdrawn: { reason: 'withdrawn', message: 'The exception request was withdrawn; a new request is needed to route direct.' },
  invalidated: { reason: 'invalidated', message: 'The approval no longer applies because the deal changed; a new request is needed.' },
  expired: { reason: 'expired', message: 'The approval has expired; a new request is needed.' },
};

/**
 * The route the gate enforces, from the routing engine's answer: its marketplace recommendation when
 * going direct needs an exception (drawdown share at or above policy), otherwise `direct`, because
 * no approval is needed to go direct. Snapshots and material-change checks use this value, so an
 * approval lapses when the requirement appears for another cloud or goes away.
 */
export function gateRecommendation(routing: { recommended: Route; requiresException: boolean }): Route {
  return routing.requiresException ? routing.recommended : 'direct';
}

/** May the route be set to direct now? Pure: the caller supplies current facts and the clock. */
export function assessDirectRoute(state: ExceptionState, currentFacts: DealFacts, recommendation: Route, now: Date, policy: GateConfig): DirectRouteAssessment {
  if (recommendation === 'direct') {
    return { allowed: true, basis: 'recommended', message: 'Direct is the recommended route; no exception is needed.' };
  }
  if (state.status !== 'approved' || !state.request) {
    // An approved status without its request cannot come from a transition; treat it as no request.
    const refusal = state.status === 'approved' ? REFUSAL_BY_STATUS.none : REFUSAL_BY_STATUS[state.status];
    return { allowed: false, ...refusal, changes: [] };
  }
  if (isApprovalExpired(state, now)) {
    return { allowed: false, ...REFUSAL_BY_STATUS.expired, changes: [] };
  }
  const changes = materialChanges(state.request.facts, { ...currentFacts, recommendedRoute: recommendation }, policy);
  if (changes.length > 0) {
    return {
      allowed: false,
      reason: 'facts_changed',
      message: `The approval no longer applies: ${describeChanges(changes)}. A new request is needed.`,
      changes,
    };
  }
  return { allowed: true, basis: 'approved_exception', message: 'An approved exception covers routing this deal direct.' };
}

/** The gate's facts at one moment: complete, or the reason routing cannot be computed. */
export type JudgedFacts = { ok: true; facts: DealFacts; recommendation: Route } | { ok: false; message: string };

export interface GateViolationInput {
  state: ExceptionState;
  stageId: string;
  /** The gated stages, named once for every rule in policy.pipeline. */
  stages: Pick<PipelineConfig, 'contractStageIds' | 'closedWonStageIds'>;
  /** When the deal entered its current stage, with the facts and route of that moment (from property history). */
  entry: { at: Date; facts: JudgedFacts; route: Route | null };
  current: { facts: JudgedFacts; route: Route | null };
  now: Date;
  policy: GateConfig;
}

export type GateViolation =
  | { violation: false; incomplete?: undefined }
  /** flag_only policy: routing could not be computed in a gated stage; tell the approver, count nothing. */
  | { violation: false; incomplete: { message: string } }
  | {
      violation: true;
      stageKind: 'contract' | 'closed_won';
      reason: DirectRouteRefusal | 'routing_incomplete';
      message: string;
      /** The violation is that of the stage entry (later changes to the inputs do not clear it). */
      atEntry: boolean;
      /** Policy says to move the deal back to the stage it came from. */
      moveBack: boolean;
    };

const isMarketplace = (route: Route | null): boolean => route !== null && route !== 'direct';

type Judgement = { ok: true } | { ok: false; reason: DirectRouteRefusal | 'routing_incomplete'; message: string; countable: boolean };

function judge(state: ExceptionState, facts: JudgedFacts, route: Route | null, at: Date, policy: GateConfig): Judgement {
  // A deal with no route recorded is not on a marketplace: in a gated stage it counts as direct.
  if (isMarketplace(route)) return { ok: true };
  if (!facts.ok) {
    const approved = state.status === 'approved' && !isApprovalExpired(state, at);
    if (approved) return { ok: true };
    return {
      ok: false,
      reason: 'routing_incomplete',
      message: `The routing recommendation could not be computed (${facts.message}), so the gate cannot tell that going direct is allowed.`,
      countable: policy.incompleteRoutingAtGatedStage === 'require_exception',
    };
  }
  const assessment = assessDirectRoute(state, facts.facts, facts.recommendation, at, policy);
  return assessment.allowed ? { ok: true } : { ok: false, reason: assessment.reason, message: assessment.message, countable: true };
}

/**
 * A deal in a contract or closed-won stage without a marketplace route and without a valid approval,
 * judged twice: on the facts when it entered the stage, so that changing an input back afterwards
 * does not clear it, and on the facts now, so that changing an input after entry cannot hide it.
 */
export function detectGateViolation(input: GateViolationInput): GateViolation {
  const { policy, stages } = input;
  const stageKind = stages.closedWonStageIds.includes(input.stageId) ? 'closed_won' : stages.contractStageIds.includes(input.stageId) ? 'contract' : null;
  if (stageKind === null || isMarketplace(input.current.route)) return { violation: false };
  const atEntry = judge(input.state, input.entry.facts, input.entry.route ?? input.current.route, input.entry.at, policy);
  const now = judge(input.state, input.current.facts, input.current.route, input.now, policy);
  const found = !atEntry.ok && atEntry.countable ? { judgement: atEntry, atEntry: true } : !now.ok && now.countable ? { judgement: now, atEntry: false } : null;
  if (!found) {
    const incomplete = [atEntry, now].find((judgement): judgement is Extract<Judgement, { ok: false }> => !judgement.ok);
    return incomplete ? { violation: false, incomplete: { message: incomplete.message } } : { violation: false };
  }
  const stage = stageKind === 'closed_won' ? 'closed-won' : 'contract';
  return {
    violation: true,
    stageKind,
    reason: found.judgement.reason,
    atEntry: found.atEntry,
    message: `The deal ${found.atEntry ? 'entered' : 'is in'} a ${stage} stage without a marketplace route and without a valid exception. ${found.judgement.message}`,
    moveBack: policy.moveViolatingDealBack,
  };
}
