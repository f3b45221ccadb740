import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, describeRingfence, emptyRingfenceState, registerRingfence, ringfenceStatus } from '../../../src/domain/ringfence/index.ts';
import { ringfenceConfigSchema } from '../../../src/policy/ringfence-config.ts';
import { COMPANY_ID, applied, config, dana, evidence, evidenceFor, pipeline, registeredState } from './helpers.ts';

// Registered from an engagement on 2026-01-10 (New York): active through 2026-07-08, expires on 2026-07-09.
const state = registeredState();

describe('window boundaries (America/New_York)', () => {
  it('is active the day before expiry, with one day left and a warning', () => {
    const view = describeRingfence(state, new Date('2026-07-08T12:00:00-04:00'), config);
    expect(view.status).toBe('active');
    expect(view.daysRemaining).toBe(1);
    expect(view.lastActiveDay).toBe('2026-07-08');
    expect(view.expiryWarning).toContain('ends in 1 day:');
  });

  it('is expired on the day of expiry', () => {
    const view = describeRingfence(state, new Date('2026-07-09T12:00:00-04:00'), config);
    expect(view.status).toBe('expired');
    expect(view.daysRemaining).toBeNull();
    expect(view.expiryWarning).toBeNull();
  });

  it('is expired the day after expiry and keeps its history', () => {
    const view = describeRingfence(state, new Date('2026-07-10T12:00:00-04:00'), config);
    expect(view.status).toBe('expired');
    expect(view.ringfence?.audit).toHaveLength(1);
    expect(view.evidence).toEqual(evidence('2026-01-10'));
  });

  it('turns at local midnight in the portal zone', () => {
    expect(describeRingfence(state, new Date('2026-07-09T03:59:59.999Z'), config).status).toBe('active');
    expect(describeRingfence(state, new Date('2026-07-09T04:00:00.000Z'), config).status).toBe('expired');
  });

  it('turns at the midnight of whichever zone the policy names', () => {
    const tokyo = ringfenceConfigSchema.parse({ ...config, timeZone: 'Asia/Tokyo' });
    // Midnight 9 July in Tokyo is 15:00 UTC on 8 July, while it is still 11:00 on 8 July in New York.
    const instant = new Date('2026-07-08T15:00:00Z');
    expect(describeRingfence(state, instant, tokyo).status).toBe('expired');
    expect(describeRingfence(state, new Date('2026-07-08T14:59:59Z'), tokyo).status).toBe('active');
    expect(describeRingfence(state, instant, config).status).toBe('active');
  });
});

describe('expiry warning', () => {
  it('warns when fewer than 14 days remain and not at 14', () => {
    const fourteenLeft = describeRingfence(state, new Date('2026-06-25T12:00:00-04:00'), config);
    expect(fourteenLeft.daysRemaining).toBe(14);
    expect(fourteenLeft.expiryWarning).toBeNull();
    const thirteenLeft = describeRingfence(state, new Date('2026-06-26T12:00:00-04:00'), config);
    expect(thirteenLeft.daysRemaining).toBe(13);
    expect(thirteenLeft.expiryWarning).toBe(
      'This ring-fence ends in 13 days: its last day is 2026-07-08 (America/New_York). ' +
        'Extend it with new evidence of a hyperscaler engagement to keep it.',
    );
  });
});

describe('describeRingfence without a ring-fence', () => {
  it('reports none', () => {
    const view = describeRingfence(emptyRingfenceState(COMPANY_ID), new Date('2026-01-01T00:00:00Z'), config);
    expect(view).toMatchObject({ status: 'none', ringfence: null, daysRemaining: null, expiryWarning: null, version: 0, today: '2025-12-31' });
  });
});

describe('window properties', () => {
  it('is active for exactly windowDays calendar days from the engagement date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 400 }), (dayOffset, windowDays) => {
        const policy = ringfenceConfigSchema.parse({
          ...config,
          windowDays,
          maxSpanDays: Math.max(config.maxSpanDays, windowDays),
          warningDays: 0,
          timeZone: 'UTC',
        });
        const engagedOn = addDays('2024-01-01', dayOffset);
        const registered = applied(
          registerRingfence(
            emptyRingfenceState(COMPANY_ID),
            { idempotencyKey: 'k', expectedVersion: 0, cloud: 'gcp', evidence: evidenceFor('gcp', engagedOn) },
            { now: new Date(`${engagedOn}T12:00:00Z`), actor: dana, config: policy, companyDeals: [], pipeline },
          ),
        );
        const current = registered.current;
        if (!current) throw new Error('registered state has no ring-fence');
        expect(ringfenceStatus(current, addDays(engagedOn, windowDays - 1))).toBe('active');
        expect(ringfenceStatus(current, addDays(engagedOn, windowDays))).toBe('expired');
        const expiryMidnight = new Date(`${current.expiresOn}T00:00:00Z`);
        expect(describeRingfence(registered, expiryMidnight, policy).status).toBe('expired');
        expect(describeRingfence(registered, new Date(expiryMidnight.getTime() - 1), policy).status).toBe('active');
      }),
      { numRuns: 200 },
    );
  });
});
