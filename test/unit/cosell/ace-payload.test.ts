import { describe, expect, it } from 'vitest';
import { ACE_FIELD_RULES } from '../../../src/domain/ace/aws-data.generated.ts';
import { ACE_LIMITS, REQUIREMENTS_OUTSIDE_CREATE_PAYLOAD, checkAceCreateOpportunity } from '../../../src/domain/ace/check-payload.ts';
import { AWS_SAMPLE, TODAY, validPayload, withField, type Json } from './fixtures/payloads.ts';

const check = (payload: unknown, options = {}) => checkAceCreateOpportunity(payload, { today: TODAY, ...options });
const codesAt = (payload: unknown, field: string, options = {}) =>
  check(payload, options)
    .filter((p) => p.field === field)
    .map((p) => p.code);

describe("AWS's sample CreateOpportunity payload", () => {
  it("fails only on its competitor, which is not one of the SDK's CompetitorName values", () => {
    expect(check(JSON.parse(AWS_SAMPLE))).toEqual([
      {
        field: 'Project.CompetitorName',
        code: 'INVALID_ENUM_VALUE',
        message: 'Project.CompetitorName "Competitor Platform" is not one of AWS\'s allowed values.',
      },
    ]);
  });

  it('is ready once the competitor is an allowed value', () => {
    expect(check(validPayload())).toEqual([]);
  });

  it('rejects a payload that is not an object', () => {
    expect(check([1, 2])).toEqual([{ field: '$', code: 'INVALID_VALUE', message: 'The payload must be a JSON object.' }]);
  });
});

/** Conditions that make a conditionally mandatory field required. */
const CONDITIONS: Record<string, (p: Json) => Json> = {
  industryOther: (p) => withField(p, 'Customer.Account.Industry', 'Other'),
  state: (p) => withField(p, 'Customer.Account.Address.CountryCode', 'US'),
  isMarketingDevelopmentFunded: (p) => withField(p, 'Marketing.Source', 'Marketing Activity'),
  parentOppId: (p) => withField(p, 'OpportunityType', 'Flat Renewal'),
  competitiveTrackingOther: (p) => withField(p, 'Project.CompetitorName', '*Other'),
  closedLostReason: (p) => withField(p, 'LifeCycle.Stage', 'Closed Lost'),
  contractEndDate: (p) => withField(p, 'LifeCycle.Stage', 'Launched'),
  customerSoftwareValueCurrency: (p) => withField(p, 'LifeCycle.Stage', 'Launched'),
  customerSoftwareValue: (p) => withField(p, 'LifeCycle.Stage', 'Launched'),
  contractStartDate: (p) => withField(p, 'LifeCycle.Stage', 'Launched'),
  procurementType: (p) => withField(p, 'LifeCycle.Stage', 'Launched'),
};

/** A valid value for fields the sample leaves empty. */
const FILL: Record<string, unknown> = {
  industryOther: 'Industrial robotics',
  parentOppId: 'O1234567',
  competitiveTrackingOther: 'Acme Cloud',
  closedLostReason: 'Price',
};

/** How a required field goes missing in the SDK shape (ExpectedCustomerSpend is a list of entries). */
const MISSING_AT: Record<string, { remove: string; field: string }> = {
  expectedMonthlyAwsRevenue: { remove: 'Project.ExpectedCustomerSpend', field: 'Project.ExpectedCustomerSpend' },
};

describe('every mandatory and conditionally mandatory row of Opportunity-Fields.csv', () => {
  const required = ACE_FIELD_RULES.filter((r) => r.inbound === 'Mandatory' || r.inbound === 'Conditionally Mandatory');

  it.each(required.map((r) => [r.csvName, r] as const))('%s is enforced or documented as outside the payload', (name, rule) => {
    if (name in REQUIREMENTS_OUTSIDE_CREATE_PAYLOAD) {
      expect(REQUIREMENTS_OUTSIDE_CREATE_PAYLOAD[name]).toMatch(/\w/);
      return;
    }
    const { remove, field } = MISSING_AT[name] ?? { remove: rule.sdkPath!, field: rule.sdkPath! };
    const payload = (CONDITIONS[name] ?? ((p: Json) => p))(validPayload());
    if (name in FILL) withField(payload, rule.sdkPath!, FILL[name]);
    const options = name.startsWith('contract') || name.startsWith('customerSoftware') || name === 'procurementType' ? { softwareRevenueProgram: true } : {};
    expect(codesAt(payload, field, options), 'passes while present').toEqual([]);
    expect(codesAt(withField(payload, remove, undefined), field, options)).toEqual(['REQUIRED_FIELD_MISSING']);
  });

  it('treats blank text as missing', () => {
    expect(codesAt(withField(validPayload(), 'Project.Title', '   '), 'Project.Title')).toEqual(['REQUIRED_FIELD_MISSING']);
  });

  it('does not require software revenue outside a special program', () => {
    const payload = withField(withField(validPayload(), 'LifeCycle.Stage', 'Launched'), 'SoftwareRevenue', undefined);
    expect(check(payload)).toEqual([]);
  });

  it('exempts national security opportunities from company name, website and US state', () => {
    const payload = validPayload();
    withField(payload, 'NationalSecurity', 'Yes');
    withField(payload, 'Customer.Account.Industry', 'Government');
    for (const field of ['Customer.Account.CompanyName', 'Customer.Account.WebsiteUrl', 'Customer.Account.Address.StateOrRegion']) {
      withField(payload, field, undefined);
    }
    expect(check(payload)).toEqual([]);
  });

  it('allows national security only for Government', () => {
    expect(codesAt(withField(validPayload(), 'NationalSecurity', 'Yes'), 'NationalSecurity')).toEqual(['INVALID_VALUE']);
  });
});

/** [field, limit]: exactly at the limit passes, one over fails with VALUE_OUT_OF_RANGE. */
const MAX_LENGTHS: [string, number][] = [
  ['Customer.Account.CompanyName', ACE_LIMITS.companyName],
  ['Customer.Account.OtherIndustry', ACE_LIMITS.otherIndustry],
  ['Customer.Account.Address.City', ACE_LIMITS.city],
  ['Customer.Account.Address.StreetAddress', ACE_LIMITS.streetAddress],
  ['Project.Title', ACE_LIMITS.title],
  ['LifeCycle.NextSteps', ACE_LIMITS.nextSteps],
  ['Project.AdditionalComments', ACE_LIMITS.additionalComments],
  ['Project.OtherCompetitorNames', ACE_LIMITS.otherCompetitorNames],
  ['Project.OtherSolutionDescription', ACE_LIMITS.otherSolutionDescription],
];

describe('length limits', () => {
  it.each(MAX_LENGTHS)('%s takes %i characters, not one more', (field, limit) => {
    expect(codesAt(withField(validPayload(), field, 'x'.repeat(limit)), field)).toEqual([]);
    expect(codesAt(withField(validPayload(), field, 'x'.repeat(limit + 1)), field)).toEqual(['VALUE_OUT_OF_RANGE']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(codesAt(withField(validPayload(), 'Customer.Account.CompanyName', '😀'.repeat(120)), 'Customer.Account.CompanyName')).toEqual([]);
  });

  it('postal code takes at most 20 characters (country without a format rule)', () => {
    const field = 'Customer.Account.Address.PostalCode';
    const payload = withField(withField(validPayload(), 'Customer.Account.Address.CountryCode', 'AR'), 'Customer.Account.Address.StateOrRegion', undefined);
    expect(codesAt(withField(payload, field, '1'.repeat(20)), field)).toEqual([]);
    expect(codesAt(withField(payload, field, '1'.repeat(21)), field)).toEqual(['VALUE_OUT_OF_RANGE']);
  });

  it.each([
    ['Project.CustomerBusinessProblem', ACE_LIMITS.customerBusinessProblem.min, ACE_LIMITS.customerBusinessProblem.max],
    ['Customer.Account.WebsiteUrl', ACE_LIMITS.websiteUrl.min, ACE_LIMITS.websiteUrl.max],
  ])('%s takes %i to %i characters', (field, min, max) => {
    const ofLength = (n: number) => (field.endsWith('WebsiteUrl') ? `a.${'b'.repeat(n - 2)}` : 'p'.repeat(n));
    expect(codesAt(withField(validPayload(), field, ofLength(min)), field)).toEqual([]);
    expect(codesAt(withField(validPayload(), field, ofLength(max)), field)).toEqual([]);
    expect(codesAt(withField(validPayload(), field, ofLength(min - 1)), field)).toEqual(['VALUE_OUT_OF_RANGE']);
    expect(codesAt(withField(validPayload(), field, ofLength(max + 1)), field)).toEqual(['VALUE_OUT_OF_RANGE']);
  });

  it.each(['FirstName', 'LastName', 'BusinessTitle'])('contact %s takes 80 characters, not 81', (key) => {
    const field = `Customer.Contacts[0].${key}`;
    const at = (n: number) => withField(validPayload(), `Customer.Contacts.0.${key}`, 'n'.repeat(n));
    expect(codesAt(at(80), field)).toEqual([]);
    expect(codesAt(at(81), field)).toEqual(['VALUE_OUT_OF_RANGE']);
  });

  it('contact email takes 80 characters, not 81', () => {
    const at = (n: number) => withField(validPayload(), 'OpportunityTeam.0.Email', `${'e'.repeat(n - 12)}@example.com`);
    expect(codesAt(at(80), 'OpportunityTeam[0].Email')).toEqual([]);
    expect(codesAt(at(81), 'OpportunityTeam[0].Email')).toEqual(['VALUE_OUT_OF_RANGE']);
  });

  it('expected spend takes 10 entries, not 11', () => {
    const entries = (n: number) =>
      withField(
        validPayload(),
        'Project.ExpectedCustomerSpend',
        Array.from({ length: n }, () => ({ Amount: '100', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' })),
      );
    expect(codesAt(entries(10), 'Project.ExpectedCustomerSpend')).toEqual([]);
    expect(codesAt(entries(11), 'Project.ExpectedCustomerSpend')).toEqual(['TOO_MANY_VALUES']);
  });
});

/** [field, valid, invalid, code for invalid] */
const VALUE_RULES: [string, unknown, unknown, string][] = [
  ['Catalog', 'Sandbox', 'Production', 'INVALID_ENUM_VALUE'],
  ['Origin', 'Partner Referral', 'Customer Referral', 'INVALID_ENUM_VALUE'],
  ['NationalSecurity', 'No', 'Maybe', 'INVALID_ENUM_VALUE'],
  ['OpportunityType', 'Expansion', 'Upsell', 'INVALID_ENUM_VALUE'],
  ['Customer.Account.Industry', 'Software and Internet', 'Software & Internet', 'INVALID_ENUM_VALUE'],
  ['Customer.Account.Address.CountryCode', 'US', 'USA', 'INVALID_ENUM_VALUE'],
  ['Customer.Account.Address.StateOrRegion', 'Dist. of Columbia', 'NY', 'INVALID_VALUE'],
  ['Customer.Account.Duns', '123456789', '12345678', 'INVALID_STRING_FORMAT'],
  ['Customer.Account.AwsAccountId', '123456789012', '1234-5678-9012', 'INVALID_STRING_FORMAT'],
  ['Customer.Account.WebsiteUrl', 'https://example.com/about', 'not a website', 'INVALID_STRING_FORMAT'],
  ['LifeCycle.TargetCloseDate', TODAY, '07/10/2029', 'INVALID_STRING_FORMAT'],
  ['LifeCycle.TargetCloseDate', TODAY, '2026-11-14', 'VALUE_OUT_OF_RANGE'],
  ['LifeCycle.Stage', 'Qualified', 'Won', 'INVALID_ENUM_VALUE'],
  ['Project.CustomerUseCase', 'AI Machine Learning and Analytics', 'Machine Learning', 'INVALID_ENUM_VALUE'],
  ['Project.CompetitorName', 'Microsoft Azure', 'Azure', 'INVALID_ENUM_VALUE'],
  ['Project.RelatedOpportunityIdentifier', 'O1234567', 'OP-1234567', 'INVALID_STRING_FORMAT'],
  ['Marketing.Source', 'Marketing Activity', 'Yes', 'INVALID_ENUM_VALUE'],
  ['Marketing.AwsFundingUsed', 'No', 'Maybe', 'INVALID_ENUM_VALUE'],
  ['SoftwareRevenue.DeliveryModel', 'Subscription', 'Monthly', 'INVALID_ENUM_VALUE'],
  ['SoftwareRevenue.EffectiveDate', '2027-01-01', '2027-1-1', 'INVALID_STRING_FORMAT'],
  ['SoftwareRevenue.ExpirationDate', '2028-01-01', '2028/01/01', 'INVALID_STRING_FORMAT'],
  ['SoftwareRevenue.Value.Amount', '10000.50', '10,000', 'INVALID_STRING_FORMAT'],
  ['SoftwareRevenue.Value.CurrencyCode', 'EUR', 'GBP', 'INVALID_ENUM_VALUE'],
  ['Project.Title', 'A title', 42, 'INVALID_VALUE'],
  ['Customer.Account', { CompanyName: 'x' }, 'not an object', 'INVALID_VALUE'],
];

describe('allowed values and formats', () => {
  it.each(VALUE_RULES)('%s: %j passes, %j fails', (field, valid, invalid, code) => {
    if (field !== 'Customer.Account') expect(codesAt(withField(validPayload(), field, valid), field)).toEqual([]);
    expect(codesAt(withField(validPayload(), field, invalid), field)).toEqual([code]);
  });

  it.each([
    ['Project.DeliveryModels', ['SaaS or PaaS', 'Resell'], ['SaaS']],
    ['Project.SalesActivities', ['SOW Signed'], ['Signed SOW']],
    ['PrimaryNeedsFromAws', ['Co-Sell - Deal Support'], ['Co-Sell - Lunch']],
    ['Marketing.Channels', ['Email', 'Video'], ['Carrier pigeon']],
    ['Marketing.UseCases', ['Serverless'], ['Servers']],
    ['Project.ApnPrograms', ['Well-Architected'], ['Well Architected']],
  ])('%s: each value is checked', (field, valid, invalid) => {
    expect(codesAt(withField(validPayload(), field, valid), `${field}[0]`)).toEqual([]);
    expect(codesAt(withField(validPayload(), field, invalid), `${field}[0]`)).toEqual(['INVALID_ENUM_VALUE']);
  });

  it('explains that "Do Not Need Support from AWS Sales Rep" became For Visibility Only', () => {
    const problems = check(withField(validPayload(), 'PrimaryNeedsFromAws', ['Do Not Need Support from AWS Sales Rep']));
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'PrimaryNeedsFromAws[0]',
        code: 'INVALID_ENUM_VALUE',
        message: expect.stringContaining('For Visibility Only') as unknown,
      }),
    ]);
  });

  it('expected spend amount must be a number above zero', () => {
    const field = 'Project.ExpectedCustomerSpend[0].Amount';
    const at = (amount: string) =>
      withField(validPayload(), 'Project.ExpectedCustomerSpend', [{ Amount: amount, CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' }]);
    expect(codesAt(at('0.01'), field)).toEqual([]);
    expect(codesAt(at('0'), field)).toEqual(['VALUE_OUT_OF_RANGE']);
    expect(codesAt(at('$100'), field)).toEqual(['INVALID_STRING_FORMAT']);
  });

  it('expected spend needs currency USD or EUR, frequency Monthly and a target company', () => {
    const entry = (e: Json) =>
      withField(validPayload(), 'Project.ExpectedCustomerSpend', [{ Amount: '100', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS', ...e }]);
    expect(codesAt(entry({ CurrencyCode: 'GBP' }), 'Project.ExpectedCustomerSpend[0].CurrencyCode')).toEqual(['INVALID_ENUM_VALUE']);
    expect(codesAt(entry({ Frequency: 'Yearly' }), 'Project.ExpectedCustomerSpend[0].Frequency')).toEqual(['INVALID_ENUM_VALUE']);
    expect(codesAt(entry({ TargetCompany: undefined }), 'Project.ExpectedCustomerSpend[0].TargetCompany')).toEqual(['REQUIRED_FIELD_MISSING']);
    const eu = withField(entry({}), 'Project.AwsPartition', 'aws-eusc');
    expect(codesAt(eu, 'Project.ExpectedCustomerSpend[0].CurrencyCode')).toEqual(['INVALID_VALUE']);
    expect(codesAt(withField(entry({ CurrencyCode: 'EUR' }), 'Project.AwsPartition', 'aws-eusc'), 'Project.ExpectedCustomerSpend[0].CurrencyCode')).toEqual([]);
  });

  it('contact phone must be international format and email an address', () => {
    const contact = (c: Json) => withField(validPayload(), 'Customer.Contacts', [{ FirstName: 'A', ...c }]);
    expect(codesAt(contact({ Phone: '+442071234567' }), 'Customer.Contacts[0].Phone')).toEqual([]);
    expect(codesAt(contact({ Phone: '020 7123 4567' }), 'Customer.Contacts[0].Phone')).toEqual(['INVALID_STRING_FORMAT']);
    expect(codesAt(contact({ Email: 'Ada.Lovelace@Example.com' }), 'Customer.Contacts[0].Email')).toEqual([]);
    expect(codesAt(contact({ Email: 'ada@' }), 'Customer.Contacts[0].Email')).toEqual(['INVALID_STRING_FORMAT']);
    expect(codesAt(withField(validPayload(), 'Customer.Contacts', ['Ada']), 'Customer.Contacts[0]')).toEqual(['INVALID_VALUE']);
  });

  it('AWS Referral origin only in the Sandbox catalog', () => {
    expect(codesAt(withField(validPayload(), 'Origin', 'AWS Referral'), 'Origin')).toEqual(['INVALID_VALUE']);
    expect(codesAt(withField(withField(validPayload(), 'Origin', 'AWS Referral'), 'Catalog', 'Sandbox'), 'Origin')).toEqual([]);
  });

  it('marketing details must be empty when the source is None', () => {
    const payload = withField(validPayload(), 'Marketing.Source', 'None');
    expect(check(payload).map((p) => [p.field, p.code])).toEqual([
      ['Marketing.AwsFundingUsed', 'INVALID_VALUE'],
      ['Marketing.CampaignName', 'INVALID_VALUE'],
      ['Marketing.Channels', 'INVALID_VALUE'],
      ['Marketing.UseCases', 'INVALID_VALUE'],
    ]);
    expect(check({ ...validPayload(), Marketing: { Source: 'None' } })).toEqual([]);
  });

  it('lists need lists and text needs text', () => {
    expect(codesAt(withField(validPayload(), 'Project.DeliveryModels', 'SaaS or PaaS'), 'Project.DeliveryModels')).toEqual(['INVALID_VALUE']);
    expect(codesAt(withField(validPayload(), 'Project.SalesActivities', [7]), 'Project.SalesActivities[0]')).toEqual(['INVALID_VALUE']);
  });
});
