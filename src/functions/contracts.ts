import { z } from 'zod';
import { companySummarySchema, dealSummarySchema } from './summaries.ts';
import { integritySectionSchema } from './integrity-view.ts';
import { commonErrors, defineFunction } from './contract.ts';
import { coSellSectionSchema } from './deal/cosell.ts';
import { attributionSectionSchema } from './deal/attribution.ts';
import { companyRingfenceSectionSchema } from './ringfence/view.ts';
import { gateSectionSchema } from './deal/gate.ts';
import { routingSectionSchema } from './deal/routing.ts';
import { commitmentsSectionSchema } from '../hubspot/records/commitments.ts';

export const dealCosellContract = defineFunction({
  uid: 'deal_cosell',
  file: 'deal-cosell',
  summary: 'Everything the "Cloud co-sell" deal card shows for one deal.',
  callers: 'Anyone who can open the deal record (read-only).',
  objectType: 'deals',
  propertiesToSend: ['hs_object_id'],
  parameters: z
    .object({
      viewerUserId: z
        .string()
        .regex(/^\d{1,20}$/, 'must be a numeric HubSpot user id')
        .optional()
        .describe(
          "The card's context.user.id, for display hints only (which buttons to show). Never used to authorise: decisions go to the backend, which takes the user from HubSpot's signature.",
        ),
    })
    .strict(),
  result: z.object({
    deal: dealSummarySchema,
    company: companySummarySchema.nullable(),
    cosell: coSellSectionSchema,
    attribution: attributionSectionSchema,
    routing: routingSectionSchema,
    gate: gateSectionSchema,
  }),
  errors: commonErrors,
});

export const companyAllianceContract = defineFunction({
  uid: 'company_alliance',
  file: 'company-alliance',
  summary: 'Everything the "Alliance attribution" company card shows for one company.',
  callers: 'Anyone who can open the company record (read-only).',
  objectType: 'companies',
  propertiesToSend: ['hs_object_id', 'name', 'domain', 'country', 'hubspot_owner_id'],
  parameters: z.object({}).strict(),
  result: z.object({
    company: companySummarySchema,
    deals: z.array(dealSummarySchema),
    ringfence: companyRingfenceSectionSchema,
    /** Each cloud's commitment: as an alliance manager recorded it in the app, else from the company's properties. */
    commitments: commitmentsSectionSchema,
    /** Whether the ring-fence shown is the app's own, and what was changed outside the app. */
    integrity: integritySectionSchema,
  }),
  errors: commonErrors,
});

/** Every function the app ships, in catalogue order. */
export const functionContracts = [dealCosellContract, companyAllianceContract] as const;

export type DealCosellResult = z.infer<typeof dealCosellContract.result>;
export type CompanyAllianceResult = z.infer<typeof companyAllianceContract.result>;
