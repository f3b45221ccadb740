import { z } from 'zod';
import { analyticsSourceLabel, type RingfenceConfig } from '../../policy/ringfence-config.ts';
import { CLOUDS, idSchema } from './state.ts';

export const CONFLICT_KINDS = ['new_contact', 'form_submission', 'marketing_deal_source'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const CONFLICT_KIND_LABELS: Record<ConflictKind, string> = {
  new_contact: 'New inbound contact',
  form_submission: 'Web form submission',
  marketing_deal_source: 'Marketing deal source',
};

/** Conflict descriptions are clipped to this length so the conflicts property stays small. */
export const CONFLICT_WHAT_MAX = 200;
/** Conflicts kept per deal (earliest first); enough to show the dispute without growing without bound. */
export const MAX_CONFLICTS_PER_DEAL = 50;

export const attributionConflictSchema = z.strictObject({
  kind: z.enum(CONFLICT_KINDS),
  what: z.string().min(1).max(CONFLICT_WHAT_MAX),
  at: z.iso.datetime({ offset: true }),
});
export type AttributionConflict = z.infer<typeof attributionConflictSchema>;

/** Alliance attribution the app wrote on a deal. Deals the alliance did not source carry none. */
export const dealAttributionSchema = z.strictObject({
  source: z.literal('alliance'),
  ownerUserId: idSchema,
  ringfenceId: idSchema,
  cloud: z.enum(CLOUDS),
  conflicts: z.array(attributionConflictSchema).max(MAX_CONFLICTS_PER_DEAL),
  /** Why this company's ring-fence, when the deal is on several companies. */
  basis: z.enum(['only_ringfenced_company', 'primary_company', 'earliest_ringfence']).optional(),
});
export type DealAttribution = z.infer<typeof dealAttributionSchema>;

/** A deal as the domain needs it, mapped from HubSpot deal properties. */
export interface DealFacts {
  id: string;
  name: string;
  createdAt: Date;
  ownerUserId: string | null;
  pipelineId: string;
  stageId: string;
  isClosed: boolean;
  /** HubSpot's `hs_analytics_source`. */
  analyticsSource: string | null;
  /** The portal's deal-source field named in policy (`dealSourceProperty`). */
  dealSource: string | null;
  attribution: DealAttribution | null;
}

/** A deal-source option as the app's setup labels it ("marketing" reads "Marketing"). */
const dealSourceLabel = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** Why a deal counts as marketing-sourced, in people's words, e.g. "original source: Organic search"; null if it does not. */
export function marketingSourceOf(deal: DealFacts, config: RingfenceConfig): string | null {
  if (deal.dealSource !== null && config.marketingDealSourceValues.includes(deal.dealSource)) {
    return `deal source: ${dealSourceLabel(deal.dealSource)}`;
  }
  if (deal.analyticsSource !== null && config.inboundAnalyticsSources.includes(deal.analyticsSource)) {
    return `original source: ${analyticsSourceLabel(deal.analyticsSource)}`;
  }
  return null;
}
