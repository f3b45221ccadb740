import {
  AwsFundingUsed,
  Channel,
  ClosedLostReason,
  CompetitorName,
  CountryCode,
  DeliveryModel,
  Industry,
  MarketingSource,
  NationalSecurity,
  OpportunityOrigin,
  OpportunityType,
  PaymentFrequency,
  PrimaryNeedFromAws,
  RevenueModel,
  SalesActivity,
  Stage,
} from '@aws-sdk/client-partnercentral-selling';
import { ACE_STANDARD_VALUES } from './aws-data.generated.ts';
import { aceCountryName, countryHasPostalCodes, postalCodeRuleFor } from './postal-codes.ts';
import type { AceProblem } from './problems.ts';

export interface AceCheckOptions {
  /** Today as YYYY-MM-DD: TargetCloseDate may not be before it. */
  today: string;
  /** The partner is in a program that must report software revenue when an opportunity launches. */
  softwareRevenueProgram?: boolean;
}

/**
 * Length limits and patterns from the Partner Central Selling API reference (the CSV gives only some:
 * CompanyName 120, OtherSolutionDescription 255, RelatedOpportunityIdentifier 20, Duns 9 digits).
 */
export const ACE_LIMITS = {
  companyName: 120,
  websiteUrl: { min: 4, max: 255 },
  otherIndustry: 255,
  city: 255,
  streetAddress: 255,
  stateOrRegion: 255,
  postalCode: 20,
  contactName: 80,
  contactTitle: 80,
  contactEmail: 80,
  title: 255,
  customerBusinessProblem: { min: 20, max: 2000 },
  nextSteps: 255,
  additionalComments: 255,
  otherCompetitorNames: 255,
  otherSolutionDescription: 255,
  expectedCustomerSpendEntries: 10,
} as const;

/**
 * Mandatory or conditionally mandatory rows of Opportunity-Fields.csv that a CreateOpportunity payload
 * cannot be checked for, and why. Every other such row is enforced by checkAceCreateOpportunity.
 */
export const REQUIREMENTS_OUTSIDE_CREATE_PAYLOAD: Readonly<Record<string, string>> = {
  solutionOffered: 'Solutions are attached after creation (AssociateOpportunity); checked by assessAceReadiness.',
  otherSolutionOffered: 'Depends on the attached solution being "Other"; checked by assessAceReadiness.',
  awsAccountId: 'Required only of consulting partners at Launched; this app serves software vendors.',
  partnerCrmUniqueIdentifier: 'Required for updates only; creates may omit it.',
  apnCrmUniqueIdentifier: 'Required for updates only; AWS assigns it on create.',
  stage: 'AWS: "Not required while creating a new Opportunity".',
  partnerAcceptanceStatus: 'Set by accepting an engagement invitation, not in CreateOpportunity.',
  rejectionReason: 'Set by rejecting an engagement invitation, not in CreateOpportunity.',
};

const values = (o: object): ReadonlySet<string> => new Set(Object.values(o) as string[]);
const standard = (column: string): ReadonlySet<string> => new Set(ACE_STANDARD_VALUES[column] ?? []);

const CATALOGS = new Set(['AWS', 'Sandbox']);
const COUNTRY_CODES = values(CountryCode);
const INDUSTRIES = values(Industry);
const NATIONAL_SECURITY = values(NationalSecurity);
const ORIGINS = values(OpportunityOrigin);
const OPPORTUNITY_TYPES = values(OpportunityType);
const PRIMARY_NEEDS = values(PrimaryNeedFromAws);
const DELIVERY_MODELS = values(DeliveryModel);
const SALES_ACTIVITIES = values(SalesActivity);
const COMPETITORS = values(CompetitorName);
const STAGES = values(Stage);
const CLOSED_LOST_REASONS = values(ClosedLostReason);
const MARKETING_SOURCES = values(MarketingSource);
const FUNDING_USED = values(AwsFundingUsed);
const CHANNELS = values(Channel);
const PAYMENT_FREQUENCIES = values(PaymentFrequency);
const REVENUE_MODELS = values(RevenueModel);
// The SDK documents ExpectedCustomerSpend and MonetaryValue currencies as USD or EUR only
// (the CSV lists 168 currencies for the software revenue value; the API is what accepts the payload).
const SPEND_CURRENCIES = new Set(['USD', 'EUR']);
const US_STATES = standard('state');
const USE_CASES = standard('useCase');
const APN_PROGRAMS = standard('campaignName');
const MARKETING_USE_CASES = standard('marketingActivityUsecase');
// Kept in the CSV for payload version 1.0; the Selling API expresses it as InvolvementType "For Visibility Only".
const NO_SUPPORT_NEEDED = 'Do Not Need Support from AWS Sales Rep';

const DATE = /^[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$/;
const DUNS = /^[0-9]{9}$/;
const AWS_ACCOUNT_ID = /^([0-9]{12}|\w{1,12})$/;
const OPPORTUNITY_ID = /^O[0-9]{1,19}$/;
const PHONE = /^\+[1-9]\d{1,14}$/;
// AWS's pattern, matched case-insensitively: mail systems treat the local part that way in practice.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
// Our own sanity check: a host name with a dot, optionally a scheme and a path, no spaces.
const WEBSITE = /^(?:https?:\/\/)?[^\s/.]+(?:\.[^\s/.]+)+(?:[/?#]\S*)?$/i;
const AMOUNT = /^[0-9]+(\.[0-9]{1,2})?$/;
const BLANK = /^\s*$/;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) count++;
  }
  return count;
}

/** Collects problems for one payload; the small helpers keep each rule one line. */
class PayloadChecker {
  readonly problems: AceProblem[] = [];
  /** Fields already reported as the wrong type, so they are not also reported missing. */
  private readonly wrongType = new Set<string>();

  add(field: string, code: AceProblem['code'], message: string): void {
    this.problems.push({ field, code, message });
  }

  /** A text field's value; null, undefined and blank count as absent. Non-text is a problem. */
  text(parent: Obj | undefined, key: string, field: string): string | undefined {
    const value = parent?.[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.add(field, 'INVALID_VALUE', `${field} must be text.`);
      this.wrongType.add(field);
      return undefined;
    }
    return BLANK.test(value) ? undefined : value;
  }

  object(parent: Obj | undefined, key: string, field: string): Obj | undefined {
    const value = parent?.[key];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) {
      this.add(field, 'INVALID_VALUE', `${field} must be an object.`);
      return undefined;
    }
    return value;
  }

  list(parent: Obj | undefined, key: string, field: string): unknown[] {
    const value = parent?.[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.add(field, 'INVALID_VALUE', `${field} must be a list.`);
      this.wrongType.add(field);
      return [];
    }
    return value;
  }

  textList(parent: Obj | undefined, key: string, field: string): string[] {
    const items = this.list(parent, key, field);
    const texts: string[] = [];
    items.forEach((item, index) => {
      if (typeof item === 'string') texts.push(item);
      else this.add(`${field}[${index}]`, 'INVALID_VALUE', `${field}[${index}] must be text.`);
    });
    return texts;
  }

  required(field: string, value: unknown, what: string): boolean {
    if (value === undefined && !this.wrongType.has(field)) this.add(field, 'REQUIRED_FIELD_MISSING', `${field} is required: ${what}.`);
    return value !== undefined;
  }

  requiredList(field: string, items: readonly unknown[], what: string): void {
    if (items.length === 0 && !this.wrongType.has(field)) this.add(field, 'REQUIRED_FIELD_MISSING', `${field} needs at least one value: ${what}.`);
  }

  maxLength(field: string, value: string | undefined, max: number): void {
    if (value !== undefined && value.length > max && codePoints(value) > max) {
      this.add(field, 'VALUE_OUT_OF_RANGE', `${field} must be at most ${max} characters (has ${codePoints(value)}).`);
    }
  }

  lengthBetween(field: string, value: string | undefined, min: number, max: number): void {
    if (value === undefined) return;
    const length = value.length < min || value.length > max ? codePoints(value) : value.length;
    if (length < min || length > max) {
      this.add(field, 'VALUE_OUT_OF_RANGE', `${field} must be ${min} to ${max} characters (has ${length}).`);
    }
  }

  oneOf(field: string, value: string | undefined, allowed: ReadonlySet<string>): void {
    if (value !== undefined && !allowed.has(value)) {
      this.add(field, 'INVALID_ENUM_VALUE', `${field} "${value}" is not one of AWS's allowed values.`);
    }
  }

  eachOneOf(field: string, items: readonly string[], allowed: ReadonlySet<string>): void {
    items.forEach((item, index) => this.oneOf(`${field}[${index}]`, item, allowed));
  }

  format(field: string, value: string | undefined, pattern: RegExp, expected: string): void {
    if (value !== undefined && !pattern.test(value)) {
      this.add(field, 'INVALID_STRING_FORMAT', `${field} "${value}" must be ${expected}.`);
    }
  }
}

/**
 * Checks an ACE CreateOpportunity payload (SDK shape, as JSON) against AWS's submission rules:
 * every mandatory and conditionally mandatory row of Opportunity-Fields.csv that a create payload
 * can carry, allowed values, postal codes per country with AWS's messages, lengths and formats.
 */
export function checkAceCreateOpportunity(payload: unknown, options: AceCheckOptions): AceProblem[] {
  const c = new PayloadChecker();
  if (!isObject(payload)) {
    c.add('$', 'INVALID_VALUE', 'The payload must be a JSON object.');
    return c.problems;
  }

  const catalog = c.text(payload, 'Catalog', 'Catalog');
  if (c.required('Catalog', catalog, 'AWS or Sandbox')) c.oneOf('Catalog', catalog, CATALOGS);
  const origin = c.text(payload, 'Origin', 'Origin');
  c.oneOf('Origin', origin, ORIGINS);
  if (catalog === 'AWS' && origin === OpportunityOrigin.AWS_REFERRAL) {
    c.add('Origin', 'INVALID_VALUE', 'Origin must be "Partner Referral" in the AWS catalog; AWS Referral can only be simulated in Sandbox.');
  }

  const nationalSecurity = c.text(payload, 'NationalSecurity', 'NationalSecurity');
  c.oneOf('NationalSecurity', nationalSecurity, NATIONAL_SECURITY);
  const isNationalSecurity = nationalSecurity === NationalSecurity.YES;

  const industry = checkCustomer(c, c.object(payload, 'Customer', 'Customer'), isNationalSecurity);
  if (isNationalSecurity && industry !== undefined && industry !== Industry.GOVERNMENT) {
    c.add('NationalSecurity', 'INVALID_VALUE', 'NationalSecurity can be "Yes" only when the industry is Government.');
  }
  const stage = checkLifeCycle(c, c.object(payload, 'LifeCycle', 'LifeCycle'), options.today);
  const project = c.object(payload, 'Project', 'Project');
  checkProject(c, project);
  checkPrimaryNeeds(c, payload);
  checkMarketing(c, c.object(payload, 'Marketing', 'Marketing'));
  checkSoftwareRevenue(c, c.object(payload, 'SoftwareRevenue', 'SoftwareRevenue'), options.softwareRevenueProgram === true && stage === Stage.LAUNCHED);
  c.list(payload, 'OpportunityTeam', 'OpportunityTeam').forEach((member, index) => checkContact(c, member, `OpportunityTeam[${index}]`));

  const opportunityType = c.text(payload, 'OpportunityType', 'OpportunityType');
  c.oneOf('OpportunityType', opportunityType, OPPORTUNITY_TYPES);
  const related = c.text(project, 'RelatedOpportunityIdentifier', 'Project.RelatedOpportunityIdentifier');
  if (opportunityType === OpportunityType.FLAT_RENEWAL) {
    c.required('Project.RelatedOpportunityIdentifier', related, "the renewed opportunity's ACE id, for a Flat Renewal");
  }
  c.format('Project.RelatedOpportunityIdentifier', related, OPPORTUNITY_ID, 'an ACE opportunity id such as O1234567');
  return c.problems;
}

/** Returns the industry, which the national security rule depends on. */
function checkCustomer(c: PayloadChecker, customer: Obj | undefined, isNationalSecurity: boolean): string | undefined {
  const account = c.object(customer, 'Account', 'Customer.Account');
  const companyName = c.text(account, 'CompanyName', 'Customer.Account.CompanyName');
  if (!isNationalSecurity) c.required('Customer.Account.CompanyName', companyName, 'the customer company name');
  c.maxLength('Customer.Account.CompanyName', companyName, ACE_LIMITS.companyName);

  const website = c.text(account, 'WebsiteUrl', 'Customer.Account.WebsiteUrl');
  if (!isNationalSecurity) c.required('Customer.Account.WebsiteUrl', website, 'the customer website');
  c.lengthBetween('Customer.Account.WebsiteUrl', website, ACE_LIMITS.websiteUrl.min, ACE_LIMITS.websiteUrl.max);
  c.format('Customer.Account.WebsiteUrl', website, WEBSITE, 'a website address such as www.example.com');

  const industry = c.text(account, 'Industry', 'Customer.Account.Industry');
  if (c.required('Customer.Account.Industry', industry, 'the customer industry')) c.oneOf('Customer.Account.Industry', industry, INDUSTRIES);
  const otherIndustry = c.text(account, 'OtherIndustry', 'Customer.Account.OtherIndustry');
  if (industry === Industry.OTHER) c.required('Customer.Account.OtherIndustry', otherIndustry, 'a description of the industry when Industry is Other');
  c.maxLength('Customer.Account.OtherIndustry', otherIndustry, ACE_LIMITS.otherIndustry);

  c.format('Customer.Account.Duns', c.text(account, 'Duns', 'Customer.Account.Duns'), DUNS, '9 digits');
  c.format('Customer.Account.AwsAccountId', c.text(account, 'AwsAccountId', 'Customer.Account.AwsAccountId'), AWS_ACCOUNT_ID, 'a 12-digit AWS account id');

  checkAddress(c, c.object(account, 'Address', 'Customer.Account.Address'), isNationalSecurity);
  c.list(customer, 'Contacts', 'Customer.Contacts').forEach((contact, index) => checkContact(c, contact, `Customer.Contacts[${index}]`));
  return industry;
}

function checkAddress(c: PayloadChecker, address: Obj | undefined, isNationalSecurity: boolean): void {
  const country = c.text(address, 'CountryCode', 'Customer.Account.Address.CountryCode');
  if (c.required('Customer.Account.Address.CountryCode', country, 'the customer country')) {
    c.oneOf('Customer.Account.Address.CountryCode', country, COUNTRY_CODES);
  }
  const knownCountry = country !== undefined && COUNTRY_CODES.has(country) ? country : undefined;

  const field = 'Customer.Account.Address.PostalCode';
  const postalCode = c.text(address, 'PostalCode', field);
  if (knownCountry && !countryHasPostalCodes(knownCountry)) {
    if (postalCode !== undefined) {
      c.add(field, 'INVALID_VALUE', `${aceCountryName(knownCountry)} has no postal codes, so PostalCode must be empty.`);
    }
  } else {
    c.required(field, postalCode, 'the customer postal code');
    c.maxLength(field, postalCode, ACE_LIMITS.postalCode);
    const rule = knownCountry ? postalCodeRuleFor(knownCountry) : undefined;
    if (rule && postalCode !== undefined && !rule.regex.test(postalCode)) c.add(field, 'INVALID_STRING_FORMAT', rule.message);
  }

  const state = c.text(address, 'StateOrRegion', 'Customer.Account.Address.StateOrRegion');
  if (country === CountryCode.US && !isNationalSecurity) {
    c.required('Customer.Account.Address.StateOrRegion', state, 'the US state');
  }
  if (country === CountryCode.US && state !== undefined && !US_STATES.has(state)) {
    // AWS: "Any value outside the permitted list will receive an Invalid Value Error."
    c.add(
      'Customer.Account.Address.StateOrRegion',
      'INVALID_VALUE',
      `StateOrRegion "${state}" is not a US state or territory name AWS accepts (for example "New York").`,
    );
  }
  c.maxLength('Customer.Account.Address.StateOrRegion', state, ACE_LIMITS.stateOrRegion);
  c.maxLength('Customer.Account.Address.City', c.text(address, 'City', 'Customer.Account.Address.City'), ACE_LIMITS.city);
  c.maxLength('Customer.Account.Address.StreetAddress', c.text(address, 'StreetAddress', 'Customer.Account.Address.StreetAddress'), ACE_LIMITS.streetAddress);
}

function checkContact(c: PayloadChecker, contact: unknown, field: string): void {
  if (!isObject(contact)) {
    c.add(field, 'INVALID_VALUE', `${field} must be an object.`);
    return;
  }
  const email = c.text(contact, 'Email', `${field}.Email`);
  c.maxLength(`${field}.Email`, email, ACE_LIMITS.contactEmail);
  c.format(`${field}.Email`, email, EMAIL, 'an email address');
  c.format(`${field}.Phone`, c.text(contact, 'Phone', `${field}.Phone`), PHONE, 'in international format, + and up to 15 digits, such as +14155550100');
  c.maxLength(`${field}.FirstName`, c.text(contact, 'FirstName', `${field}.FirstName`), ACE_LIMITS.contactName);
  c.maxLength(`${field}.LastName`, c.text(contact, 'LastName', `${field}.LastName`), ACE_LIMITS.contactName);
  c.maxLength(`${field}.BusinessTitle`, c.text(contact, 'BusinessTitle', `${field}.BusinessTitle`), ACE_LIMITS.contactTitle);
}

function checkLifeCycle(c: PayloadChecker, lifeCycle: Obj | undefined, today: string): string | undefined {
  const field = 'LifeCycle.TargetCloseDate';
  const targetCloseDate = c.text(lifeCycle, 'TargetCloseDate', field);
  if (c.required(field, targetCloseDate, 'the expected launch date')) {
    if (!DATE.test(targetCloseDate!)) c.add(field, 'INVALID_STRING_FORMAT', `${field} "${targetCloseDate}" must be a date as YYYY-MM-DD.`);
    else if (targetCloseDate! < today) c.add(field, 'VALUE_OUT_OF_RANGE', `${field} ${targetCloseDate} is in the past; it must be ${today} or later.`);
  }
  const stage = c.text(lifeCycle, 'Stage', 'LifeCycle.Stage');
  c.oneOf('LifeCycle.Stage', stage, STAGES);
  const closedLostReason = c.text(lifeCycle, 'ClosedLostReason', 'LifeCycle.ClosedLostReason');
  if (stage === Stage.CLOSED_LOST) c.required('LifeCycle.ClosedLostReason', closedLostReason, 'why the opportunity was lost');
  c.oneOf('LifeCycle.ClosedLostReason', closedLostReason, CLOSED_LOST_REASONS);
  c.maxLength('LifeCycle.NextSteps', c.text(lifeCycle, 'NextSteps', 'LifeCycle.NextSteps'), ACE_LIMITS.nextSteps);
  return stage;
}

function checkProject(c: PayloadChecker, project: Obj | undefined): void {
  const title = c.text(project, 'Title', 'Project.Title');
  c.required('Project.Title', title, 'the project title');
  c.maxLength('Project.Title', title, ACE_LIMITS.title);

  const problem = c.text(project, 'CustomerBusinessProblem', 'Project.CustomerBusinessProblem');
  c.required('Project.CustomerBusinessProblem', problem, "the customer's business problem");
  c.lengthBetween('Project.CustomerBusinessProblem', problem, ACE_LIMITS.customerBusinessProblem.min, ACE_LIMITS.customerBusinessProblem.max);

  const useCase = c.text(project, 'CustomerUseCase', 'Project.CustomerUseCase');
  if (c.required('Project.CustomerUseCase', useCase, 'the customer use case')) c.oneOf('Project.CustomerUseCase', useCase, USE_CASES);

  const deliveryModels = c.textList(project, 'DeliveryModels', 'Project.DeliveryModels');
  c.requiredList('Project.DeliveryModels', deliveryModels, 'how the solution is delivered');
  c.eachOneOf('Project.DeliveryModels', deliveryModels, DELIVERY_MODELS);

  const salesActivities = c.textList(project, 'SalesActivities', 'Project.SalesActivities');
  c.requiredList('Project.SalesActivities', salesActivities, 'what has happened with the customer so far');
  c.eachOneOf('Project.SalesActivities', salesActivities, SALES_ACTIVITIES);

  checkExpectedSpend(c, project);

  const competitor = c.text(project, 'CompetitorName', 'Project.CompetitorName');
  c.oneOf('Project.CompetitorName', competitor, COMPETITORS);
  const otherCompetitors = c.text(project, 'OtherCompetitorNames', 'Project.OtherCompetitorNames');
  if (competitor === CompetitorName.OTHER) c.required('Project.OtherCompetitorNames', otherCompetitors, 'the competitor, when CompetitorName is *Other');
  c.maxLength('Project.OtherCompetitorNames', otherCompetitors, ACE_LIMITS.otherCompetitorNames);

  c.maxLength(
    'Project.OtherSolutionDescription',
    c.text(project, 'OtherSolutionDescription', 'Project.OtherSolutionDescription'),
    ACE_LIMITS.otherSolutionDescription,
  );
  c.maxLength('Project.AdditionalComments', c.text(project, 'AdditionalComments', 'Project.AdditionalComments'), ACE_LIMITS.additionalComments);
  c.eachOneOf('Project.ApnPrograms', c.textList(project, 'ApnPrograms', 'Project.ApnPrograms'), APN_PROGRAMS);
}

function checkExpectedSpend(c: PayloadChecker, project: Obj | undefined): void {
  const field = 'Project.ExpectedCustomerSpend';
  const entries = c.list(project, 'ExpectedCustomerSpend', field);
  c.requiredList(field, entries, 'the expected monthly AWS spend');
  if (entries.length > ACE_LIMITS.expectedCustomerSpendEntries) {
    c.add(field, 'TOO_MANY_VALUES', `${field} takes at most ${ACE_LIMITS.expectedCustomerSpendEntries} entries (has ${entries.length}).`);
  }
  const euSovereign = project?.['AwsPartition'] === 'aws-eusc';
  entries.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    if (!isObject(entry)) {
      c.add(at, 'INVALID_VALUE', `${at} must be an object.`);
      return;
    }
    const amount = c.text(entry, 'Amount', `${at}.Amount`);
    if (c.required(`${at}.Amount`, amount, 'the expected monthly spend')) {
      if (!AMOUNT.test(amount!)) c.add(`${at}.Amount`, 'INVALID_STRING_FORMAT', `${at}.Amount "${amount}" must be a number such as 12500 or 12500.50.`);
      else if (Number(amount) <= 0) c.add(`${at}.Amount`, 'VALUE_OUT_OF_RANGE', `${at}.Amount must be greater than 0.`);
    }
    const currency = c.text(entry, 'CurrencyCode', `${at}.CurrencyCode`);
    if (c.required(`${at}.CurrencyCode`, currency, 'USD or EUR')) {
      c.oneOf(`${at}.CurrencyCode`, currency, SPEND_CURRENCIES);
      if (euSovereign && currency !== 'EUR') c.add(`${at}.CurrencyCode`, 'INVALID_VALUE', 'The AWS European Sovereign Cloud takes EUR only.');
    }
    const frequency = c.text(entry, 'Frequency', `${at}.Frequency`);
    if (c.required(`${at}.Frequency`, frequency, 'Monthly')) c.oneOf(`${at}.Frequency`, frequency, PAYMENT_FREQUENCIES);
    c.required(`${at}.TargetCompany`, c.text(entry, 'TargetCompany', `${at}.TargetCompany`), 'AWS');
  });
}

function checkPrimaryNeeds(c: PayloadChecker, payload: Obj): void {
  const field = 'PrimaryNeedsFromAws';
  const needs = c.textList(payload, field, field);
  c.requiredList(field, needs, 'what help the partner needs from AWS');
  needs.forEach((need, index) => {
    if (need === NO_SUPPORT_NEEDED) {
      c.add(
        `${field}[${index}]`,
        'INVALID_ENUM_VALUE',
        `"${NO_SUPPORT_NEEDED}" is not accepted by the Selling API; submit with InvolvementType "For Visibility Only" instead.`,
      );
    } else c.oneOf(`${field}[${index}]`, need, PRIMARY_NEEDS);
  });
}

function checkMarketing(c: PayloadChecker, marketing: Obj | undefined): void {
  const source = c.text(marketing, 'Source', 'Marketing.Source');
  if (c.required('Marketing.Source', source, '"Marketing Activity" or "None"')) c.oneOf('Marketing.Source', source, MARKETING_SOURCES);
  const funding = c.text(marketing, 'AwsFundingUsed', 'Marketing.AwsFundingUsed');
  c.oneOf('Marketing.AwsFundingUsed', funding, FUNDING_USED);
  const campaign = c.text(marketing, 'CampaignName', 'Marketing.CampaignName');
  const channels = c.textList(marketing, 'Channels', 'Marketing.Channels');
  const useCases = c.textList(marketing, 'UseCases', 'Marketing.UseCases');
  c.eachOneOf('Marketing.Channels', channels, CHANNELS);
  c.eachOneOf('Marketing.UseCases', useCases, MARKETING_USE_CASES);
  if (source === MarketingSource.MARKETING_ACTIVITY) {
    c.required('Marketing.AwsFundingUsed', funding, 'whether AWS marketing funds were used');
  } else if (source === MarketingSource.NONE) {
    const mustBeEmpty: [string, boolean][] = [
      ['Marketing.AwsFundingUsed', funding !== undefined],
      ['Marketing.CampaignName', campaign !== undefined],
      ['Marketing.Channels', channels.length > 0],
      ['Marketing.UseCases', useCases.length > 0],
    ];
    for (const [field, present] of mustBeEmpty) {
      if (present) c.add(field, 'INVALID_VALUE', `${field} must be empty when Marketing.Source is "None".`);
    }
  }
}

function checkSoftwareRevenue(c: PayloadChecker, revenue: Obj | undefined, required: boolean): void {
  const what = 'software revenue details, required at Launched for special programs';
  const model = c.text(revenue, 'DeliveryModel', 'SoftwareRevenue.DeliveryModel');
  c.oneOf('SoftwareRevenue.DeliveryModel', model, REVENUE_MODELS);
  const effective = c.text(revenue, 'EffectiveDate', 'SoftwareRevenue.EffectiveDate');
  const expiration = c.text(revenue, 'ExpirationDate', 'SoftwareRevenue.ExpirationDate');
  c.format('SoftwareRevenue.EffectiveDate', effective, DATE, 'a date as YYYY-MM-DD');
  c.format('SoftwareRevenue.ExpirationDate', expiration, DATE, 'a date as YYYY-MM-DD');
  const value = c.object(revenue, 'Value', 'SoftwareRevenue.Value');
  const amount = c.text(value, 'Amount', 'SoftwareRevenue.Value.Amount');
  const currency = c.text(value, 'CurrencyCode', 'SoftwareRevenue.Value.CurrencyCode');
  c.format('SoftwareRevenue.Value.Amount', amount, AMOUNT, 'a number such as 10000 or 10000.00');
  c.oneOf('SoftwareRevenue.Value.CurrencyCode', currency, SPEND_CURRENCIES);
  if (required) {
    c.required('SoftwareRevenue.DeliveryModel', model, what);
    c.required('SoftwareRevenue.EffectiveDate', effective, what);
    c.required('SoftwareRevenue.ExpirationDate', expiration, what);
    c.required('SoftwareRevenue.Value.Amount', amount, what);
    c.required('SoftwareRevenue.Value.CurrencyCode', currency, what);
  }
}
