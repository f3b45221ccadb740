import type { RingfenceConfig } from '../../policy/ringfence-config.ts';
import { CONFLICT_WHAT_MAX, MAX_CONFLICTS_PER_DEAL, marketingSourceOf, type AttributionConflict, type DealAttribution, type DealFacts } from './deal.ts';
import type { AttributionBasis } from './attribution-company.ts';
import type { RingfenceState, RingfenceSummary } from './state.ts';
import { claimsDealCreatedAt } from './window.ts';

/** Inbound activity on a deal's contacts, as the caller found it (contact creation, form submissions). */
export interface InboundActivity {
  kind: 'new_contact' | 'form_submission';
  /** What happened, e.g. "contact jo@acme.com created" or "form 'Contact sales' submitted by jo@acme.com". */
  what: string;
  at: Date;
}

export interface AttributionResult {
  /** The deal's attribution after this computation (null: the alliance does not claim it). */
  attribution: DealAttribution | null;
  /** False when the deal already carries exactly this attribution, so the write can be skipped. */
  changed: boolean;
}

/**
 * Attributes a deal to the alliance when it was created inside one of the company's ring-fence
 * windows. Inbound activity after registration does not take the deal away; it is recorded as a
 * conflict. Deals outside every window keep whatever they had. Same inputs, same output.
 */
export function attributeDeal(
  state: RingfenceState,
  deal: DealFacts,
  inboundActivity: readonly InboundActivity[],
  config: RingfenceConfig,
  basis?: AttributionBasis,
): AttributionResult {
  const claim = claimingRingfence(state, deal, config);
  if (!claim) return { attribution: deal.attribution, changed: false };

  const keptConflicts = deal.attribution?.ringfenceId === claim.id ? deal.attribution.conflicts : [];
  const attribution: DealAttribution = {
    source: 'alliance',
    ownerUserId: claim.ownerUserId,
    ringfenceId: claim.id,
    cloud: claim.cloud,
    conflicts: mergeConflicts([...keptConflicts, ...conflictsFor(claim, deal, inboundActivity, config)]),
    ...(basis ? { basis } : {}),
  };
  return { attribution, changed: !sameAttribution(deal.attribution, attribution) };
}

function claimingRingfence(state: RingfenceState, deal: DealFacts, config: RingfenceConfig): RingfenceSummary | null {
  const ringfences: RingfenceSummary[] = state.current ? [state.current, ...state.past] : state.past;
  return ringfences.find((ringfence) => claimsDealCreatedAt(ringfence, deal.createdAt, config.timeZone)) ?? null;
}

function conflictsFor(claim: RingfenceSummary, deal: DealFacts, inboundActivity: readonly InboundActivity[], config: RingfenceConfig): AttributionConflict[] {
  const registeredAt = Date.parse(claim.registeredAt);
  const conflicts = inboundActivity
    .filter((activity) => activity.at.getTime() >= registeredAt)
    .map((activity) => conflict(activity.kind, activity.what, activity.at));
  const marketingSource = marketingSourceOf(deal, config);
  // The deal was created inside the window, so its marketing source is by definition after registration.
  if (marketingSource) conflicts.push(conflict('marketing_deal_source', marketingSource, deal.createdAt));
  return conflicts;
}

function conflict(kind: AttributionConflict['kind'], what: string, at: Date): AttributionConflict {
  const trimmed = what.trim() || kind;
  return { kind, what: trimmed.slice(0, CONFLICT_WHAT_MAX), at: at.toISOString() };
}

/**
 * Deduplicated, in a fixed order (earliest first) and capped, so recomputation is stable. One contact
 * is one conflict: when it is known both as a new contact and as a form submission, the form wins.
 */
function mergeConflicts(conflicts: readonly AttributionConflict[]): AttributionConflict[] {
  const byKey = new Map<string, AttributionConflict>();
  for (const item of conflicts) {
    const normalised = { kind: item.kind, what: item.what, at: new Date(item.at).toISOString() };
    const key = conflictKey(normalised);
    if (byKey.get(key)?.kind !== 'form_submission') byKey.set(key, normalised);
  }
  // Keys start with the ISO instant, so ordering by key is chronological.
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item)
    .slice(0, MAX_CONFLICTS_PER_DEAL);
}

function conflictKey(item: AttributionConflict): string {
  const subject = item.kind === 'marketing_deal_source' ? item.kind : 'contact';
  return `${item.at}|${subject}|${item.what}`;
}

function sameAttribution(before: DealAttribution | null, after: DealAttribution): boolean {
  if (!before) return false;
  return (
    before.source === after.source &&
    before.ownerUserId === after.ownerUserId &&
    before.ringfenceId === after.ringfenceId &&
    before.cloud === after.cloud &&
    before.basis === after.basis &&
    JSON.stringify(before.conflicts) === JSON.stringify(after.conflicts)
  );
}
