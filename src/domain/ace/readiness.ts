import type {
  AwsFundingUsed,
  Channel,
  CompetitorName,
  CountryCode,
  CreateOpportunityRequest,
  CurrencyCode,
  DeliveryModel,
  Industry,
  MarketingSource,
  OpportunityType,
  PrimaryNeedFromAws,
  SalesActivity,
} from '@aws-sdk/client-partnercentral-selling';
import { InvitationStatus, OpportunityOrigin } from '@aws-sdk/client-partnercentral-selling';
import type { AwsCoSellRaw, CoSellStatus } from '../cosell/status.ts';
import { checkAceCreateOpportunity, type AceCheckOptions } from './check-payload.ts';
import { resolveAceCountryCode } from './countries.ts';
import type { AceProblem } from './problems.ts';

/** A deal, its company and contacts as plain values (parsed from HubSpot in src/hubspot/records/cosell.ts). */
export interface AceDealInput {
  deal: {
    id: string;
    name: string | null;
    /** YYYY-MM-DD */
    closeDate: string | null;
    useCase: string | null;
    businessProblem: string | null;
    deliveryModels: readonly string[];
    salesActivities: readonly string[];
    primaryNeeds: readonly string[];
    opportunityType: string | null;
    relatedOpportunityId: string | null;
    expectedMonthlySpend: string | null;
    spendCurrency: string | null;
    nationalSecurity: boolean;
    competitor: string | null;
    otherCompetitor: string | null;
    solutionIds: readonly string[];
    otherSolutionDescription: string | null;
    nextSteps: string | null;
    marketingSource: string | null;
    marketingFundingUsed: string | null;
    marketingCampaign: string | null;
    marketingChannels: readonly string[];
    marketingUseCases: readonly string[];
  };
  company: {
    name: string | null;
    website: string | null;
    domain: string | null;
    country: string | null;
    state: string | null;
    city: string | null;
    zip: string | null;
    address: string | null;
    aceIndustry: string | null;
    otherIndustry: string | null;
    duns: string | null;
  } | null;
  contacts: readonly { firstName: string | null; lastName: string | null; email: string | null; phone: string | null; jobTitle: string | null }[];
  catalog: 'AWS' | 'Sandbox';
}

export interface HubSpotFix {
  object: 'deal' | 'company' | 'contact';
  /** The HubSpot property to edit; null when the value comes from elsewhere (app settings, owner profile). */
  property: string | null;
  /** What to do, in words an AE understands. */
  fix: string;
}

export interface ReadinessProblem extends AceProblem {
  hubspot: HubSpotFix;
}

export interface AceReadiness {
  ready: boolean;
  payload: CreateOpportunityRequest;
  problems: ReadinessProblem[];
}

const fix = (object: HubSpotFix['object'], property: string | null, text: string): HubSpotFix => ({ object, property, fix: text });

/** ACE field (without array indexes) -> where an AE fixes it in HubSpot. */
export const ACE_FIELD_FIXES: Readonly<Record<string, HubSpotFix>> = {
  'Customer.Account.CompanyName': fix('company', 'name', 'Enter the customer company name (at most 120 characters) on the company.'),
  'Customer.Account.WebsiteUrl': fix('company', 'website', 'Enter the customer website (such as www.example.com) on the company.'),
  'Customer.Account.Industry': fix('company', 'cosell_ace_industry', "Pick the customer's AWS industry on the company."),
  'Customer.Account.OtherIndustry': fix('company', 'cosell_ace_other_industry', 'Describe the industry on the company, since the AWS industry is Other.'),
  'Customer.Account.Duns': fix('company', 'cosell_duns', 'Fix the DUNS number on the company: exactly 9 digits, or leave it empty.'),
  'Customer.Account.Address.CountryCode': fix('company', 'country', "Enter the company's country as a country name AWS recognises (such as United States)."),
  'Customer.Account.Address.PostalCode': fix('company', 'zip', 'Fix the postal code on the company in the format its country uses.'),
  'Customer.Account.Address.StateOrRegion': fix('company', 'state', 'Enter the US state name in full (such as New York) on the company.'),
  'Customer.Account.Address.City': fix('company', 'city', 'Shorten the city on the company.'),
  'Customer.Account.Address.StreetAddress': fix('company', 'address', 'Shorten the street address on the company.'),
  'Customer.Contacts.Email': fix('contact', 'email', "Fix the contact's email address."),
  'Customer.Contacts.Phone': fix('contact', 'phone', "Enter the contact's phone in international format, such as +14155550100."),
  'Customer.Contacts.FirstName': fix('contact', 'firstname', "Shorten the contact's first name."),
  'Customer.Contacts.LastName': fix('contact', 'lastname', "Shorten the contact's last name."),
  'Customer.Contacts.BusinessTitle': fix('contact', 'jobtitle', "Shorten the contact's job title."),
  'LifeCycle.TargetCloseDate': fix('deal', 'closedate', 'Set the deal close date to today or later.'),
  'LifeCycle.NextSteps': fix('deal', 'cosell_ace_next_steps', 'Shorten the next steps for AWS to 255 characters.'),
  'Project.Title': fix('deal', 'dealname', 'Give the deal a name (at most 255 characters); AWS shows it as the project title.'),
  'Project.CustomerBusinessProblem': fix(
    'deal',
    'cosell_ace_business_problem',
    "Describe the customer's business problem and how you help, in 20 to 2000 characters.",
  ),
  'Project.CustomerUseCase': fix('deal', 'cosell_ace_use_case', 'Pick the customer use case.'),
  'Project.DeliveryModels': fix('deal', 'cosell_ace_delivery_models', 'Pick how the solution is delivered (for example SaaS or PaaS).'),
  'Project.SalesActivities': fix('deal', 'cosell_ace_sales_activities', 'Tick what has happened with the customer so far (for example Conducted POC / Demo).'),
  'Project.ExpectedCustomerSpend': fix('deal', 'cosell_ace_expected_monthly_spend', "Enter the customer's expected monthly AWS spend for this deal."),
  'Project.ExpectedCustomerSpend.Amount': fix('deal', 'cosell_ace_expected_monthly_spend', 'Enter the expected monthly AWS spend as a number above 0.'),
  'Project.ExpectedCustomerSpend.CurrencyCode': fix('deal', 'cosell_ace_spend_currency', 'Pick USD or EUR for the expected AWS spend.'),
  'Project.RelatedOpportunityIdentifier': fix(
    'deal',
    'cosell_ace_related_opportunity_id',
    'Enter the ACE id (such as O1234567) of the opportunity this one renews.',
  ),
  'Project.CompetitorName': fix('deal', 'cosell_ace_competitor', 'Pick the main competitor.'),
  'Project.OtherCompetitorNames': fix('deal', 'cosell_ace_other_competitor', 'Name the competitor, since the competitor is Other.'),
  'Project.OtherSolutionDescription': fix(
    'deal',
    'cosell_ace_other_solution',
    'Describe the solution offered (at most 255 characters), since the solution is Other.',
  ),
  'RelatedEntityIdentifiers.Solutions': fix('deal', 'cosell_ace_solution_ids', 'Enter your AWS solution id (such as S-1234567) that this deal sells.'),
  PrimaryNeedsFromAws: fix('deal', 'cosell_ace_primary_needs', 'Pick what help you need from AWS on this deal.'),
  NationalSecurity: fix('deal', 'cosell_ace_national_security', 'Only mark national security when the customer industry is Government.'),
  OpportunityType: fix('deal', 'cosell_ace_opportunity_type', 'Pick whether this is new business, an expansion or a renewal.'),
  'Marketing.Source': fix('deal', 'cosell_ace_marketing_source', 'Say whether the deal came from a marketing activity.'),
  'Marketing.AwsFundingUsed': fix(
    'deal',
    'cosell_ace_marketing_funding_used',
    'Say whether AWS marketing funds paid for that activity (only when it came from marketing).',
  ),
  'Marketing.CampaignName': fix('deal', 'cosell_ace_marketing_campaign', 'Clear the campaign unless the deal came from a marketing activity.'),
  'Marketing.Channels': fix('deal', 'cosell_ace_marketing_channels', 'Pick marketing channels only when the deal came from a marketing activity.'),
  'Marketing.UseCases': fix('deal', 'cosell_ace_marketing_use_cases', 'Pick marketing use cases only when the deal came from a marketing activity.'),
};

const APP_SETTING = fix('deal', null, 'This value comes from the app, not the deal: ask your RevOps admin.');

export function hubspotFixFor(field: string): HubSpotFix {
  return ACE_FIELD_FIXES[field.replace(/\[\d+\]/g, '')] ?? APP_SETTING;
}

const SOLUTION_ID = /^S-[0-9]{1,19}$/;
const OTHER_SOLUTION = 'Other';
const list = (values: readonly string[]) => (values.length > 0 ? [...values] : undefined);
const orUndefined = (value: string | null) => value ?? undefined;

/**
 * Maps the deal, company and contacts to AWS's CreateOpportunity payload. HubSpot values are passed through
 * unvalidated (hence the casts); checkAceCreateOpportunity says whether AWS would accept them.
 */
export function buildAceCreateOpportunity(input: AceDealInput): CreateOpportunityRequest {
  const { deal, company } = input;
  const countryCode = resolveAceCountryCode(company?.country) ?? orUndefined(company?.country ?? null);
  return {
    Catalog: input.catalog,
    ClientToken: `hubspot-deal-${deal.id}`,
    Origin: 'Partner Referral',
    PartnerOpportunityIdentifier: deal.id,
    NationalSecurity: deal.nationalSecurity ? 'Yes' : 'No',
    OpportunityType: orUndefined(deal.opportunityType) as OpportunityType | undefined,
    PrimaryNeedsFromAws: list(deal.primaryNeeds) as PrimaryNeedFromAws[] | undefined,
    Customer: {
      Account: {
        CompanyName: orUndefined(company?.name ?? null),
        WebsiteUrl: orUndefined(company?.website ?? company?.domain ?? null),
        Industry: orUndefined(company?.aceIndustry ?? null) as Industry | undefined,
        OtherIndustry: orUndefined(company?.otherIndustry ?? null),
        Duns: orUndefined(company?.duns ?? null),
        Address: {
          CountryCode: countryCode as CountryCode | undefined,
          PostalCode: orUndefined(company?.zip ?? null),
          StateOrRegion: orUndefined(company?.state ?? null),
          City: orUndefined(company?.city ?? null),
          StreetAddress: orUndefined(company?.address ?? null),
        },
      },
      Contacts: input.contacts.map((c) => ({
        FirstName: orUndefined(c.firstName),
        LastName: orUndefined(c.lastName),
        Email: orUndefined(c.email),
        Phone: orUndefined(c.phone),
        BusinessTitle: orUndefined(c.jobTitle),
      })),
    },
    LifeCycle: {
      TargetCloseDate: orUndefined(deal.closeDate),
      NextSteps: orUndefined(deal.nextSteps),
    },
    Project: {
      Title: orUndefined(deal.name),
      CustomerBusinessProblem: orUndefined(deal.businessProblem),
      CustomerUseCase: orUndefined(deal.useCase),
      DeliveryModels: list(deal.deliveryModels) as DeliveryModel[] | undefined,
      SalesActivities: list(deal.salesActivities) as SalesActivity[] | undefined,
      ExpectedCustomerSpend:
        deal.expectedMonthlySpend === null
          ? undefined
          : [
              {
                Amount: deal.expectedMonthlySpend,
                CurrencyCode: (deal.spendCurrency ?? 'USD') as CurrencyCode,
                Frequency: 'Monthly',
                TargetCompany: 'AWS',
              },
            ],
      RelatedOpportunityIdentifier: orUndefined(deal.relatedOpportunityId),
      CompetitorName: orUndefined(deal.competitor) as CompetitorName | undefined,
      OtherCompetitorNames: orUndefined(deal.otherCompetitor),
      OtherSolutionDescription: orUndefined(deal.otherSolutionDescription),
    },
    Marketing: {
      Source: orUndefined(deal.marketingSource) as MarketingSource | undefined,
      AwsFundingUsed: orUndefined(deal.marketingFundingUsed) as AwsFundingUsed | undefined,
      CampaignName: orUndefined(deal.marketingCampaign),
      Channels: list(deal.marketingChannels) as Channel[] | undefined,
      UseCases: list(deal.marketingUseCases),
    },
  };
}

/** Solutions are attached after create (AssociateOpportunity), so the payload check cannot see them. */
function solutionProblems(deal: AceDealInput['deal']): AceProblem[] {
  const field = 'RelatedEntityIdentifiers.Solutions';
  if (deal.solutionIds.length === 0) {
    return [{ field, code: 'REQUIRED_FIELD_MISSING', message: `${field} needs at least one value: the AWS solution offered.` }];
  }
  const problems: AceProblem[] = deal.solutionIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => id !== OTHER_SOLUTION && !SOLUTION_ID.test(id))
    .map(({ id, index }) => ({
      field: `${field}[${index}]`,
      code: 'INVALID_STRING_FORMAT',
      message: `${field}[${index}] "${id}" must be an AWS solution id such as S-1234567, or Other.`,
    }));
  if (deal.solutionIds.includes(OTHER_SOLUTION) && !deal.otherSolutionDescription?.trim()) {
    problems.push({
      field: 'Project.OtherSolutionDescription',
      code: 'REQUIRED_FIELD_MISSING',
      message: 'Project.OtherSolutionDescription is required when the solution offered is Other.',
    });
  }
  return problems;
}

/**
 * Readiness matters while we can still create or update the opportunity: not once it is finished, and
 * not for an AWS referral we have not accepted (AWS created it and hides the customer until then).
 */
export function aceReadinessApplies(raw: AwsCoSellRaw, status: CoSellStatus): boolean {
  if (status.terminal) return false;
  return raw.origin !== OpportunityOrigin.AWS_REFERRAL || raw.invitationStatus === InvitationStatus.ACCEPTED;
}

/** Is the deal ready to share with AWS, and if not, what to fix where in HubSpot. */
export function assessAceReadiness(input: AceDealInput, options: AceCheckOptions): AceReadiness {
  const payload = buildAceCreateOpportunity(input);
  const problems = [...checkAceCreateOpportunity(payload, options), ...solutionProblems(input.deal)].map((problem) => ({
    ...problem,
    hubspot: hubspotFixFor(problem.field),
  }));
  return { ready: problems.length === 0, payload, problems };
}
