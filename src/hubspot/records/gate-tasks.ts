import { formatUsd } from '../../domain/money.ts';
import type { AuditEntry } from '../../domain/exception/types.ts';
import { REASON_LABELS, ROUTE_LABELS } from '../schema/gate.ts';
import { CLOUD_LABELS } from '../schema/ringfence.ts';
import { escapeNoteText, referenceLine } from './gate-audit.ts';
import { dealTypeLabel } from './gate-request-view.ts';

/**
 * The HubSpot tasks the gate gives people: the approver when a request arrives (and the senior
 * approver after the team approval of an escalated deal), the requester when it is decided. One task
 * per transition: the reference line names the deal and the state version, and the app looks for it
 * before writing, so a retried or replayed request never makes a second task.
 */

export function gateTaskMarker(dealId: string, version: number): string {
  return `cosell-gate-task/v${version}/deal-${dealId}`;
}

export type GateTaskKind = 'decide' | 'senior' | 'decided';

export interface GateTaskText {
  subject: string;
  body: string;
  priority: 'HIGH' | 'MEDIUM';
}

function stakesLines(entry: AuditEntry): string[] {
  const { facts } = entry;
  const stakes = facts.stakes;
  const deal = [
    formatUsd(facts.amountUsd.toFixed(2)),
    facts.cloud ? CLOUD_LABELS[facts.cloud] : null,
    dealTypeLabel(facts.dealType)?.toLowerCase() ?? null,
  ].filter(Boolean);
  return [
    stakes
      ? `<p>What going direct costs: the ${ROUTE_LABELS[stakes.marketplaceRoute]} fee would be ${formatUsd(stakes.feeUsd)}; ${formatUsd(stakes.undrawnCommitmentUsd)} of the customer's cloud commitment would be left undrawn; the AE earns ${formatUsd(stakes.aeCommissionGainUsd)} more commission going direct.${stakes.estimate ? ' These figures are estimates: they rest on an unconfirmed marketplace rule.' : ''}</p>`
      : '',
    `<p>The deal when asked: ${escapeNoteText(deal.join(', '))}.</p>`,
  ];
}

/** The approver's (or senior approver's) task: everything needed to decide, in people's words. */
export function decideTaskText(input: {
  kind: 'decide' | 'senior';
  dealId: string;
  dealName: string;
  requester: string;
  request: AuditEntry;
  teamApprover?: string;
  escalated: boolean;
  /** The version of the transition this task is for. */
  version: number;
}): GateTaskText {
  const { request } = input;
  const route = request.facts.stakes ? ROUTE_LABELS[request.facts.stakes.marketplaceRoute] : ROUTE_LABELS[request.facts.recommendedRoute];
  const lines = [
    input.kind === 'senior'
      ? `<p>${escapeNoteText(input.teamApprover ?? 'The team approver')} approved ${escapeNoteText(input.requester)}'s request to sell ${escapeNoteText(input.dealName)} direct instead of through ${route}. Your senior approval is needed.</p>`
      : `<p>${escapeNoteText(input.requester)} asks to sell ${escapeNoteText(input.dealName)} direct instead of through ${route}.</p>`,
    ...stakesLines(request),
    request.reasonCode ? `<p>Reason: ${REASON_LABELS[request.reasonCode]}.</p>` : '',
    request.comment ? `<p>Justification: "${escapeNoteText(request.comment)}"</p>` : '',
    input.kind === 'decide' && input.escalated ? '<p>A senior approval follows yours.</p>' : '',
    "<p>Approve or reject it on the deal's Cloud co-sell card or on the Routing approvals page.</p>",
    referenceLine(gateTaskMarker(input.dealId, input.version)),
  ];
  return {
    subject: input.kind === 'senior' ? `Senior approval needed: sell ${input.dealName} direct?` : `Decide: sell ${input.dealName} direct?`,
    body: lines.filter(Boolean).join(''),
    priority: 'HIGH',
  };
}

/** The requester's task once the request is approved (finally) or rejected. */
export function decidedTaskText(input: { dealId: string; dealName: string; decider: string; decision: AuditEntry }): GateTaskText {
  const { decision } = input;
  const approved = decision.action === 'approve';
  const marketplace = decision.facts.stakes ? ROUTE_LABELS[decision.facts.stakes.marketplaceRoute] : 'the marketplace';
  const lines = [
    `<p>${escapeNoteText(input.decider)} ${approved ? 'approved' : 'rejected'} your request to sell ${escapeNoteText(input.dealName)} direct${decision.override ? ' (as an admin override)' : ''}.</p>`,
    decision.comment ? `<p>Comment: "${escapeNoteText(decision.comment)}"</p>` : '',
    approved
      ? "<p>Next: set the route to Direct on the deal's Cloud co-sell card. The approval lapses if the deal changes materially or it expires.</p>"
      : `<p>Next: route the deal through ${marketplace}, or ask again if the facts change.</p>`,
    referenceLine(gateTaskMarker(input.dealId, decision.version)),
  ];
  return {
    subject: `Your direct-route exception on ${input.dealName} was ${approved ? 'approved' : 'rejected'}`,
    body: lines.filter(Boolean).join(''),
    priority: 'MEDIUM',
  };
}
