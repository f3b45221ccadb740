import type { GateConfig } from '../../policy/gate-config.ts';
import type { PipelineConfig } from '../../policy/pipeline-config.ts';
import { describeChanges, materialChanges, type MaterialChange } from './facts.ts';
import { isApprovalExpired } from './lifecycle.ts';
import type { DealFacts, ExceptionState, ExceptionStatus, Route } from './types.ts';

export type DirectRouteRefusal =
  | 'no_request'
  | 'pending'
  | 'rejected'
  | 'withdrawn'
  | 'invalidated'
  | 'expired'
  | 'facts_changed';

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
export function assessDirectRoute(
  state: ExceptionState,
  currentFacts: DealFacts,
  recommendation: Route,
  now: Date,
  policy: GateConfig,
): DirectRouteAssessment {
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

export interface GateViolationInput {
  state: ExceptionState;
  facts: DealFacts;
  recommendation: Route;
  /** The route recorded on the deal (app-chosen route property); null when none was chosen. */
  chosenRoute: Route | null;
  stageId: string;
  /** The gated stages, named once for every rule in policy.pipeline. */
  stages: Pick<PipelineConfig, 'contractStageIds' | 'closedWonStageIds'>;
  now: Date;
  policy: GateConfig;
}

export type GateViolation =
  | { violation: false }
  | {
      violation: true;
      stageKind: 'contract' | 'closed_won';
      reason: DirectRouteRefusal;
      message: string;
      /** Policy says to move the deal back to the stage it came from. */
      moveBack: boolean;
    };

/** A deal reaching a gated stage with a direct route and no valid approval. */
export function detectGateViolation(input: GateViolationInput): GateViolation {
  const { policy, stages } = input;
  const stageKind = stages.closedWonStageIds.includes(input.stageId)
    ? 'closed_won'
    : stages.contractStageIds.includes(input.stageId)
      ? 'contract'
      : null;
  if (stageKind === null || input.chosenRoute !== 'direct') return { violation: false };
  const assessment = assessDirectRoute(input.state, input.facts, input.recommendation, input.now, policy);
  if (assessment.allowed) return { violation: false };
  return {
    violation: true,
    stageKind,
    reason: assessment.reason,
    message: `The deal reached a ${stageKind === 'closed_won' ? 'closed-won' : 'contract'} stage routed direct without a valid exception. ${assessment.message}`,
    moveBack: policy.moveViolatingDealBack,
  };
}
