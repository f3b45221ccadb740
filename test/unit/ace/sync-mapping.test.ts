import {
  AwsMemberBusinessTitle,
  ClosedLostReason,
  InvitationStatus,
  OpportunityOrigin,
  ReviewStatus,
  SalesInvolvementType,
  Stage,
  type CreateOpportunityRequest,
} from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import {
  AWS_TEAM_ROLE_LABELS,
  CLOSED_LOST_REASONS,
  DEAL_OUTCOME_TO_ACE_STAGE,
  dealPropertiesFromInvitation,
  dealPropertiesFromOpportunity,
  planAcePush,
  primaryAwsContact,
  type AceOpportunityView,
} from '../../../src/domain/ace/sync.ts';
import { aceFieldLabel, aceWaitingMessage } from '../../../src/domain/ace/editability.ts';
import { AWS_INVITATION_STATUS_TO_UNIFIED, AWS_REVIEW_STATUS_TO_UNIFIED, AWS_STAGE_OUTCOME } from '../../../src/domain/cosell/status.ts';
import { cosellProperties } from '../../../src/hubspot/schema/cosell.ts';
import { validPayload } from '../cosell/fixtures/payloads.ts';

const optionsOf = (name: string) => cosellProperties.find((p) => p.name === name)!.options!.map((o) => o.value);

const view = (overrides: Partial<AceOpportunityView> = {}): AceOpportunityView => ({
  id: 'O1234567',
  origin: OpportunityOrigin.PARTNER_REFERRAL,
  reviewStatus: ReviewStatus.APPROVED,
  reviewComments: null,
  reviewStatusReason: null,
  stage: Stage.QUALIFIED,
  involvementType: SalesInvolvementType.CO_SELL,
  awsNextSteps: 'Intro call',
  awsTeam: [],
  lastModified: '2026-11-20T10:00:00.000Z',
  ...overrides,
});
const noState = { opportunityId: null, reviewStatus: null, stage: null, invitationStatus: null, contactEmail: null };

describe('every AWS enum value, taken from the SDK, has a mapping', () => {
  it.each(Object.values(ReviewStatus))('review status %s: a unified status and a deal property option', (value) => {
    expect(AWS_REVIEW_STATUS_TO_UNIFIED[value]).toBeDefined();
    expect(optionsOf('cosell_aws_review_status')).toContain(value);
  });
  it.each(Object.values(Stage))('stage %s: an outcome and a deal property option', (value) => {
    expect(AWS_STAGE_OUTCOME[value]).not.toBeUndefined();
    expect(optionsOf('cosell_aws_stage')).toContain(value);
  });
  it.each(Object.values(InvitationStatus))('invitation status %s', (value) => {
    expect(AWS_INVITATION_STATUS_TO_UNIFIED[value]).toBeDefined();
    expect(optionsOf('cosell_aws_invitation_status')).toContain(value);
  });
  it.each(Object.values(SalesInvolvementType))('involvement type %s', (value) => expect(optionsOf('cosell_aws_involvement_type')).toContain(value));
  it.each(Object.values(OpportunityOrigin))('origin %s', (value) => expect(optionsOf('cosell_aws_origin')).toContain(value));
  it.each(Object.values(AwsMemberBusinessTitle))('AWS team role %s has words for the card', (value) => expect(AWS_TEAM_ROLE_LABELS[value]).toMatch(/^AWS /));
  it.each(Object.values(ClosedLostReason))('closed-lost reason %s can be picked on the deal', (value) => {
    expect(CLOSED_LOST_REASONS).toContain(value);
    expect(optionsOf('cosell_ace_closed_lost_reason')).toContain(value);
  });
  it('won and lost deals map to the ACE stages that end an opportunity', () => {
    expect(AWS_STAGE_OUTCOME[DEAL_OUTCOME_TO_ACE_STAGE.won]).toBe('won');
    expect(AWS_STAGE_OUTCOME[DEAL_OUTCOME_TO_ACE_STAGE.lost]).toBe('lost');
  });
});

describe('AWS -> deal', () => {
  it('stamps "since" only when a value changes, so a repeated pull changes nothing', () => {
    const first = dealPropertiesFromOpportunity(view(), noState, '2026-11-20T10:00:00.000Z');
    expect(first).toMatchObject({
      cosell_aws_review_status: 'Approved',
      cosell_aws_review_status_since: '2026-11-20T10:00:00.000Z',
      cosell_aws_stage: 'Qualified',
    });
    const again = dealPropertiesFromOpportunity(view(), { ...noState, reviewStatus: 'Approved', stage: 'Qualified' }, '2026-11-21T10:00:00.000Z');
    expect(again['cosell_aws_review_status_since']).toBeUndefined();
    expect(again['cosell_aws_stage_since']).toBeUndefined();
  });

  it("puts AWS's comments and reason together and names the seller before partner managers", () => {
    const properties = dealPropertiesFromOpportunity(
      view({
        reviewStatus: ReviewStatus.ACTION_REQUIRED,
        reviewComments: 'Add the postal code.',
        reviewStatusReason: 'Incomplete address.',
        awsTeam: [
          { Email: 'pdm@amazon.com', FirstName: 'Pat', BusinessTitle: 'PDM' },
          { Email: 'rep@amazon.com', FirstName: 'Rae', LastName: 'Lee', BusinessTitle: 'AWSSalesRep' },
        ],
      }),
      noState,
      '2026-11-20T10:00:00.000Z',
    );
    expect(properties).toMatchObject({
      cosell_aws_review_comments: 'Add the postal code. Incomplete address.',
      cosell_hyperscaler_contact_name: 'Rae Lee',
      cosell_hyperscaler_contact_email: 'rep@amazon.com',
      cosell_hyperscaler_contact_role: 'AWS sales representative',
    });
    expect(primaryAwsContact([])).toBeNull();
  });

  it('an invitation marks the deal as an AWS referral', () => {
    expect(dealPropertiesFromInvitation({ id: 'engi-1', status: 'PENDING' }, noState, '2026-11-20T10:00:00.000Z')).toEqual({
      cosell_cloud: 'aws',
      cosell_aws_origin: 'AWS Referral',
      cosell_aws_invitation_id: 'engi-1',
      cosell_aws_invitation_status: 'PENDING',
      cosell_aws_invitation_status_since: '2026-11-20T10:00:00.000Z',
    });
  });
});

describe('deal -> AWS', () => {
  const current = () => ({
    ...(validPayload() as object),
    Id: 'O1',
    LastModifiedDate: new Date(0),
    LifeCycle: { ...((validPayload()['LifeCycle'] as object) ?? {}), ReviewStatus: 'Action Required', ReviewComments: 'Fix it', Stage: 'Prospect' },
  });
  const desiredWith = (change: (p: Record<string, unknown>) => void) => {
    const desired = validPayload();
    change(desired);
    return desired as unknown as CreateOpportunityRequest;
  };

  it('under Action Required sends the business problem, holds the title back and never touches AWS-owned fields', () => {
    const plan = planAcePush(
      current(),
      desiredWith((p) => {
        (p['Project'] as Record<string, unknown>)['Title'] = 'Renamed';
        (p['Project'] as Record<string, unknown>)['CustomerBusinessProblem'] = 'A much clearer statement of the business problem.';
      }),
      ReviewStatus.ACTION_REQUIRED,
      Stage.PROSPECT,
      'open',
      null,
    );
    expect(plan.waiting).toEqual(['Project.Title']);
    expect(aceWaitingMessage(plan.waiting, ReviewStatus.ACTION_REQUIRED, Stage.PROSPECT)).toMatch(
      /^Action Required: .* These changes go to AWS once it allows them: Partner Project Title\.$/,
    );
    expect((plan.body!['Project'] as Record<string, unknown>)['CustomerBusinessProblem']).toBe('A much clearer statement of the business problem.');
    expect((plan.body!['Project'] as Record<string, unknown>)['Title']).not.toBe('Renamed');
    expect(plan.body!['LifeCycle']).not.toHaveProperty('ReviewStatus');
    expect(plan.body!['LifeCycle']).not.toHaveProperty('ReviewComments');
    expect(plan.body).not.toHaveProperty('Id');
  });

  it('takes a list AWS returns with its keys in another order for the same list: nothing to send, nothing waits', () => {
    const desired = validPayload() as unknown as CreateOpportunityRequest;
    const reordered = structuredClone(desired) as unknown as Record<string, Record<string, unknown>>;
    reordered['Customer']!['Contacts'] = (desired.Customer!.Contacts ?? []).map((contact) => Object.fromEntries(Object.entries(contact).reverse()));
    reordered['Project']!['ExpectedCustomerSpend'] = (desired.Project!.ExpectedCustomerSpend ?? []).map((spend) =>
      Object.fromEntries(Object.entries(spend).reverse()),
    );
    const aws = { ...reordered, Id: 'O1', LastModifiedDate: new Date(0), LifeCycle: { ...reordered['LifeCycle'], ReviewStatus: 'Action Required' } };
    const plan = planAcePush(aws, desired, ReviewStatus.ACTION_REQUIRED, Stage.PROSPECT, 'open', null);
    expect(plan).toEqual({ body: null, waiting: [] });
  });

  it('sends nothing when nothing changed, and a lost deal as Closed Lost with its reason (Other when none was picked)', () => {
    const same = planAcePush(current(), validPayload() as unknown as CreateOpportunityRequest, ReviewStatus.APPROVED, Stage.PROSPECT, 'open', null);
    expect(same.body).toBeNull();
    const lost = planAcePush(current(), validPayload() as unknown as CreateOpportunityRequest, ReviewStatus.APPROVED, Stage.PROSPECT, 'lost', null);
    expect(lost.body!['LifeCycle']).toMatchObject({ Stage: 'Closed Lost', ClosedLostReason: 'Other' });
    const won = planAcePush(current(), validPayload() as unknown as CreateOpportunityRequest, ReviewStatus.APPROVED, Stage.PROSPECT, 'won', 'Price');
    expect(won.body!['LifeCycle']).toMatchObject({ Stage: 'Launched' });
  });
});

describe("changes AWS does not take now, in people's words", () => {
  it("names fields by AWS's own labels, array members and unknown fields included", () => {
    expect(aceFieldLabel('Customer.Account.WebsiteUrl')).toBe('Customer Website');
    expect(aceFieldLabel('Customer.Contacts[1].Email')).toBe(aceFieldLabel('Customer.Contacts.Email'));
    expect(aceFieldLabel('Project.ExpectedCustomerSpend[0].Amount')).toBe(aceFieldLabel('Project.ExpectedCustomerSpend.Amount'));
    expect(aceFieldLabel('Project.SomethingNew')).toBe('Something New');
  });

  it('says nothing when nothing waits, and that nothing more reaches AWS once it has closed the opportunity', () => {
    expect(aceWaitingMessage([], ReviewStatus.IN_REVIEW, Stage.PROSPECT)).toBe('');
    expect(aceWaitingMessage(['Project.Title', 'Project.Title'], ReviewStatus.IN_REVIEW, Stage.PROSPECT)).toBe(
      'In review: read-only while AWS validates it. These changes go to AWS once it allows them: Partner Project Title.',
    );
    expect(aceWaitingMessage(['Project.Title'], ReviewStatus.APPROVED, Stage.CLOSED_LOST)).toBe(
      'Closed Lost: no further updates. These changes will not reach AWS: Partner Project Title.',
    );
  });
});
