import { z } from 'zod';
import { describeIssues } from './issues.ts';

/**
 * The vendor's own routing settings, edited by RevOps. Percentages are written as percent numbers
 * (8 means 8%). Unknown keys are rejected so that a typo cannot silently fall back to a default.
 */

const percent = z.number().min(0).max(100);
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "USD"');

const listingSettings = {
  /** We have a transactable listing on this cloud's marketplace. */
  listed: z.boolean(),
  privateOffersEnabled: z.boolean(),
};

export const routingConfigSchema = z
  .strictObject({
    vendorName: z.string().min(1),
    homeCurrency: currencyCode,
    /**
     * The delivery model assumed for a deal whose line items name no product with one and whose AE set
     * none: the card says it is the portal default. Omitted: SaaS.
     */
    defaultDeliveryModel: z.enum(['saas', 'ami', 'container', 'services']).default('saas'),
    /** USD per one unit of the home currency; required unless the home currency is USD. */
    usdPerHomeCurrency: z.number().positive().optional(),
    aeCompensation: z.strictObject({
      /** Net plans pay commission on revenue after the marketplace fee; gross plans ignore the fee. */
      basis: z.enum(['gross', 'net']),
      commissionPercent: percent,
    }),
    /** When a marketplace route retires at least this share of the deal, going direct needs an approved exception. */
    marketplaceRequiredAtDrawdownPercent: percent,
    clouds: z.strictObject({
      aws: z.strictObject({
        ...listingSettings,
        /** Our SaaS carries the "Deployed on AWS" badge (rule D2). */
        deployedOnAws: z.boolean(),
        /** Default share of a customer's annual commitment that marketplace spend may retire; omitted: rule D1's default. */
        drawdownCapPercent: z.number().gt(0).max(100).optional(),
      }),
      azure: z.strictObject({
        ...listingSettings,
        /** Our offer is Azure IP co-sell eligible and enrolled for the MACC benefit (rule D5). */
        maccEligible: z.boolean(),
      }),
      gcp: z.strictObject({
        ...listingSettings,
        /** Our product runs on Google Cloud (rule D6). */
        runsOnGoogleCloud: z.boolean(),
        /** We opted into resale through Google channel partners (rule D6). */
        resaleOptIn: z.boolean(),
      }),
    }),
  })
  .superRefine((config, ctx) => {
    if (config.homeCurrency !== 'USD' && config.usdPerHomeCurrency === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `required when homeCurrency is ${config.homeCurrency} (USD per 1 ${config.homeCurrency})`,
        path: ['usdPerHomeCurrency'],
      });
    }
  });

export type RoutingConfig = z.infer<typeof routingConfigSchema>;

export class RoutingConfigError extends Error {
  override name = 'RoutingConfigError';
}

/** Validates RevOps' routing config at load; the error names every offending field. */
export function parseRoutingConfig(raw: unknown): RoutingConfig {
  const parsed = routingConfigSchema.safeParse(raw);
  if (!parsed.success) throw new RoutingConfigError(`routing config: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The demo vendor: listed on all three clouds, paying AEs on net revenue. */
export const defaultRoutingConfig: RoutingConfig = parseRoutingConfig({
  vendorName: 'Demo Software Inc.',
  homeCurrency: 'USD',
  defaultDeliveryModel: 'saas',
  aeCompensation: { basis: 'net', commissionPercent: 8 },
  marketplaceRequiredAtDrawdownPercent: 20,
  clouds: {
    aws: { listed: true, privateOffersEnabled: true, deployedOnAws: true, drawdownCapPercent: 25 },
    azure: { listed: true, privateOffersEnabled: true, maccEligible: true },
    gcp: { listed: true, privateOffersEnabled: true, runsOnGoogleCloud: true, resaleOptIn: false },
  },
});
