import { z } from 'zod';

const days = z.number().int().positive();
const perCloud = <T extends z.ZodType>(value: T) => z.object({ aws: value, microsoft: value, google: value });

/**
 * Co-sell thresholds the RevOps admin sets. Days count whole calendar days; amounts are in the
 * portal's company currency, like the deal amount.
 */
export const cosellConfigSchema = z.object({
  version: z.string().min(1),
  /** Deals below this amount are held rather than shared with that cloud. */
  minDealSize: perCloud(z.number().nonnegative()),
  /** Our own listing on each cloud's marketplace (a reason the cloud's sellers will engage). */
  listedOnCloud: perCloud(z.boolean()),
  /** A shared opportunity is stalled once it has been in one co-sell status for more than this many days. */
  stalledDays: z.object({
    draft: days,
    submitted: days,
    in_review: days,
    action_required: days,
    accepted: days,
  }),
  /** HubSpot deal stage ids that count as stage one (HubSpot's default pipeline ids shown in the default). */
  stageOnePipelineStageIds: z.array(z.string().min(1)).min(1),
  /** A stage-one deal with no stage progress for this many days is zombie pipeline. */
  zombieDays: days,
  /** Below this share of accepted submissions, advise more selectivity. 0 to 1. */
  minAcceptanceRate: z.number().min(0).max(1),
  /** Decided submissions needed before the acceptance rate is trusted. */
  minAcceptanceSample: z.number().int().nonnegative(),
  /** Supporting signals (commitment, named contact, listing) a deal needs before we advise submitting. */
  minSupportingSignals: z.number().int().min(0).max(3),
});

export type CosellConfig = z.infer<typeof cosellConfigSchema>;

export const defaultCosellConfig: CosellConfig = cosellConfigSchema.parse({
  version: '2026-11-01',
  minDealSize: { aws: 25_000, microsoft: 25_000, google: 25_000 },
  listedOnCloud: { aws: false, microsoft: false, google: false },
  stalledDays: { draft: 14, submitted: 7, in_review: 10, action_required: 5, accepted: 45 },
  stageOnePipelineStageIds: ['appointmentscheduled', 'qualifiedtobuy'],
  zombieDays: 60,
  minAcceptanceRate: 0.5,
  minAcceptanceSample: 10,
  minSupportingSignals: 1,
});
