import { z } from 'zod';
import rawMarketplacePolicy from './marketplace-policy.json' with { type: 'json' };
import { describeIssues } from './issues.ts';

/**
 * The versioned marketplace policy table: every fee (F), drawdown (D) and "not advisable" (N) rule from
 * reference/marketplace-policy.md, each row with its effective window and sources. Rows sharing an id are
 * versions of one rule; the engine applies the row in force on the deal's close date.
 */

export const CLOUDS = ['aws', 'azure', 'gcp'] as const;
export type Cloud = (typeof CLOUDS)[number];

const isoDate = z.iso.date();
const decimalText = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal such as "0.015"');

const ruleValueSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('rate'), rate: decimalText }),
  z.strictObject({
    type: z.literal('tiers'),
    tiers: z
      .array(z.strictObject({ fromUsd: decimalText, rate: decimalText }))
      .min(1)
      .refine((tiers) => tiers[0]?.fromUsd === '0', 'the first tier must start at "0"')
      .refine(
        (tiers) => tiers.every((tier, i) => i === 0 || Number(tier.fromUsd) > Number(tiers[i - 1]!.fromUsd)),
        'tiers must be in ascending order of fromUsd',
      ),
  }),
  z.strictObject({ type: z.literal('band'), fromUsd: decimalText, belowUsd: decimalText, rate: decimalText }),
  z.strictObject({
    type: z.literal('namedRates'),
    rates: z.strictObject({
      newUnder1M: decimalText,
      newFrom10M: decimalText,
      movedFromOtherChannel: decimalText,
      publicOffer: decimalText,
    }),
  }),
  z.strictObject({ type: z.literal('surcharge'), points: decimalText }),
  z.strictObject({
    type: z.literal('awsDrawdown'),
    countedShare: decimalText,
    pre2022CountedShare: decimalText,
    defaultCapShare: decimalText,
  }),
  z.strictObject({ type: z.literal('drawdownShare'), share: decimalText }),
  z.strictObject({ type: z.literal('countries'), countries: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1) }),
  z.strictObject({ type: z.literal('condition') }),
]);

export const policyRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[FDN]\d+$/, 'rule ids are F, D or N followed by a number'),
    kind: z.enum(['fee', 'drawdown', 'blocker']),
    clouds: z.array(z.enum(CLOUDS)).min(1),
    summary: z.string().min(1),
    value: ruleValueSchema,
    /** Inclusive; null when the start is unknown (the rule applies to any earlier date). */
    effectiveFrom: isoDate.nullable(),
    /** Inclusive; null while the rule is current. */
    effectiveUntil: isoDate.nullable(),
    sources: z.array(z.url()).min(1),
    sourceNote: z.string().optional(),
    /** C: the cloud's own documentation; 2°: third-party reporting; U: unconfirmed or conflicting. */
    confidence: z.enum(['C', '2°', 'U']),
    /** Shown as an estimate wherever used: all U rows, and 2° rows for terms the cloud does not publish. */
    estimate: z.boolean(),
  })
  .refine((rule) => rule.confidence !== 'U' || rule.estimate, {
    message: 'unconfirmed (U) rules must be flagged as estimates',
    path: ['estimate'],
  })
  .refine((rule) => !rule.effectiveFrom || !rule.effectiveUntil || rule.effectiveFrom <= rule.effectiveUntil, {
    message: 'effectiveUntil is before effectiveFrom',
    path: ['effectiveUntil'],
  });

export const marketplacePolicySchema = z
  .strictObject({
    version: z.string().min(1),
    researchedOn: isoDate,
    rules: z.array(policyRuleSchema).min(1),
  })
  .superRefine((policy, ctx) => {
    policy.rules.forEach((rule, index) => {
      const clash = policy.rules.findIndex(
        (other, otherIndex) =>
          otherIndex < index && other.id === rule.id && other.clouds.some((cloud) => rule.clouds.includes(cloud)) && windowsOverlap(other, rule),
      );
      if (clash >= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${rule.id} overlaps rules[${clash}] for the same cloud and dates`,
          path: ['rules', index, 'effectiveFrom'],
        });
      }
    });
  });

export type PolicyRule = z.infer<typeof policyRuleSchema>;
export type PolicyRuleValue = PolicyRule['value'];
export type MarketplacePolicy = z.infer<typeof marketplacePolicySchema>;

function windowsOverlap(a: PolicyRule, b: PolicyRule): boolean {
  const startsBeforeBEnds = !a.effectiveFrom || !b.effectiveUntil || a.effectiveFrom <= b.effectiveUntil;
  const endsAfterBStarts = !a.effectiveUntil || !b.effectiveFrom || a.effectiveUntil >= b.effectiveFrom;
  return startsBeforeBEnds && endsAfterBStarts;
}

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** Validates a policy table; the error names each offending row and field. */
export function parseMarketplacePolicy(raw: unknown): MarketplacePolicy {
  const parsed = marketplacePolicySchema.safeParse(raw);
  if (!parsed.success) throw new PolicyError(`marketplace policy: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The policy table shipped with the app. */
export const marketplacePolicy: MarketplacePolicy = parseMarketplacePolicy(rawMarketplacePolicy);
