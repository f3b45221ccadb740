/**
 * HubSpot records (property bags: every value a string or null) -> co-sell domain inputs.
 * A bad value is a zod error naming the property; nothing downstream sees it.
 */
import { InvitationStatus, OpportunityOrigin, ReviewStatus, SalesInvolvementType, Stage } from '@aws-sdk/client-partnercentral-selling';
import { z } from 'zod';
import type { AceDealInput } from '../../domain/ace/readiness.ts';
import { CLOUDS, type Cloud } from '../../domain/cosell/clouds.ts';
import type { CustomerCommitment, SelectivityInput } from '../../domain/cosell/selectivity.ts';
import type { ZombieInput } from '../../domain/cosell/stalled.ts';
import { GOOGLE_SUBMISSION_STATES, MICROSOFT_REFERRAL_STATUSES, MICROSOFT_REFERRAL_SUBSTATUSES, type DealCoSellRaw } from '../../domain/cosell/status.ts';

export type HubSpotPropertyBag = Record<string, string | null>;

/** HubSpot sends cleared values as "" and unrequested ones not at all: both mean "no value". */
const blank = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);
const text = z.preprocess(blank, z.string().trim().nullable());
const oneOf = <T extends Readonly<Record<string, string>> | readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blank, z.enum(values as never).nullable()) as unknown as z.ZodType<(T extends readonly string[] ? T[number] : T[keyof T]) | null>;
const multi = z.preprocess(blank, z.string().nullable()).transform((v) =>
  v
    ? v
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)
    : [],
);
const number = z.preprocess(blank, z.string().nullable()).pipe(
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
    .nullable(),
);
const bool = z.preprocess(blank, z.enum(['true', 'false']).nullable()).transform((v) => v === 'true');
/** HubSpot date properties: YYYY-MM-DD, ISO date-time, or epoch milliseconds. */
const date = z.preprocess(blank, z.string().nullable()).transform((v, ctx) => {
  if (v === null) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v;
  if (/^\d+$/.test(v)) return new Date(Number(v)).toISOString();
  ctx.addIssue({ code: 'custom', message: 'must be a date' });
  return z.NEVER;
});
const dayOf = (v: string | null) => (v === null ? null : v.slice(0, 10));

export const cosellDealRecordSchema = z.object({
  hs_object_id: z.string().min(1),
  dealname: text,
  amount: number,
  closedate: date,
  dealstage: text,
  createdate: date,
  cosell_cloud: oneOf(CLOUDS),
  cosell_aws_opportunity_id: text,
  cosell_aws_origin: oneOf(OpportunityOrigin),
  cosell_aws_review_status: oneOf(ReviewStatus),
  cosell_aws_review_status_since: date,
  cosell_aws_stage: oneOf(Stage),
  cosell_aws_stage_since: date,
  cosell_aws_involvement_type: oneOf(SalesInvolvementType),
  cosell_aws_invitation_status: oneOf(InvitationStatus),
  cosell_aws_invitation_status_since: date,
  cosell_aws_review_comments: text,
  cosell_aws_sync_error: text,
  cosell_aws_sync_waiting: text,
  cosell_microsoft_referral_id: text,
  cosell_microsoft_referral_status: oneOf(MICROSOFT_REFERRAL_STATUSES),
  cosell_microsoft_referral_substatus: oneOf(MICROSOFT_REFERRAL_SUBSTATUSES),
  cosell_microsoft_status_since: date,
  cosell_google_opportunity_id: text,
  cosell_google_submission_state: oneOf(GOOGLE_SUBMISSION_STATES),
  cosell_google_state_since: date,
  cosell_google_sales_stage: text,
  cosell_google_sales_stage_since: date,
  cosell_hyperscaler_contact_name: text,
  cosell_hyperscaler_contact_email: text,
  cosell_hyperscaler_contact_role: text,
  cosell_dealstage_entered_at: date,
  cosell_ace_use_case: text,
  cosell_ace_business_problem: text,
  cosell_ace_delivery_models: multi,
  cosell_ace_sales_activities: multi,
  cosell_ace_primary_needs: multi,
  cosell_ace_opportunity_type: text,
  cosell_ace_related_opportunity_id: text,
  cosell_ace_expected_monthly_spend: number,
  cosell_ace_spend_currency: text,
  cosell_ace_national_security: bool,
  cosell_ace_competitor: text,
  cosell_ace_other_competitor: text,
  cosell_ace_solution_ids: multi,
  cosell_ace_other_solution: text,
  cosell_ace_next_steps: text,
  cosell_ace_marketing_source: text,
  cosell_ace_marketing_funding_used: text,
  cosell_ace_marketing_campaign: text,
  cosell_ace_marketing_channels: multi,
  cosell_ace_marketing_use_cases: multi,
});

export interface CoSellDealRecord {
  id: string;
  amount: number | null;
  dealStage: string | null;
  coSell: DealCoSellRaw;
  zombie: ZombieInput;
  hyperscalerContact: SelectivityInput['hyperscalerContact'];
  ace: AceDealInput['deal'];
  /** What AWS said: its review comments, its refusal of the last change the sync sent, and why changes wait. */
  awsFeedback: { reviewComments: string | null; syncProblem: string | null; syncWaiting: string | null };
}

export function parseCoSellDeal(properties: HubSpotPropertyBag): CoSellDealRecord {
  const p = cosellDealRecordSchema.parse(properties);
  const coSell: DealCoSellRaw =
    p.cosell_cloud === 'aws'
      ? {
          cloud: 'aws',
          aws: {
            opportunityId: p.cosell_aws_opportunity_id,
            origin: p.cosell_aws_origin,
            reviewStatus: p.cosell_aws_review_status,
            reviewStatusSince: p.cosell_aws_review_status_since,
            stage: p.cosell_aws_stage,
            stageSince: p.cosell_aws_stage_since,
            involvementType: p.cosell_aws_involvement_type,
            invitationStatus: p.cosell_aws_invitation_status,
            invitationStatusSince: p.cosell_aws_invitation_status_since,
          },
        }
      : p.cosell_cloud === 'azure'
        ? {
            cloud: 'azure',
            microsoft: {
              referralId: p.cosell_microsoft_referral_id,
              status: p.cosell_microsoft_referral_status,
              substatus: p.cosell_microsoft_referral_substatus,
              statusSince: p.cosell_microsoft_status_since,
            },
          }
        : p.cosell_cloud === 'gcp'
          ? {
              cloud: 'gcp',
              google: {
                opportunityId: p.cosell_google_opportunity_id,
                state: p.cosell_google_submission_state,
                stateSince: p.cosell_google_state_since,
                salesStage: p.cosell_google_sales_stage,
                salesStageSince: p.cosell_google_sales_stage_since,
              },
            }
          : { cloud: null };
  const contact = { name: p.cosell_hyperscaler_contact_name, email: p.cosell_hyperscaler_contact_email, role: p.cosell_hyperscaler_contact_role };
  return {
    id: p.hs_object_id,
    amount: p.amount === null ? null : Number(p.amount),
    dealStage: p.dealstage,
    coSell,
    zombie: { dealStage: p.dealstage, stageEnteredAt: p.cosell_dealstage_entered_at, createdAt: p.createdate },
    hyperscalerContact: contact.name || contact.email ? contact : null,
    awsFeedback: { reviewComments: p.cosell_aws_review_comments, syncProblem: p.cosell_aws_sync_error, syncWaiting: p.cosell_aws_sync_waiting },
    ace: {
      id: p.hs_object_id,
      name: p.dealname,
      closeDate: dayOf(p.closedate),
      useCase: p.cosell_ace_use_case,
      businessProblem: p.cosell_ace_business_problem,
      deliveryModels: p.cosell_ace_delivery_models,
      salesActivities: p.cosell_ace_sales_activities,
      primaryNeeds: p.cosell_ace_primary_needs,
      opportunityType: p.cosell_ace_opportunity_type,
      relatedOpportunityId: p.cosell_ace_related_opportunity_id,
      expectedMonthlySpend: p.cosell_ace_expected_monthly_spend,
      spendCurrency: p.cosell_ace_spend_currency,
      nationalSecurity: p.cosell_ace_national_security,
      competitor: p.cosell_ace_competitor,
      otherCompetitor: p.cosell_ace_other_competitor,
      solutionIds: p.cosell_ace_solution_ids,
      otherSolutionDescription: p.cosell_ace_other_solution,
      nextSteps: p.cosell_ace_next_steps,
      marketingSource: p.cosell_ace_marketing_source,
      marketingFundingUsed: p.cosell_ace_marketing_funding_used,
      marketingCampaign: p.cosell_ace_marketing_campaign,
      marketingChannels: p.cosell_ace_marketing_channels,
      marketingUseCases: p.cosell_ace_marketing_use_cases,
    },
  };
}

/** Routing's commitment program property (src/hubspot/schema/routing.ts): a program, "none", or empty. */
const commitment = z
  .preprocess(blank, z.string().nullable())
  .transform((v): CustomerCommitment => (v === null ? 'unknown' : v === 'none' ? 'not_committed' : 'committed'));

export const cosellCompanyRecordSchema = z.object({
  name: text,
  domain: text,
  website: text,
  country: text,
  state: text,
  city: text,
  zip: text,
  address: text,
  cosell_ace_industry: text,
  cosell_ace_other_industry: text,
  cosell_duns: text,
  cosell_aws_commit_program: commitment,
  cosell_azure_commit_program: commitment,
  cosell_gcp_commit_program: commitment,
});

export interface CoSellCompanyRecord {
  ace: NonNullable<AceDealInput['company']>;
  commitment: Record<Cloud, CustomerCommitment>;
}

export function parseCoSellCompany(properties: HubSpotPropertyBag): CoSellCompanyRecord {
  const p = cosellCompanyRecordSchema.parse(properties);
  return {
    ace: {
      name: p.name,
      website: p.website,
      domain: p.domain,
      country: p.country,
      state: p.state,
      city: p.city,
      zip: p.zip,
      address: p.address,
      aceIndustry: p.cosell_ace_industry,
      otherIndustry: p.cosell_ace_other_industry,
      duns: p.cosell_duns,
    },
    commitment: {
      aws: p.cosell_aws_commit_program,
      azure: p.cosell_azure_commit_program,
      gcp: p.cosell_gcp_commit_program,
    },
  };
}

export const cosellContactRecordSchema = z.object({
  firstname: text,
  lastname: text,
  email: text,
  phone: text,
  jobtitle: text,
});

export function parseCoSellContact(properties: HubSpotPropertyBag): AceDealInput['contacts'][number] {
  const p = cosellContactRecordSchema.parse(properties);
  return { firstName: p.firstname, lastName: p.lastname, email: p.email, phone: p.phone, jobTitle: p.jobtitle };
}

/** The property names to request from HubSpot for each object. */
export const COSELL_DEAL_PROPERTIES = Object.keys(cosellDealRecordSchema.shape);
export const COSELL_COMPANY_PROPERTIES = Object.keys(cosellCompanyRecordSchema.shape);
export const COSELL_CONTACT_PROPERTIES = Object.keys(cosellContactRecordSchema.shape);
