import type { GateConfig } from '../../policy/gate-config.ts';
import { gateError, type Result } from './errors.ts';
import type { ActingUser, Approval, ApprovalStep, DealAccess, ExceptionRequest } from './types.ts';

/** A granted decision right; `override` marks an admin acting in place of an approver. */
export type Authorization = Result<{ override: boolean }>;

const granted: Authorization = { ok: true, override: false };
const grantedByOverride: Authorization = { ok: true, override: true };

export function authorizeRequest(actor: ActingUser, deal: DealAccess): Authorization {
  const onDeal = deal.ownerUserId === actor.userId || deal.dealTeamUserIds.includes(actor.userId);
  return onDeal ? granted : gateError('NOT_ON_DEAL', 'Only the deal owner or a member of the deal team can request a direct-route exception.');
}

export function authorizeWithdraw(actor: ActingUser, request: ExceptionRequest): Authorization {
  return request.requesterUserId === actor.userId ? granted : gateError('NOT_THE_REQUESTER', 'Only the person who requested the exception can withdraw it.');
}

export function isTeamApprover(userId: string, requesterTeamIds: readonly string[], policy: GateConfig): boolean {
  if (policy.namedApproverUserIds.includes(userId)) return true;
  return requesterTeamIds.some((teamId) => policy.teamApprovers[teamId]?.includes(userId) ?? false);
}

export function isSenior(actor: ActingUser, policy: GateConfig): boolean {
  return policy.senior.userIds.includes(actor.userId) || actor.roleIds.some((role) => policy.senior.roleIds.includes(role));
}

/** Admin override is granted by being listed in policy; being a HubSpot super admin alone is not enough. */
export function hasOverride(actor: ActingUser, policy: GateConfig): boolean {
  return policy.adminOverrideUserIds.includes(actor.userId);
}

/** The teams whose approvers decide: the deal owner's when the request was made (older requests: the requester's). */
export function approverTeamsOf(request: ExceptionRequest): readonly string[] {
  return request.approverTeamIds ?? request.requesterTeamIds;
}

/**
 * Approving and rejecting need the same right. The separation-of-duties rules (never your own
 * request, never both approvals) hold for admins with override too.
 */
export function authorizeDecision(
  actor: ActingUser,
  request: ExceptionRequest,
  step: ApprovalStep,
  priorApprovals: readonly Approval[],
  policy: GateConfig,
): Authorization {
  if (actor.userId === request.requesterUserId) {
    return gateError('SELF_APPROVAL', 'You cannot decide on your own exception request; withdraw it instead if it is no longer needed.');
  }
  if (priorApprovals.some((approval) => approval.approverUserId === actor.userId)) {
    return gateError('SAME_APPROVER_TWICE', 'The senior approval must come from someone other than the first approver.');
  }
  if (step === 'team') {
    if (isTeamApprover(actor.userId, approverTeamsOf(request), policy)) return granted;
    if (hasOverride(actor, policy)) return grantedByOverride;
    return gateError('NOT_AN_APPROVER', "You are not an approver for the deal owner's team.");
  }
  if (isSenior(actor, policy)) return granted;
  if (hasOverride(actor, policy)) return grantedByOverride;
  return gateError('NOT_SENIOR', 'This deal is above the escalation amount; the second approval must come from a senior approver.');
}

/** The app's route setting belongs to the people on the deal; an admin with override may set it too, marked as such. */
export function authorizeRouteChange(actor: ActingUser, deal: DealAccess, policy: GateConfig): Authorization {
  if (deal.ownerUserId === actor.userId || deal.dealTeamUserIds.includes(actor.userId)) return granted;
  if (hasOverride(actor, policy)) return grantedByOverride;
  return gateError('NOT_ON_DEAL', "Only the deal owner or a member of the deal team can set the deal's co-sell route.");
}
