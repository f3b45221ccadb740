import { ReviewStatus } from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import { aceReadinessApplies, assessAceReadiness, buildAceCreateOpportunity, hubspotFixFor } from '../../../src/domain/ace/readiness.ts';
import { deriveAwsCoSellStatus, type AwsCoSellRaw } from '../../../src/domain/cosell/status.ts';
import { resolveAceCountryCode } from '../../../src/domain/ace/countries.ts';
import { COSELL_DEAL_PROPERTIES, parseCoSellCompany, parseCoSellContact, parseCoSellDeal } from '../../../src/hubspot/records/cosell.ts';
import { cosellProperties } from '../../../src/hubspot/schema/cosell.ts';
import { TODAY, validDealInput } from './fixtures/payloads.ts';

const NATIVE = new Set(['hs_object_id', 'dealname', 'amount', 'closedate', 'dealstage', 'createdate']);

describe('co-sell HubSpot properties', () => {
  it('are prefixed cosell_, unique per object, and every select has options', () => {
    const keys = cosellProperties.map((p) => `${p.objectType}.${p.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of cosellProperties) {
      expect(p.name).toMatch(/^cosell_[a-z0-9_]+$/);
      if (p.type === 'enumeration') expect(p.options?.length, p.name).toBeGreaterThan(0);
    }
  });

  it("offer the SDK's review statuses as their own values, so the sync writes them unchanged", () => {
    const reviewStatus = cosellProperties.find((p) => p.name === 'cosell_aws_review_status')!;
    expect(reviewStatus.options!.map((o) => o.value)).toEqual(Object.values(ReviewStatus));
  });

  it('declare every custom deal property the record parser reads', () => {
    const declared = new Set(cosellProperties.filter((p) => p.objectType === 'deals').map((p) => p.name));
    expect(COSELL_DEAL_PROPERTIES.filter((name) => !NATIVE.has(name) && !declared.has(name))).toEqual([]);
  });

  it('every HubSpot property a readiness fix points at is native or declared', () => {
    const declared = new Set(cosellProperties.map((p) => p.name));
    const native = new Set([
      'name',
      'website',
      'country',
      'zip',
      'state',
      'city',
      'address',
      'email',
      'phone',
      'firstname',
      'lastname',
      'jobtitle',
      'closedate',
      'dealname',
    ]);
    for (const field of [
      'Customer.Account.Industry',
      'Customer.Account.Address.PostalCode',
      'Project.SalesActivities',
      'RelatedEntityIdentifiers.Solutions',
      'Customer.Contacts[3].Phone',
    ]) {
      const property = hubspotFixFor(field).property!;
      expect(declared.has(property) || native.has(property), field).toBe(true);
    }
  });
});

describe('HubSpot records', () => {
  const deal = {
    hs_object_id: '9001',
    dealname: 'Acme',
    amount: '60000',
    closedate: '2027-03-31T00:00:00Z',
    dealstage: 'qualifiedtobuy',
    createdate: '1767225600000',
    cosell_cloud: 'aws',
    cosell_aws_opportunity_id: 'O123',
    cosell_aws_origin: 'Partner Referral',
    cosell_aws_review_status: 'In review',
    cosell_aws_review_status_since: '2026-11-01T09:00:00Z',
    cosell_aws_stage: '',
    cosell_ace_delivery_models: 'SaaS or PaaS;Resell',
    cosell_ace_national_security: 'false',
    cosell_hyperscaler_contact_name: 'Sam',
  };

  it('parse a deal bag (strings or null) into domain inputs', () => {
    const record = parseCoSellDeal(deal);
    expect(record.coSell).toMatchObject({ cloud: 'aws', aws: { reviewStatus: 'In review', stage: null, reviewStatusSince: '2026-11-01T09:00:00Z' } });
    expect(record.amount).toBe(60000);
    expect(record.ace).toMatchObject({ closeDate: '2027-03-31', deliveryModels: ['SaaS or PaaS', 'Resell'], nationalSecurity: false });
    expect(record.zombie).toEqual({ dealStage: 'qualifiedtobuy', stageEnteredAt: null, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(record.hyperscalerContact).toEqual({ name: 'Sam', email: null, role: null });
  });

  it('name the property when a value is not one the cloud sends', () => {
    expect(() => parseCoSellDeal({ ...deal, cosell_aws_review_status: 'Approved!' })).toThrow(/cosell_aws_review_status/);
    expect(() => parseCoSellDeal({ ...deal, amount: 'lots' })).toThrow(/amount/);
  });

  it('parse companies (unknown commitment by default) and contacts', () => {
    const company = parseCoSellCompany({ name: 'Acme', country: 'USA', cosell_aws_commit_program: 'edp', cosell_azure_commit_program: 'none', zip: null });
    expect(company.commitment).toEqual({ aws: 'committed', azure: 'not_committed', gcp: 'unknown' });
    expect(company.ace).toMatchObject({ name: 'Acme', country: 'USA', zip: null });
    expect(parseCoSellContact({ firstname: ' Ada ', email: 'ada@acme.example.com' })).toMatchObject({ firstName: 'Ada', lastName: null });
  });
});

describe('ACE readiness of a deal', () => {
  it("a complete deal is ready and maps to AWS's payload shape", () => {
    const readiness = assessAceReadiness(validDealInput(), { today: TODAY });
    expect(readiness.problems).toEqual([]);
    expect(readiness.ready).toBe(true);
    expect(readiness.payload).toMatchObject({
      Catalog: 'AWS',
      Origin: 'Partner Referral',
      PartnerOpportunityIdentifier: '9001',
      Customer: { Account: { CompanyName: 'Acme Corp', Address: { CountryCode: 'US', StateOrRegion: 'New York', PostalCode: '10001' } } },
      Project: { ExpectedCustomerSpend: [{ Amount: '12500', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' }] },
    });
  });

  it('says which HubSpot property fixes each problem, in plain words', () => {
    const input = validDealInput();
    input.company!.zip = '1000';
    input.deal.salesActivities = [];
    const { ready, problems } = assessAceReadiness(input, { today: TODAY });
    expect(ready).toBe(false);
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'Customer.Account.Address.PostalCode',
        code: 'INVALID_STRING_FORMAT',
        message: 'The postal code is invalid for country United States, United States postal code must be in 99999 OR 99999-9999 format.',
        hubspot: { object: 'company', property: 'zip', fix: expect.stringContaining('postal code') as unknown },
      }),
      expect.objectContaining({
        field: 'Project.SalesActivities',
        code: 'REQUIRED_FIELD_MISSING',
        hubspot: expect.objectContaining({ property: 'cosell_ace_sales_activities' }) as unknown,
      }),
    ]);
  });

  it('requires an AWS solution id, and a description when the solution is Other', () => {
    const input = validDealInput();
    input.deal.solutionIds = [];
    expect(assessAceReadiness(input, { today: TODAY }).problems.map((p) => [p.field, p.code])).toEqual([
      ['RelatedEntityIdentifiers.Solutions', 'REQUIRED_FIELD_MISSING'],
    ]);
    input.deal.solutionIds = ['Other', 'S1234'];
    expect(assessAceReadiness(input, { today: TODAY }).problems.map((p) => [p.field, p.code])).toEqual([
      ['RelatedEntityIdentifiers.Solutions[1]', 'INVALID_STRING_FORMAT'],
      ['Project.OtherSolutionDescription', 'REQUIRED_FIELD_MISSING'],
    ]);
  });

  it('a deal without a company misses the customer fields', () => {
    const input = { ...validDealInput(), company: null };
    const fields = assessAceReadiness(input, { today: TODAY }).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['Customer.Account.CompanyName', 'Customer.Account.Address.CountryCode', 'Customer.Account.Industry']));
  });

  it('passes an unrecognised country through so the check names it', () => {
    const input = validDealInput();
    input.company!.country = 'Atlantis';
    expect(buildAceCreateOpportunity(input).Customer?.Account?.Address?.CountryCode).toBe('Atlantis');
    expect(assessAceReadiness(input, { today: TODAY }).problems[0]).toMatchObject({
      field: 'Customer.Account.Address.CountryCode',
      code: 'INVALID_ENUM_VALUE',
    });
  });

  it.each([
    ['US', 'US'],
    ['gb', 'GB'],
    ['United States', 'US'],
    ['viet nam', 'VN'],
    ['USA', 'US'],
    ['Great Britain', 'GB'],
    ['', null],
    ['Atlantis', null],
  ])('reads the HubSpot country %j as %j', (text, code) => {
    expect(resolveAceCountryCode(text)).toBe(code);
  });
});

describe('when ACE readiness applies', () => {
  const raw = (overrides: Partial<AwsCoSellRaw>): AwsCoSellRaw => ({
    opportunityId: null,
    origin: null,
    reviewStatus: null,
    reviewStatusSince: null,
    stage: null,
    stageSince: null,
    involvementType: null,
    invitationStatus: null,
    invitationStatusSince: null,
    ...overrides,
  });
  const applies = (overrides: Partial<AwsCoSellRaw>) => aceReadinessApplies(raw(overrides), deriveAwsCoSellStatus(raw(overrides)));

  it('while our own opportunity can still be created or updated', () => {
    expect(applies({})).toBe(true);
    expect(applies({ opportunityId: 'O1', reviewStatus: ReviewStatus.ACTION_REQUIRED })).toBe(true);
    expect(applies({ opportunityId: 'O1', origin: 'AWS Referral', invitationStatus: 'ACCEPTED' })).toBe(true);
  });

  it('not once it is finished, nor for an AWS referral we have not accepted', () => {
    expect(applies({ opportunityId: 'O1', reviewStatus: ReviewStatus.REJECTED })).toBe(false);
    expect(applies({ opportunityId: 'O1', reviewStatus: ReviewStatus.APPROVED, stage: 'Launched' })).toBe(false);
    expect(applies({ origin: 'AWS Referral', invitationStatus: 'PENDING' })).toBe(false);
  });
});
