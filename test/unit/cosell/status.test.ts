import { InvitationStatus, OpportunityOrigin, ReviewStatus, SalesInvolvementType, Stage } from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import {
  AWS_INVITATION_STATUS_TO_UNIFIED,
  AWS_INVOLVEMENT_NOTES,
  AWS_ORIGIN_STATUS_SOURCE,
  AWS_REVIEW_STATUS_TO_UNIFIED,
  AWS_STAGE_OUTCOME,
  COSELL_NEXT_ACTIONS,
  COSELL_STATUS_LABELS,
  GOOGLE_STATE_TO_UNIFIED,
  GOOGLE_SUBMISSION_STATES,
  MICROSOFT_REFERRAL_STATUSES,
  MICROSOFT_REFERRAL_SUBSTATUSES,
  MICROSOFT_STATUS_TO_UNIFIED,
  MICROSOFT_SUBSTATUS_TO_UNIFIED,
  UNIFIED_COSELL_STATUSES,
  deriveAwsCoSellStatus,
  deriveCoSellStatus,
  deriveGoogleCoSellStatus,
  deriveMicrosoftCoSellStatus,
  googleSalesStageOutcome,
  type AwsCoSellRaw,
} from '../../../src/domain/cosell/status.ts';

const UNIFIED = new Set<string>(UNIFIED_COSELL_STATUSES);

describe('mapping tables cover every value the clouds can send', () => {
  it.each([
    ['ReviewStatus', ReviewStatus, AWS_REVIEW_STATUS_TO_UNIFIED],
    ['InvitationStatus', InvitationStatus, AWS_INVITATION_STATUS_TO_UNIFIED],
  ] as const)('AWS %s: every SDK value maps to a unified status', (_, sdkEnum, table) => {
    const values = Object.values(sdkEnum) as string[];
    expect(Object.keys(table).sort()).toEqual([...values].sort());
    for (const value of values) expect(UNIFIED.has((table as Record<string, string>)[value]!)).toBe(true);
  });

  it('AWS Stage: every SDK value has an outcome (won, lost or still open)', () => {
    expect(Object.keys(AWS_STAGE_OUTCOME).sort()).toEqual(Object.values(Stage).sort());
    for (const stage of Object.values(Stage)) expect([null, 'won', 'lost']).toContain(AWS_STAGE_OUTCOME[stage]);
  });

  it('AWS OpportunityOrigin and SalesInvolvementType: every SDK value is handled', () => {
    expect(Object.keys(AWS_ORIGIN_STATUS_SOURCE).sort()).toEqual(Object.values(OpportunityOrigin).sort());
    expect(Object.keys(AWS_INVOLVEMENT_NOTES).sort()).toEqual(Object.values(SalesInvolvementType).sort());
  });

  it('Microsoft statuses and substatuses, Google states', () => {
    expect(Object.keys(MICROSOFT_STATUS_TO_UNIFIED)).toEqual([...MICROSOFT_REFERRAL_STATUSES]);
    expect(Object.keys(MICROSOFT_SUBSTATUS_TO_UNIFIED)).toEqual([...MICROSOFT_REFERRAL_SUBSTATUSES]);
    expect(Object.keys(GOOGLE_STATE_TO_UNIFIED)).toEqual([...GOOGLE_SUBMISSION_STATES]);
    for (const s of [
      ...Object.values(MICROSOFT_STATUS_TO_UNIFIED),
      ...Object.values(MICROSOFT_SUBSTATUS_TO_UNIFIED),
      ...Object.values(GOOGLE_STATE_TO_UNIFIED),
    ]) {
      expect(UNIFIED.has(s)).toBe(true);
    }
  });

  it('every unified status has a label and a plain-words next action for every cloud', () => {
    for (const status of UNIFIED_COSELL_STATUSES) {
      expect(COSELL_STATUS_LABELS[status]).toMatch(/\w/);
      for (const cloud of ['AWS', 'Microsoft', 'Google Cloud']) expect(COSELL_NEXT_ACTIONS[status](cloud)).toMatch(/\w{3}/);
    }
  });
});

const aws = (raw: Partial<AwsCoSellRaw>): AwsCoSellRaw => ({
  opportunityId: 'O123',
  origin: 'Partner Referral',
  reviewStatus: null,
  reviewStatusSince: '2026-11-01T10:00:00Z',
  stage: null,
  stageSince: '2026-11-05',
  involvementType: null,
  invitationStatus: null,
  invitationStatusSince: '2026-11-03',
  ...raw,
});

describe('AWS status', () => {
  it.each(Object.values(ReviewStatus).map((s) => [s] as const))('partner referral in review status %s follows the review', (reviewStatus) => {
    const status = deriveAwsCoSellStatus(aws({ reviewStatus, stage: 'Qualified' }));
    expect(status.status).toBe(AWS_REVIEW_STATUS_TO_UNIFIED[reviewStatus]);
    expect(status.since).toBe('2026-11-01T10:00:00Z');
  });

  it('Launched means won and Closed Lost means lost, dated from the stage change', () => {
    expect(deriveAwsCoSellStatus(aws({ reviewStatus: 'Approved', stage: 'Launched' }))).toMatchObject({ status: 'won', terminal: true, since: '2026-11-05' });
    expect(deriveAwsCoSellStatus(aws({ reviewStatus: 'Pending Submission', stage: 'Closed Lost' }))).toMatchObject({ status: 'lost', terminal: true });
  });

  it('a rejection stays rejected even when the stage is closed', () => {
    expect(deriveAwsCoSellStatus(aws({ reviewStatus: 'Rejected', stage: 'Closed Lost' })).status).toBe('rejected');
  });

  it('nothing synced means not shared; an id without a review status is a draft', () => {
    expect(deriveAwsCoSellStatus(aws({ opportunityId: null, origin: null })).status).toBe('not_shared');
    expect(deriveAwsCoSellStatus(aws({ origin: null })).status).toBe('draft');
  });

  it.each(Object.values(InvitationStatus).map((s) => [s] as const))('AWS referral with invitation %s', (invitationStatus) => {
    const status = deriveAwsCoSellStatus(aws({ origin: 'AWS Referral', invitationStatus }));
    expect(status.status).toBe(AWS_INVITATION_STATUS_TO_UNIFIED[invitationStatus]);
  });

  it('a pending AWS referral asks the AE to accept or reject it', () => {
    const status = deriveAwsCoSellStatus(aws({ origin: 'AWS Referral', invitationStatus: 'PENDING' }));
    expect(status.nextAction).toContain('accept or reject');
    expect(status.since).toBe('2026-11-03');
  });

  it('an accepted AWS referral follows its stage', () => {
    expect(deriveAwsCoSellStatus(aws({ origin: 'AWS Referral', invitationStatus: 'ACCEPTED', stage: 'Launched' })).status).toBe('won');
    expect(deriveAwsCoSellStatus(aws({ origin: 'AWS Referral', invitationStatus: 'ACCEPTED', stage: 'Qualified' })).status).toBe('accepted');
  });

  it('visibility-only opportunities say AWS sellers will not engage', () => {
    expect(deriveAwsCoSellStatus(aws({ reviewStatus: 'Approved', involvementType: 'For Visibility Only' })).nextAction).toContain('visibility only');
    expect(deriveAwsCoSellStatus(aws({ reviewStatus: 'Approved', involvementType: 'Co-Sell' })).nextAction).not.toContain('visibility');
  });

  it('keeps the raw values for display', () => {
    expect(deriveAwsCoSellStatus(aws({ reviewStatus: 'In review', stage: 'Qualified' })).rawStatus).toBe('Partner Referral / In review / Qualified');
  });
});

describe('Microsoft status', () => {
  const ms = (status: (typeof MICROSOFT_REFERRAL_STATUSES)[number] | null, substatus: (typeof MICROSOFT_REFERRAL_SUBSTATUSES)[number] | null) =>
    deriveMicrosoftCoSellStatus({ referralId: 'R1', status, substatus, statusSince: '2026-10-01' });

  it.each([
    ['New', 'Pending', 'submitted'],
    ['New', 'Received', 'action_required'],
    ['Active', 'Accepted', 'accepted'],
    ['Active', 'Engaged', 'accepted'],
    ['Closed', 'Won', 'won'],
    ['Closed', 'Lost', 'lost'],
    ['Closed', 'Declined', 'rejected'],
    ['Closed', 'Expired', 'expired'],
  ] as const)('%s / %s is %s', (status, substatus, unified) => {
    expect(ms(status, substatus).status).toBe(unified);
  });

  it('Closed is terminal even with a stale open substatus', () => {
    expect(ms('Closed', 'Accepted')).toMatchObject({ status: 'lost', terminal: true });
  });

  it('falls back to the status when there is no substatus', () => {
    expect(ms('Active', null).status).toBe('accepted');
    expect(ms(null, null).status).toBe('draft');
    expect(deriveMicrosoftCoSellStatus({ referralId: null, status: null, substatus: null, statusSince: null }).status).toBe('not_shared');
  });
});

describe('Google status', () => {
  const google = (state: (typeof GOOGLE_SUBMISSION_STATES)[number] | null, salesStage: string | null = null) =>
    deriveGoogleCoSellStatus({ opportunityId: 'G1', state, stateSince: '2026-10-02', salesStage, salesStageSince: '2026-10-20' });

  it.each(GOOGLE_SUBMISSION_STATES.map((s) => [s] as const))('%s maps through the table', (state) => {
    expect(google(state).status).toBe(GOOGLE_STATE_TO_UNIFIED[state]);
  });

  it('reads clear won/lost sales stages once accepted', () => {
    expect(google('ACCEPTED', 'CLOSED_WON')).toMatchObject({ status: 'won', since: '2026-10-20' });
    expect(google('ACCEPTED', 'Closed Lost').status).toBe('lost');
    expect(google('ACCEPTED', 'Negotiating').status).toBe('accepted');
    expect(google('DRAFT', 'CLOSED_WON').status).toBe('draft');
    expect(googleSalesStageOutcome('Won')).toBe('won');
    expect(googleSalesStageOutcome(null)).toBeNull();
  });
});

describe('deriveCoSellStatus', () => {
  it('a deal without a cloud is not shared and asks for the cloud', () => {
    expect(deriveCoSellStatus({ cloud: null })).toMatchObject({ status: 'not_shared', nextAction: expect.stringContaining('cloud') as unknown });
  });

  it("dispatches by the app's cloud id to the partner system's rules", () => {
    expect(
      deriveCoSellStatus({ cloud: 'gcp', google: { opportunityId: null, state: 'SUBMITTED', stateSince: null, salesStage: null, salesStageSince: null } })
        .cloud,
    ).toBe('gcp');
    expect(deriveCoSellStatus({ cloud: 'azure', microsoft: { referralId: 'R1', status: 'Active', substatus: 'Accepted', statusSince: null } })).toMatchObject({
      cloud: 'azure',
      status: 'accepted',
      nextAction: expect.stringContaining('Microsoft') as unknown,
    });
    expect(
      deriveCoSellStatus({
        cloud: 'aws',
        aws: {
          opportunityId: 'O1',
          origin: null,
          reviewStatus: null,
          reviewStatusSince: null,
          stage: null,
          stageSince: null,
          involvementType: null,
          invitationStatus: null,
          invitationStatusSince: null,
        },
      }),
    ).toMatchObject({ cloud: 'aws', status: 'draft' });
  });
});
