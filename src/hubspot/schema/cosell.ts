import {
  AwsFundingUsed,
  Channel,
  ClosedLostReason,
  CompetitorName,
  DeliveryModel,
  Industry,
  InvitationStatus,
  MarketingSource,
  OpportunityOrigin,
  OpportunityType,
  PrimaryNeedFromAws,
  ReviewStatus,
  SalesActivity,
  SalesInvolvementType,
  Stage,
} from '@aws-sdk/client-partnercentral-selling';
import { ACE_STANDARD_VALUES } from '../../domain/ace/aws-data.generated.ts';
import { CLOUD_NAMES, CLOUDS } from '../../domain/cosell/clouds.ts';
import { GOOGLE_SUBMISSION_STATES, MICROSOFT_REFERRAL_STATUSES, MICROSOFT_REFERRAL_SUBSTATUSES } from '../../domain/cosell/status.ts';
import type { PropertyDef } from './types.ts';

/** Options whose value is the cloud's own string, so the sync writes it unchanged. */
const options = (values: readonly string[]) => values.map((value) => ({ label: value, value }));
const enumOf = (o: object) => options(Object.values(o) as string[]);

type Def = Omit<PropertyDef, 'objectType'>;
const deal = (d: Def): PropertyDef => ({ objectType: 'deals', ...d });
const company = (d: Def): PropertyDef => ({ objectType: 'companies', ...d });

const text = (name: string, label: string, description: string, writtenBy: PropertyDef['writtenBy']): Def => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  description,
  writtenBy,
});
const longText = (name: string, label: string, description: string, writtenBy: PropertyDef['writtenBy']): Def => ({
  name,
  label,
  type: 'string',
  fieldType: 'textarea',
  description,
  writtenBy,
});
const since = (name: string, label: string, of: string): Def => ({
  name,
  label,
  type: 'datetime',
  fieldType: 'date',
  description: `When ${of} took its current value.`,
  writtenBy: 'sync',
});
const select = (name: string, label: string, description: string, values: PropertyDef['options'], writtenBy: PropertyDef['writtenBy']): Def => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'select',
  description,
  options: values,
  writtenBy,
});
const multi = (name: string, label: string, description: string, values: PropertyDef['options'], writtenBy: PropertyDef['writtenBy']): Def => ({
  name,
  label,
  type: 'enumeration',
  fieldType: 'checkbox',
  description,
  options: values,
  writtenBy,
});

export const cosellProperties: PropertyDef[] = [
  // Which cloud and the portals' ids
  deal(
    select(
      'cosell_cloud',
      'Co-sell cloud',
      'The hyperscaler this deal is co-sold with.',
      CLOUDS.map((c) => ({ label: CLOUD_NAMES[c], value: c })),
      'user',
    ),
  ),
  deal(text('cosell_aws_opportunity_id', 'ACE opportunity id', 'AWS Partner Central (ACE) opportunity id, such as O1234567.', 'sync')),
  deal(text('cosell_aws_invitation_id', 'AWS engagement invitation id', 'The engagement invitation through which AWS referred this deal.', 'sync')),
  deal(text('cosell_microsoft_referral_id', 'Microsoft referral id', 'Microsoft Partner Center co-sell referral id.', 'sync')),
  deal(text('cosell_google_opportunity_id', 'Google opportunity id', 'Google Cloud partner opportunity id.', 'sync')),

  // AWS raw statuses and when each began
  deal(select('cosell_aws_origin', 'ACE origin', 'Who originated the opportunity (ACE Origin).', enumOf(OpportunityOrigin), 'sync')),
  deal(select('cosell_aws_review_status', 'ACE review status', 'ACE LifeCycle.ReviewStatus.', enumOf(ReviewStatus), 'sync')),
  deal(since('cosell_aws_review_status_since', 'ACE review status since', 'the ACE review status')),
  deal(select('cosell_aws_stage', 'ACE stage', 'ACE LifeCycle.Stage.', enumOf(Stage), 'sync')),
  deal(since('cosell_aws_stage_since', 'ACE stage since', 'the ACE stage')),
  deal(select('cosell_aws_involvement_type', 'ACE involvement type', 'Co-Sell or For Visibility Only, as submitted.', enumOf(SalesInvolvementType), 'sync')),
  deal(
    select(
      'cosell_aws_invitation_status',
      'AWS invitation status',
      "Status of AWS's engagement invitation for an AWS-originated opportunity.",
      enumOf(InvitationStatus),
      'sync',
    ),
  ),
  deal(since('cosell_aws_invitation_status_since', 'AWS invitation status since', 'the AWS invitation status')),
  deal(longText('cosell_aws_review_comments', 'ACE review comments', 'What AWS asked to change when the review status is Action Required.', 'sync')),
  deal(longText('cosell_aws_next_steps', "AWS's next steps", "AWS's own next steps on the opportunity, or its message with a referral.", 'sync')),
  deal(longText('cosell_aws_sync_error', 'AWS sync problem', "Why AWS refused the last change sent to it, in AWS's words; empty when in step.", 'sync')),
  deal(
    longText(
      'cosell_aws_sync_waiting',
      'AWS sync waiting',
      "Why the deal's changes wait to be sent to AWS (AWS's daily limit) and from when; empty when nothing waits.",
      'sync',
    ),
  ),
  deal(
    longText('cosell_aws_hold_reason', 'Reason to share despite hold advice', 'Why the deal was shared with AWS although the advice was to hold it.', 'sync'),
  ),
  deal(
    select(
      'cosell_ace_closed_lost_reason',
      'AWS closed-lost reason',
      'ACE LifeCycle.ClosedLostReason, sent when the deal closes lost.',
      enumOf(ClosedLostReason),
      'user',
    ),
  ),

  // Microsoft and Google raw statuses
  deal(
    select('cosell_microsoft_referral_status', 'Microsoft referral status', 'Partner Center referral status.', options(MICROSOFT_REFERRAL_STATUSES), 'sync'),
  ),
  deal(
    select(
      'cosell_microsoft_referral_substatus',
      'Microsoft referral substatus',
      'Partner Center referral substatus.',
      options(MICROSOFT_REFERRAL_SUBSTATUSES),
      'sync',
    ),
  ),
  deal(since('cosell_microsoft_status_since', 'Microsoft referral status since', 'the Microsoft referral status or substatus')),
  deal(select('cosell_google_submission_state', 'Google submission state', 'Google partner deal submission state.', options(GOOGLE_SUBMISSION_STATES), 'sync')),
  deal(since('cosell_google_state_since', 'Google submission state since', 'the Google submission state')),
  deal(text('cosell_google_sales_stage', 'Google sales stage', "Google's sales stage for the opportunity, as Google reports it.", 'sync')),
  deal(since('cosell_google_sales_stage_since', 'Google sales stage since', 'the Google sales stage')),

  // The hyperscaler seller working the deal
  deal(text('cosell_hyperscaler_contact_name', 'Cloud seller name', 'The hyperscaler account manager or seller on this deal.', 'user')),
  deal(text('cosell_hyperscaler_contact_email', 'Cloud seller email', 'Email of the hyperscaler seller on this deal.', 'user')),
  deal(
    text(
      'cosell_hyperscaler_contact_role',
      'Cloud seller role',
      'Role of the hyperscaler seller, such as account manager or partner development manager.',
      'user',
    ),
  ),

  // For stalled and zombie detection
  deal({
    name: 'cosell_dealstage_entered_at',
    label: 'Current deal stage entered',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the deal entered its current pipeline stage, recorded by the app for zombie detection.',
    writtenBy: 'app',
  }),

  // ACE fields HubSpot has no native property for (values are AWS's own strings)
  deal(select('cosell_ace_use_case', 'AWS customer use case', 'ACE Project.CustomerUseCase.', options(ACE_STANDARD_VALUES['useCase'] ?? []), 'user')),
  deal(
    longText(
      'cosell_ace_business_problem',
      'Customer business problem (for AWS)',
      "ACE Project.CustomerBusinessProblem: the customer's problem and how you help, 20 to 2000 characters.",
      'user',
    ),
  ),
  deal(multi('cosell_ace_delivery_models', 'AWS delivery models', 'ACE Project.DeliveryModels.', enumOf(DeliveryModel), 'user')),
  deal(
    multi(
      'cosell_ace_sales_activities',
      'AWS sales activities',
      'ACE Project.SalesActivities: what has happened with the customer so far.',
      enumOf(SalesActivity),
      'user',
    ),
  ),
  deal(multi('cosell_ace_primary_needs', 'Primary needs from AWS', 'ACE PrimaryNeedsFromAws.', enumOf(PrimaryNeedFromAws), 'user')),
  deal(select('cosell_ace_opportunity_type', 'AWS opportunity type', 'ACE OpportunityType.', enumOf(OpportunityType), 'user')),
  deal(
    text('cosell_ace_related_opportunity_id', 'Renewed ACE opportunity id', 'ACE Project.RelatedOpportunityIdentifier, required for a Flat Renewal.', 'user'),
  ),
  deal({
    name: 'cosell_ace_expected_monthly_spend',
    label: 'Expected monthly AWS spend',
    type: 'number',
    fieldType: 'number',
    description: "ACE Project.ExpectedCustomerSpend: the customer's expected monthly AWS spend from this deal.",
    writtenBy: 'user',
  }),
  deal(select('cosell_ace_spend_currency', 'AWS spend currency', 'Currency of the expected AWS spend.', options(['USD', 'EUR']), 'user')),
  deal({
    name: 'cosell_ace_national_security',
    label: 'National security opportunity',
    type: 'bool',
    fieldType: 'booleancheckbox',
    description: 'ACE NationalSecurity: classified national security work (Government customers only).',
    options: [
      { label: 'Yes', value: 'true' },
      { label: 'No', value: 'false' },
    ],
    writtenBy: 'user',
  }),
  deal(select('cosell_ace_competitor', 'Main competitor (for AWS)', 'ACE Project.CompetitorName.', enumOf(CompetitorName), 'user')),
  deal(text('cosell_ace_other_competitor', 'Other competitor', 'ACE Project.OtherCompetitorNames, when the competitor is *Other.', 'user')),
  deal(
    text(
      'cosell_ace_solution_ids',
      'AWS solution ids',
      'Your AWS Partner Central solution ids offered, separated by semicolons (S-1234567; or Other).',
      'user',
    ),
  ),
  deal(text('cosell_ace_other_solution', 'Other solution offered', 'ACE Project.OtherSolutionDescription, when the solution is Other.', 'user')),
  deal(longText('cosell_ace_next_steps', 'Next steps for AWS', 'ACE LifeCycle.NextSteps, at most 255 characters.', 'user')),
  deal(select('cosell_ace_marketing_source', 'From a marketing activity', 'ACE Marketing.Source.', enumOf(MarketingSource), 'user')),
  deal(select('cosell_ace_marketing_funding_used', 'AWS marketing funds used', 'ACE Marketing.AwsFundingUsed.', enumOf(AwsFundingUsed), 'user')),
  deal(text('cosell_ace_marketing_campaign', 'AWS marketing campaign', 'ACE Marketing.CampaignName.', 'user')),
  deal(multi('cosell_ace_marketing_channels', 'Marketing channels', 'ACE Marketing.Channels.', enumOf(Channel), 'user')),
  deal(
    multi(
      'cosell_ace_marketing_use_cases',
      'Marketing use cases',
      'ACE Marketing.UseCases.',
      options(ACE_STANDARD_VALUES['marketingActivityUsecase'] ?? []),
      'user',
    ),
  ),

  // Customer attributes ACE needs (spend commitments per cloud are routing's cosell_<cloud>_commit_program)
  company(select('cosell_ace_industry', 'AWS industry', "ACE Customer.Account.Industry (HubSpot's own industry values differ).", enumOf(Industry), 'user')),
  company(text('cosell_ace_other_industry', 'AWS other industry', 'ACE Customer.Account.OtherIndustry, when the AWS industry is Other.', 'user')),
  company(text('cosell_duns', 'DUNS number', "The customer's 9-digit D&B DUNS number.", 'user')),
];
