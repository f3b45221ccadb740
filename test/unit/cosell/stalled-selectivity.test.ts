import { describe, expect, it } from 'vitest';
import { adviseSubmission, type SelectivityInput } from '../../../src/domain/cosell/selectivity.ts';
import { assessStalled, assessZombie, calendarDaysBetween } from '../../../src/domain/cosell/stalled.ts';
import { deriveMicrosoftCoSellStatus } from '../../../src/domain/cosell/status.ts';
import { appPolicy } from '../../../src/policy/app-policy.ts';
import { coSellPolicyOf, cosellConfigSchema, defaultCosellConfig, type CoSellPolicy, type CosellConfig } from '../../../src/policy/cosell-config.ts';

const config: CosellConfig = {
  ...defaultCosellConfig,
  minDealSize: { aws: 50_000, azure: 30_000, gcp: 20_000 },
  stalledDays: { draft: 14, submitted: 7, in_review: 10, action_required: 5, accepted: 45 },
  zombieDays: 60,
};
const policy: CoSellPolicy = {
  cosell: config,
  stageOneStageIds: ['appointmentscheduled', 'qualifiedtobuy'],
  listedOn: { aws: false, azure: false, gcp: false },
};

describe('policy config', () => {
  it('takes stage one from the pipeline section and listings from the routing section', () => {
    const portal = coSellPolicyOf(appPolicy);
    expect(portal.stageOneStageIds).toBe(appPolicy.pipeline.stageOneStageIds);
    expect(portal.listedOn).toEqual({
      aws: appPolicy.routing.clouds.aws.listed,
      azure: appPolicy.routing.clouds.azure.listed,
      gcp: appPolicy.routing.clouds.gcp.listed,
    });
    expect(portal.cosell).toBe(appPolicy.cosell);
  });

  it('refuses the fields now read from other sections, naming them', () => {
    const result = cosellConfigSchema.safeParse({ ...defaultCosellConfig, listedOnCloud: { aws: true, azure: true, gcp: true } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['listedOnCloud'] });
  });

  it('refuses an acceptance rate above 1 and names the field', () => {
    const result = cosellConfigSchema.safeParse({ ...defaultCosellConfig, minAcceptanceRate: 1.5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['minAcceptanceRate']);
  });
});

describe('calendarDaysBetween', () => {
  it('counts UTC calendar days from a date or date-time', () => {
    expect(calendarDaysBetween('2026-11-01', '2026-11-08')).toBe(7);
    expect(calendarDaysBetween('2026-10-31T23:59:00Z', '2026-11-01')).toBe(1);
    expect(calendarDaysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(calendarDaysBetween('not a date', '2026-11-01')).toBeNull();
  });
});

describe("stalled: more than the policy's days in one open status", () => {
  const submittedSince = (since: string | null) => deriveMicrosoftCoSellStatus({ referralId: 'R1', status: 'New', substatus: 'Pending', statusSince: since });

  it('exactly at the limit is not stalled; one day past is', () => {
    expect(assessStalled(submittedSince('2026-11-01'), '2026-11-08', config)).toMatchObject({
      daysInStatus: 7,
      thresholdDays: 7,
      stalled: false,
      message: null,
    });
    const late = assessStalled(submittedSince('2026-11-01'), '2026-11-09', config);
    expect(late).toMatchObject({ daysInStatus: 8, stalled: true });
    expect(late.message).toContain('past the 7-day limit');
  });

  it('uses the limit for the status at hand', () => {
    const actionRequired = deriveMicrosoftCoSellStatus({ referralId: 'R1', status: 'New', substatus: 'Received', statusSince: '2026-11-01' });
    expect(assessStalled(actionRequired, '2026-11-06', config).stalled).toBe(false);
    expect(assessStalled(actionRequired, '2026-11-07', config).stalled).toBe(true);
  });

  it('finished or unshared deals and unknown start dates never stall', () => {
    const won = deriveMicrosoftCoSellStatus({ referralId: 'R1', status: 'Closed', substatus: 'Won', statusSince: '2020-01-01' });
    expect(assessStalled(won, '2026-11-09', config)).toMatchObject({ thresholdDays: null, stalled: false });
    expect(assessStalled(submittedSince(null), '2026-11-09', config)).toMatchObject({ daysInStatus: null, stalled: false });
  });
});

describe("zombie: a stage-one deal without stage progress for the policy's days", () => {
  it('59 days is not zombie, 60 is', () => {
    const deal = { dealStage: 'appointmentscheduled', stageEnteredAt: '2026-09-01T08:00:00Z', createdAt: '2026-08-01' };
    expect(assessZombie(deal, '2026-10-30', policy)).toMatchObject({ stageOne: true, daysWithoutProgress: 59, zombie: false });
    const zombie = assessZombie(deal, '2026-10-31', policy);
    expect(zombie).toMatchObject({ daysWithoutProgress: 60, zombie: true });
    expect(zombie.message).toContain('60 days');
  });

  it('falls back to the creation date and ignores later stages', () => {
    expect(assessZombie({ dealStage: 'qualifiedtobuy', stageEnteredAt: null, createdAt: '2026-01-01' }, '2026-11-01', policy).zombie).toBe(true);
    expect(assessZombie({ dealStage: 'contractsent', stageEnteredAt: '2026-01-01', createdAt: null }, '2026-11-01', policy)).toMatchObject({
      stageOne: false,
      zombie: false,
    });
  });
});

describe('selectivity: submit or hold, with reasons', () => {
  const strong: SelectivityInput = {
    cloud: 'aws',
    amount: 50_000,
    dealStage: 'presentationscheduled',
    customerCommitment: 'committed',
    hyperscalerContact: { name: 'Sam Seller', email: 'sam@amazon.com', role: 'Account manager' },
    recentSubmissions: { accepted: 8, decided: 10 },
  };
  const factor = (advice: ReturnType<typeof adviseSubmission>, name: string) => advice.reasons.find((r) => r.factor === name);

  it('submits a sized, qualified, supported deal', () => {
    const advice = adviseSubmission(strong, policy);
    expect(advice.recommendation).toBe('submit');
    expect(advice.reasons.map((r) => r.factor)).toEqual(['deal_size', 'stage', 'commitment', 'contact', 'listing', 'acceptance_rate']);
    expect(factor(advice, 'contact')?.message).toContain('Sam Seller');
  });

  it('deal size exactly at the minimum passes; one below holds', () => {
    expect(adviseSubmission({ ...strong, amount: 50_000 }, policy).recommendation).toBe('submit');
    const small = adviseSubmission({ ...strong, amount: 49_999 }, policy);
    expect(small.recommendation).toBe('hold');
    expect(factor(small, 'deal_size')).toMatchObject({ verdict: 'against', message: expect.stringContaining('below the 50,000 minimum for AWS') as unknown });
    expect(adviseSubmission({ ...strong, amount: null }, policy).recommendation).toBe('hold');
  });

  it("uses the minimum of the deal's cloud", () => {
    expect(adviseSubmission({ ...strong, cloud: 'gcp', amount: 20_000 }, policy).recommendation).toBe('submit');
  });

  it('holds stage-one deals', () => {
    const advice = adviseSubmission({ ...strong, dealStage: 'qualifiedtobuy' }, policy);
    expect(advice.recommendation).toBe('hold');
    expect(advice.summary).toContain('still in stage one');
  });

  it('needs one supporting signal; any of commitment, contact or listing will do', () => {
    const bare = { ...strong, customerCommitment: 'unknown' as const, hyperscalerContact: null };
    expect(adviseSubmission(bare, policy).recommendation).toBe('hold');
    expect(adviseSubmission({ ...bare, customerCommitment: 'committed' }, policy).recommendation).toBe('submit');
    expect(adviseSubmission({ ...bare, hyperscalerContact: { name: null, email: 'sam@amazon.com', role: null } }, policy).recommendation).toBe('submit');
    expect(adviseSubmission(bare, { ...policy, listedOn: { ...policy.listedOn, aws: true } }).recommendation).toBe('submit');
  });

  it('a low acceptance rate asks for one more signal; at the target it does not', () => {
    const oneSignal = { ...strong, hyperscalerContact: null };
    expect(adviseSubmission({ ...oneSignal, recentSubmissions: { accepted: 5, decided: 10 } }, policy).recommendation).toBe('submit');
    const low = adviseSubmission({ ...oneSignal, recentSubmissions: { accepted: 4, decided: 10 } }, policy);
    expect(low.recommendation).toBe('hold');
    expect(factor(low, 'acceptance_rate')).toMatchObject({ verdict: 'against', message: expect.stringContaining('40%') as unknown });
    expect(adviseSubmission({ ...strong, recentSubmissions: { accepted: 4, decided: 10 } }, policy).recommendation).toBe('submit');
  });

  it('ignores the acceptance rate below the minimum sample', () => {
    const advice = adviseSubmission({ ...strong, hyperscalerContact: null, recentSubmissions: { accepted: 0, decided: 9 } }, policy);
    expect(advice.recommendation).toBe('submit');
    expect(factor(advice, 'acceptance_rate')?.verdict).toBe('neutral');
  });
});
