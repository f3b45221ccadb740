import { z } from 'zod';
import { CLOUDS } from '../../policy/marketplace-policy.ts';
import { Exact, isDecimalString } from '../money.ts';
import { normalizeCountry } from './country.ts';
import type { RoutingPolicy } from './policy.ts';
import type { CloudCommitment, RoutingInput } from './types.ts';

/**
 * Flat, record-like routing values (strings, numbers, booleans, as a CLI or a HubSpot record carries them)
 * and the one function that turns them into engine input. The CLI and the HubSpot mapping both go through
 * here; they only rename fields in errors to the names their users know.
 */

/** Missing values read "is required" rather than zod's type-mismatch wording. */
const requiredMessage = {
  error: (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? 'is required' : undefined),
};

// Strings first in each union: HubSpot and the CLI send strings, and a failed first branch costs an issue object.
const amount = z.union([z.string().trim(), z.number()], requiredMessage).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(value) : value;
  if (!isDecimalString(text) || text.startsWith('-')) {
    ctx.addIssue({ code: 'custom', message: `expected a non-negative amount such as 1000000.00, got "${text}"` });
    return z.NEVER;
  }
  return Exact.parse(text);
});

const HUNDRED = Exact.parse('100');
const percentValue = amount.refine((value) => !value.greaterThan(HUNDRED), 'expected a percentage from 0 to 100');

/** YYYY-MM-DD, an ISO date-time, or epoch milliseconds (HubSpot sends either of the last two); read as a UTC date. */
const dateLike = z.union([z.string().trim(), z.number()], requiredMessage).transform((value, ctx) => {
  const text = String(value);
  const millis = /^\d+$/.test(text)
    ? Number(text)
    : /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text)
      ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)
      : Number.NaN;
  const date = Number.isNaN(millis) ? undefined : new Date(millis).toISOString().slice(0, 10);
  // A plain date must round-trip, so that 2026-02-30 is rejected rather than rolled into March.
  if (date && (text.length !== 10 || date === text)) return date;
  ctx.addIssue({ code: 'custom', message: `expected a date such as 2026-03-31, got "${text}"` });
  return z.NEVER;
});

const boolLike = z.union([z.string().trim().toLowerCase(), z.boolean()]).transform((value, ctx) => {
  if (typeof value === 'boolean') return value;
  if (['true', 'yes', '1'].includes(value)) return true;
  if (['false', 'no', '0'].includes(value)) return false;
  ctx.addIssue({ code: 'custom', message: `expected true or false, got "${value}"` });
  return z.NEVER;
});

const country = z
  .string()
  .trim()
  .min(1)
  .transform((value) => normalizeCountry(value));

const flatCommitmentSchema = z
  .object({
    program: z.string(requiredMessage).trim().min(1),
    annualCommitment: amount.nullish(),
    remainingCapacity: amount.nullish(),
    marketplaceSpendCounted: amount.nullish(),
    startDate: dateLike.nullish(),
    endDate: dateLike.nullish(),
    country: country.nullish(),
    drawdownCapPercent: percentValue.nullish(),
    marketplacePurchasingBlocked: boolLike.nullish(),
  })
  .superRefine((commitment, ctx) => {
    if (!commitment.annualCommitment && !commitment.remainingCapacity) {
      ctx.addIssue({
        code: 'custom',
        message: 'a commitment needs its annual amount or its remaining drawdown capacity',
        path: ['annualCommitment'],
      });
    }
    if (commitment.marketplaceSpendCounted && !commitment.annualCommitment) {
      ctx.addIssue({
        code: 'custom',
        message: 'marketplace spend counted needs the annual commitment it is capped against',
        path: ['marketplaceSpendCounted'],
      });
    }
  });

export const flatRoutingInputSchema = z.object({
  tcv: amount.refine((value) => !value.isZero(), 'the total contract value must be above zero'),
  /** Defaults to the vendor's home currency (HubSpot leaves deal_currency_code empty for the company currency). */
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD')
    .nullish(),
  closeDate: dateLike,
  dealType: z.enum(['new', 'renewal', 'expansion']).default('new'),
  delivery: z.enum(['saas', 'ami', 'container', 'services'], requiredMessage),
  offer: z.enum(['private', 'public']).default('private'),
  channelPartner: boolLike.nullish(),
  governmentCloud: boolLike.nullish(),
  customerCountry: country.nullish(),
  /** Clouds to evaluate; all three when omitted or empty. */
  clouds: z.array(z.enum(CLOUDS)).nullish(),
  commitments: z
    .object({
      aws: flatCommitmentSchema.nullish(),
      azure: flatCommitmentSchema.nullish(),
      gcp: flatCommitmentSchema.nullish(),
    })
    .nullish(),
});

export type FlatRoutingInput = z.input<typeof flatRoutingInputSchema>;

export interface InputIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** Bad routing input; `issues` carry paths into the flat input so callers can name their own fields. */
export class RoutingInputError extends Error {
  override name = 'RoutingInputError';

  constructor(readonly issues: readonly InputIssue[]) {
    super(issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; '));
  }

  /** The issues rendered with the caller's field names. */
  describe(nameOf: (path: ReadonlyArray<PropertyKey>) => string): string {
    return this.issues.map((issue) => `${nameOf(issue.path)}: ${issue.message}`).join('; ');
  }
}

/**
 * Validates flat values and builds engine input, converting the deal amount to USD with the configured
 * rate. `vendor` is the deal's own offer facts (see `resolveOffer`); the portal's settings by default.
 */
export function buildRoutingInput(flat: unknown, policy: RoutingPolicy, vendor: RoutingInput['vendor'] = policy.config.clouds): RoutingInput {
  const parsed = flatRoutingInputSchema.safeParse(flat);
  if (!parsed.success) {
    throw new RoutingInputError(parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })));
  }
  const values = parsed.data;
  const { homeCurrency } = policy.config;
  const currency = values.currency ?? homeCurrency;
  if (currency !== 'USD' && currency !== homeCurrency) {
    throw new RoutingInputError([
      {
        path: ['currency'],
        message: `no USD rate for ${currency}: the routing config converts only its home currency ${homeCurrency}`,
      },
    ]);
  }
  const commitments: RoutingInput['commitments'] = {};
  for (const cloud of CLOUDS) {
    const commitment = values.commitments?.[cloud];
    if (commitment) commitments[cloud] = toCommitment(commitment);
  }
  return {
    deal: {
      tcv: values.tcv,
      currency,
      tcvUsd: currency === 'USD' ? values.tcv : values.tcv.times(policy.usdPerHomeCurrency),
      closeDate: values.closeDate,
      dealType: values.dealType,
      delivery: values.delivery,
      offer: values.offer,
      channelPartner: values.channelPartner ?? false,
      governmentCloud: values.governmentCloud ?? false,
      customerCountry: values.customerCountry ?? null,
      clouds: values.clouds && values.clouds.length > 0 ? CLOUDS.filter((cloud) => values.clouds!.includes(cloud)) : CLOUDS,
    },
    commitments,
    vendor,
  };
}

function toCommitment(values: z.output<typeof flatCommitmentSchema>): CloudCommitment {
  return {
    program: values.program,
    annualCommitment: values.annualCommitment ?? null,
    remainingCapacity: values.remainingCapacity ?? null,
    marketplaceSpendCounted: values.marketplaceSpendCounted ?? null,
    startDate: values.startDate ?? null,
    endDate: values.endDate ?? null,
    country: values.country ?? null,
    drawdownCapPercent: values.drawdownCapPercent ?? null,
    marketplacePurchasingBlocked: values.marketplacePurchasingBlocked ?? false,
  };
}
