import { z } from 'zod';
import type { PipelineConfig } from './pipeline-config.ts';
import type { RoutingConfig } from './routing-config.ts';
import type { Cloud } from './marketplace-policy.ts';

const days = z.number().int().positive();
const perCloud = <T extends z.ZodType>(value: T) => z.strictObject({ aws: value, azure: value, gcp: value });

/**
 * Co-sell thresholds the RevOps admin sets. Days count whole calendar days; amounts are in the
 * portal's company currency, like the deal amount. Unknown keys are refused, so a stale or misspelt
 * field fails validation instead of being ignored.
 */
export const cosellConfigSchema = z.strictObject({
  version: z.string().min(1),
  /** Deals below this amount are held rather than shared with that cloud. */
  minDealSize: perCloud(z.number().nonnegative()),
  /** A shared opportunity is stalled once it has been in one co-sell status for more than this many days. */
  stalledDays: z.strictObject({
    draft: days,
    submitted: days,
    in_review: days,
    action_required: days,
    accepted: days,
  }),
  /** A stage-one deal with no stage progress for this many days is zombie pipeline. */
  zombieDays: days,
  /** Below this share of accepted submissions, advise more selectivity. 0 to 1. */
  minAcceptanceRate: z.number().min(0).max(1),
  /** Decided submissions needed before the acceptance rate is trusted. */
  minAcceptanceSample: z.number().int().nonnegative(),
  /** "Recent" for the acceptance rate: decisions made within this many days. */
  acceptanceRateWindowDays: days,
  /** Supporting signals (commitment, named contact, listing) a deal needs before we advise submitting. */
  minSupportingSignals: z.number().int().min(0).max(3),
  /**
   * HubSpot user ids who own the deals made from AWS referrals, in turn. Only alliance managers
   * (ring-fence policy) accept or reject a referral, so list alliance managers. Empty: every alliance
   * manager takes a turn.
   */
  awsReferralOwnerUserIds: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\d{1,20}$/, 'must be a numeric HubSpot user id'),
    )
    .default([]),
});

export type CosellConfig = z.infer<typeof cosellConfigSchema>;

export const defaultCosellConfig: CosellConfig = cosellConfigSchema.parse({
  version: '2026-11-01',
  minDealSize: { aws: 25_000, azure: 25_000, gcp: 25_000 },
  stalledDays: { draft: 14, submitted: 7, in_review: 10, action_required: 5, accepted: 45 },
  zombieDays: 60,
  minAcceptanceRate: 0.5,
  minAcceptanceSample: 10,
  acceptanceRateWindowDays: 180,
  minSupportingSignals: 1,
  awsReferralOwnerUserIds: [],
});

/**
 * What the co-sell rules read from the portal policy: their own section, plus stage one from the
 * pipeline section and our marketplace listings from the routing section, so each is defined once.
 */
export interface CoSellPolicy {
  cosell: CosellConfig;
  stageOneStageIds: readonly string[];
  listedOn: Readonly<Record<Cloud, boolean>>;
}

export function coSellPolicyOf(policy: { cosell: CosellConfig; pipeline: PipelineConfig; routing: RoutingConfig }): CoSellPolicy {
  const { clouds } = policy.routing;
  return {
    cosell: policy.cosell,
    stageOneStageIds: policy.pipeline.stageOneStageIds,
    listedOn: { aws: clouds.aws.listed, azure: clouds.azure.listed, gcp: clouds.gcp.listed },
  };
}
