import { ReviewStatus } from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import { aceEditability, blockedAceEdits, isAceFieldEditable } from '../../../src/domain/ace/editability.ts';

const ACTION_REQUIRED_EDITABLE = [
  'Customer.Account.Address.City',
  'Customer.Account.Address.CountryCode',
  'Customer.Account.Address.PostalCode',
  'Customer.Account.Address.StateOrRegion',
  'Customer.Account.Address.StreetAddress',
  'Customer.Account.WebsiteUrl',
  'LifeCycle.TargetCloseDate',
  'Project.ExpectedCustomerSpend[0].Amount',
  'Project.ExpectedCustomerSpend[0].CurrencyCode',
  'Project.CustomerBusinessProblem',
  'PartnerOpportunityIdentifier',
];

describe('which ACE fields can change', () => {
  it('Pending Submission (and never submitted): everything', () => {
    expect(aceEditability('Pending Submission', null).mode).toBe('all');
    expect(aceEditability(null, null).mode).toBe('all');
  });

  it.each(['Submitted', 'In review', 'Rejected'] as const)('%s: nothing', (status) => {
    const editability = aceEditability(status, 'Qualified');
    expect(editability.mode).toBe('none');
    expect(isAceFieldEditable('LifeCycle.TargetCloseDate', editability)).toBe(false);
  });

  it('Action Required: exactly the listed fields', () => {
    const editability = aceEditability('Action Required', 'Qualified');
    for (const field of ACTION_REQUIRED_EDITABLE) expect(isAceFieldEditable(field, editability), field).toBe(true);
    for (const field of ['Customer.Account.CompanyName', 'Customer.Account.Industry', 'Project.Title', 'Project.DeliveryModels', 'LifeCycle.NextSteps']) {
      expect(isAceFieldEditable(field, editability), field).toBe(false);
    }
  });

  it('Approved before launch: progress fields, not the customer identity', () => {
    const editability = aceEditability('Approved', 'Qualified');
    expect(isAceFieldEditable('LifeCycle.NextSteps', editability)).toBe(true);
    expect(isAceFieldEditable('Project.SalesActivities', editability)).toBe(true);
    expect(isAceFieldEditable('Customer.Account.CompanyName', editability)).toBe(false);
  });

  it('Launched: only delivery models, comments and software revenue; Closed Lost: nothing', () => {
    const launched = aceEditability('Approved', 'Launched');
    expect(isAceFieldEditable('Project.DeliveryModels', launched)).toBe(true);
    expect(isAceFieldEditable('SoftwareRevenue.Value.Amount', launched)).toBe(true);
    expect(isAceFieldEditable('LifeCycle.NextSteps', launched)).toBe(false);
    expect(aceEditability('Approved', 'Closed Lost').mode).toBe('none');
  });

  it('every review status has a rule', () => {
    for (const status of Object.values(ReviewStatus)) expect(aceEditability(status, null).reason).toMatch(/\w/);
  });

  it('reports refused edits as ACTION_NOT_PERMITTED with the reason', () => {
    expect(blockedAceEdits(['Customer.Account.Address.PostalCode', 'Project.Title'], 'Action Required', null)).toEqual([
      { field: 'Project.Title', code: 'ACTION_NOT_PERMITTED', message: expect.stringContaining('Action Required') as unknown },
    ]);
    expect(blockedAceEdits(['Project.Title'], 'Pending Submission', null)).toEqual([]);
  });
});
