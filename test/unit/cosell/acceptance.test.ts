import { OpportunityOrigin, ReviewStatus } from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import {
  AWS_REVIEW_DECISION,
  GOOGLE_STATE_DECISION,
  MICROSOFT_SUBSTATUS_DECISION,
  recentAcceptance,
  submissionDecision,
} from '../../../src/domain/cosell/acceptance.ts';
import { GOOGLE_SUBMISSION_STATES, MICROSOFT_REFERRAL_SUBSTATUSES, type AwsCoSellRaw } from '../../../src/domain/cosell/status.ts';

const aws = (raw: Partial<AwsCoSellRaw>): AwsCoSellRaw => ({
  opportunityId: 'O1',
  origin: OpportunityOrigin.PARTNER_REFERRAL,
  reviewStatus: null,
  reviewStatusSince: '2026-10-01',
  stage: null,
  stageSince: null,
  involvementType: null,
  invitationStatus: null,
  invitationStatusSince: null,
  ...raw,
});

describe('decision tables cover every value the clouds can send', () => {
  it('AWS review statuses', () => {
    expect(Object.keys(AWS_REVIEW_DECISION).sort()).toEqual(Object.values(ReviewStatus).sort());
  });
  it('Microsoft substatuses and Google states', () => {
    expect(Object.keys(MICROSOFT_SUBSTATUS_DECISION).sort()).toEqual([...MICROSOFT_REFERRAL_SUBSTATUSES].sort());
    expect(Object.keys(GOOGLE_STATE_DECISION).sort()).toEqual([...GOOGLE_SUBMISSION_STATES].sort());
  });
});

describe('submissionDecision: did the cloud accept a deal we shared', () => {
  it('AWS: approved or rejected partner referrals, dated by the review status', () => {
    expect(submissionDecision({ cloud: 'aws', aws: aws({ reviewStatus: ReviewStatus.APPROVED }) })).toEqual({ decision: 'accepted', decidedAt: '2026-10-01' });
    expect(submissionDecision({ cloud: 'aws', aws: aws({ reviewStatus: ReviewStatus.REJECTED }) })?.decision).toBe('rejected');
    expect(submissionDecision({ cloud: 'aws', aws: aws({ reviewStatus: ReviewStatus.IN_REVIEW }) })).toBeNull();
  });

  it('AWS referrals to us are not our submissions', () => {
    expect(submissionDecision({ cloud: 'aws', aws: aws({ origin: OpportunityOrigin.AWS_REFERRAL, reviewStatus: ReviewStatus.APPROVED }) })).toBeNull();
  });

  it('Microsoft: won and lost referrals were accepted; declined is a refusal; no substatus is no decision', () => {
    const ms = (substatus: (typeof MICROSOFT_REFERRAL_SUBSTATUSES)[number] | null) =>
      submissionDecision({ cloud: 'azure', microsoft: { referralId: 'R1', status: 'Closed', substatus, statusSince: '2026-09-01' } })?.decision ?? null;
    expect(ms('Won')).toBe('accepted');
    expect(ms('Lost')).toBe('accepted');
    expect(ms('Declined')).toBe('rejected');
    expect(ms('Expired')).toBeNull();
    expect(ms(null)).toBeNull();
  });

  it('Google: accepted or rejected states; a deal without a cloud has none', () => {
    expect(
      submissionDecision({
        cloud: 'gcp',
        google: { opportunityId: 'G1', state: 'REJECTED', stateSince: '2026-08-01', salesStage: null, salesStageSince: null },
      }),
    ).toEqual({ decision: 'rejected', decidedAt: '2026-08-01' });
    expect(submissionDecision({ cloud: null })).toBeNull();
  });
});

describe('recentAcceptance', () => {
  const at = (decidedAt: string | null, decision: 'accepted' | 'rejected' = 'accepted') => ({ decision, decidedAt });

  it('counts decisions within the window, edges included, and skips undated or future ones', () => {
    const decisions = [at('2026-05-05'), at('2026-05-04'), at('2026-11-01', 'rejected'), at(null), at('2026-11-02'), null];
    expect(recentAcceptance(decisions, '2026-11-01', 180)).toEqual({ accepted: 1, decided: 2 });
  });
});
