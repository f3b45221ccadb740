import type { AuditEntry, FactsSnapshot, Route } from '../../domain/exception/types.ts';
import { CLOUD_LABELS } from '../../domain/routing/engine.ts';
import { REASON_LABELS, ROUTE_LABELS, STATUS_LABELS } from '../schema/gate.ts';
import { optionLabel } from '../schema/labels.ts';

/**
 * Audit notes for the exception gate. Each note carries a reference line that names the transition
 * it records; the app looks for it before writing, so a retried call or a repair never writes a
 * second note for the same transition.
 */

const ACTION_TITLES: Record<AuditEntry['action'], string> = {
  request: 'requested',
  withdraw: 'withdrawn',
  approve: 'approved',
  reject: 'rejected',
  invalidate: 'invalidated (the deal changed)',
  expire: 'expired',
};

export function escapeNoteText(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function auditMarker(dealId: string, entry: Pick<AuditEntry, 'version' | 'idempotencyKey'>): string {
  return `cosell-gate/${dealId}/v${entry.version}/${entry.idempotencyKey}`;
}

export function routeMarker(dealId: string, idempotencyKey: string): string {
  return `cosell-route/${dealId}/${idempotencyKey}`;
}

/** One violation per stage entry: the marker names the deal and when it entered the gated stage. */
export function violationMarker(dealId: string, enteredAt: Date): string {
  return `cosell-gate-violation/${dealId}/${enteredAt.getTime()}`;
}

export function incompleteRoutingMarker(dealId: string, enteredAt: Date): string {
  return `cosell-gate-incomplete/${dealId}/${enteredAt.getTime()}`;
}

/** The reference line every app note ends with; markers use only characters HTML leaves alone. */
export function referenceLine(marker: string): string {
  return `<p>Ref: ${marker}</p>`;
}

/** HubSpot's own deal types, as its deal record shows them (ours are labelled by the app's schema). */
const NATIVE_DEAL_TYPES: Readonly<Record<string, string>> = { newbusiness: 'New business', existingbusiness: 'Existing business' };

/** The facts in people's words: labels, never stored values. */
function factsLine(facts: FactsSnapshot): string {
  const dealType = facts.dealType === null ? 'none' : (NATIVE_DEAL_TYPES[facts.dealType] ?? optionLabel('deals', 'cosell_deal_type', facts.dealType));
  const cloud = facts.cloud ? CLOUD_LABELS[facts.cloud] : 'none';
  return `<p>Facts: amount ${facts.amountUsd} USD; cloud ${cloud}; deal type ${escapeNoteText(dealType)}; the gate recommends ${ROUTE_LABELS[facts.recommendedRoute]}.</p>`;
}

export function auditNoteBody(dealId: string, entry: AuditEntry, nameOf: (userId: string | null) => string): string {
  const who = entry.actorUserId === null ? 'the app (automatic)' : `${nameOf(entry.actorUserId)} (HubSpot user ${entry.actorUserId})`;
  const lines = [
    `<p><strong>Direct-route exception ${ACTION_TITLES[entry.action]}</strong>${entry.override ? ' <strong>by admin override</strong>' : ''}</p>`,
    `<p>By ${escapeNoteText(who)} at ${entry.at}; status ${STATUS_LABELS[entry.from]} → ${STATUS_LABELS[entry.to]} (version ${entry.version}).</p>`,
    entry.reasonCode ? `<p>Reason: ${REASON_LABELS[entry.reasonCode]}</p>` : '',
    entry.comment ? `<p>${entry.action === 'request' ? 'Justification' : 'Comment'}: ${escapeNoteText(entry.comment)}</p>` : '',
    factsLine(entry.facts),
    referenceLine(auditMarker(dealId, entry)),
  ];
  return lines.filter(Boolean).join('');
}

export function routeNoteBody(input: {
  dealId: string;
  route: Route;
  previous: Route | null;
  actorName: string;
  actorUserId: string;
  at: Date;
  basis: string;
  idempotencyKey: string;
}): string {
  return [
    `<p><strong>Co-sell route set to ${ROUTE_LABELS[input.route]}</strong> (was ${input.previous ? ROUTE_LABELS[input.previous] : 'not set'})</p>`,
    `<p>By ${escapeNoteText(input.actorName)} (HubSpot user ${input.actorUserId}) at ${input.at.toISOString()}. ${escapeNoteText(input.basis)}</p>`,
    referenceLine(routeMarker(input.dealId, input.idempotencyKey)),
  ].join('');
}

/** The note (and the manager's task body) for a deal caught in a gated stage without a valid approval. */
export function violationNoteBody(input: {
  dealId: string;
  message: string;
  /** The stage as people know it (see `dealStageLabel`). */
  stage: string;
  changedBy: string;
  detectedAt: Date;
  facts: FactsSnapshot | null;
  movedBackTo: string | null;
  /** The manager who was given a task, or null when policy names nobody with a HubSpot owner. */
  notified: string | null;
  marker: string;
  kind?: 'violation' | 'incomplete';
}): string {
  return [
    `<p><strong>${input.kind === 'incomplete' ? 'Routing incomplete in a gated stage' : 'Gate violation'}</strong>: ${escapeNoteText(input.message)}</p>`,
    `<p>${escapeNoteText(input.stage)} entered at ${input.detectedAt.toISOString()}; last change by ${escapeNoteText(input.changedBy)}.</p>`,
    input.facts ? factsLine(input.facts) : '',
    input.movedBackTo ? `<p>Policy moves such deals back: the deal was moved back to ${escapeNoteText(input.movedBackTo)}.</p>` : '',
    input.notified
      ? `<p>${escapeNoteText(input.notified)} was given a task to review it.</p>`
      : '<p>No approver with a HubSpot owner was found to notify; check the gate policy.</p>',
    referenceLine(input.marker),
  ].join('');
}

export function violationTaskSubject(dealName: string): string {
  return `Gate violation: ${dealName} went direct without an approved exception`;
}
