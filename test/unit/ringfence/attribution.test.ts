import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributeDeal, registerRingfence, releaseRingfence, type DealAttribution, type InboundActivity } from '../../../src/domain/ringfence/index.ts';
import { COMPANY_ID, applied, config, deal, evidenceFor, pipeline, omar, registeredState } from './helpers.ts';

// Dana's AWS ring-fence: registered 2026-01-10 14:00 UTC, expires on 2026-07-09 (New York).
const state = registeredState();
const ringfenceId = `rf-${COMPANY_ID}-1`;
const insideWindow = new Date('2026-03-01T10:00:00-05:00');

const allianceFor = (conflicts: DealAttribution['conflicts'] = []): DealAttribution => ({
  source: 'alliance',
  ownerUserId: 'u-dana',
  ringfenceId,
  cloud: 'aws',
  conflicts,
});

describe('attributing deals to a ring-fence', () => {
  it('claims a deal created inside the active window', () => {
    const result = attributeDeal(state, deal({ createdAt: insideWindow }), [], config);
    expect(result).toEqual({ attribution: allianceFor(), changed: true });
  });

  it('claims a deal created on the last active day, not one created on the expiry date', () => {
    const lastMinute = deal({ createdAt: new Date('2026-07-08T23:59:59-04:00') });
    expect(attributeDeal(state, lastMinute, [], config).attribution?.source).toBe('alliance');
    const expiryMidnight = deal({ createdAt: new Date('2026-07-09T00:00:00-04:00') });
    expect(attributeDeal(state, expiryMidnight, [], config)).toEqual({ attribution: null, changed: false });
  });

  it('leaves deals that predate the registration with their source, even on the same day', () => {
    const earlierThatMorning = deal({ createdAt: new Date('2026-01-10T08:59:59-05:00'), analyticsSource: 'PAID_SEARCH' });
    expect(attributeDeal(state, earlierThatMorning, [], config)).toEqual({ attribution: null, changed: false });
  });

  it('stops claiming after a release but keeps deals claimed before it', () => {
    const released = applied(
      releaseRingfence(
        state,
        { idempotencyKey: 'rel', expectedVersion: 1, ringfenceId, reason: 'Account moved to a partner.' },
        { now: new Date('2026-04-01T12:00:00Z'), actor: omar, config },
      ),
    );
    expect(attributeDeal(released, deal({ createdAt: new Date('2026-04-01T12:00:01Z') }), [], config).attribution).toBeNull();
    expect(attributeDeal(released, deal({ createdAt: insideWindow }), [], config).attribution).toEqual(allianceFor());
  });

  it('still attributes deals created during a ring-fence that a newer one replaced', () => {
    const replaced = applied(
      registerRingfence(
        state,
        { idempotencyKey: 'reg-omar', expectedVersion: 1, cloud: 'azure', evidence: evidenceFor('azure', '2026-07-20') },
        { now: new Date('2026-07-21T12:00:00Z'), actor: omar, config, companyDeals: [], pipeline },
      ),
    );
    expect(attributeDeal(replaced, deal({ createdAt: insideWindow }), [], config).attribution).toEqual(allianceFor());
    expect(attributeDeal(replaced, deal({ createdAt: new Date('2026-07-22T12:00:00Z') }), [], config).attribution).toMatchObject({
      ownerUserId: 'u-omar',
      cloud: 'azure',
      ringfenceId: `rf-${COMPANY_ID}-2`,
    });
  });

  it('keeps an existing attribution when no window covers the deal', () => {
    const existing = allianceFor();
    const result = attributeDeal(state, deal({ createdAt: new Date('2026-08-01T12:00:00Z'), attribution: existing }), [], config);
    expect(result).toEqual({ attribution: existing, changed: false });
  });
});

describe('inbound activity after registration', () => {
  const inbound: InboundActivity[] = [
    { kind: 'form_submission', what: "form 'Contact sales' submitted by jo@acme.com", at: new Date('2026-03-02T15:00:00Z') },
    { kind: 'new_contact', what: 'contact jo@acme.com created', at: new Date('2026-03-02T14:59:00Z') },
    // Before registration: not a conflict.
    { kind: 'new_contact', what: 'contact cto@acme.com created', at: new Date('2025-12-01T10:00:00Z') },
  ];

  it('does not take the deal away; records each conflict with kind, what and when', () => {
    const marketingDeal = deal({ createdAt: insideWindow, dealSource: 'marketing', analyticsSource: 'ORGANIC_SEARCH' });
    const result = attributeDeal(state, marketingDeal, inbound, config);
    expect(result.attribution).toEqual(
      allianceFor([
        { kind: 'marketing_deal_source', what: 'deal source: Marketing', at: '2026-03-01T15:00:00.000Z' },
        { kind: 'new_contact', what: 'contact jo@acme.com created', at: '2026-03-02T14:59:00.000Z' },
        { kind: 'form_submission', what: "form 'Contact sales' submitted by jo@acme.com", at: '2026-03-02T15:00:00.000Z' },
      ]),
    );
    expect(result.changed).toBe(true);
  });

  it('takes a marketing analytics source as a conflict too', () => {
    const result = attributeDeal(state, deal({ createdAt: insideWindow, analyticsSource: 'PAID_SOCIAL' }), [], config);
    expect(result.attribution?.conflicts).toEqual([{ kind: 'marketing_deal_source', what: 'original source: Paid social', at: '2026-03-01T15:00:00.000Z' }]);
  });

  it('overrides an inbound attribution made before the ring-fence was visible', () => {
    const result = attributeDeal(state, deal({ createdAt: insideWindow, attribution: null, analyticsSource: 'DIRECT_TRAFFIC' }), [], config);
    expect(result.attribution?.source).toBe('alliance');
  });

  it('keeps conflicts recorded earlier even if the caller no longer reports them', () => {
    const recorded = allianceFor([{ kind: 'new_contact', what: 'contact gone@acme.com created', at: '2026-03-05T00:00:00.000Z' }]);
    const result = attributeDeal(state, deal({ createdAt: insideWindow, attribution: recorded }), [], config);
    expect(result).toEqual({ attribution: recorded, changed: false });
  });
});

describe('idempotence', () => {
  it('reports no change when recomputed with the same inputs', () => {
    const first = attributeDeal(state, deal({ createdAt: insideWindow, dealSource: 'marketing' }), [], config);
    const second = attributeDeal(state, deal({ createdAt: insideWindow, dealSource: 'marketing', attribution: first.attribution }), [], config);
    expect(second).toEqual({ attribution: first.attribution, changed: false });
  });

  it('is a fixed point for any deal and inbound activity (property)', () => {
    const instant = fc.date({ min: new Date('2025-06-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true });
    const activity = fc.record({
      kind: fc.constantFrom<InboundActivity['kind']>('new_contact', 'form_submission'),
      what: fc.string({ maxLength: 300 }),
      at: instant,
    });
    fc.assert(
      fc.property(
        instant,
        fc.array(activity, { maxLength: 60 }),
        fc.constantFrom(null, 'ORGANIC_SEARCH', 'SALES_PROSPECTING'),
        (createdAt, activities, analyticsSource) => {
          const facts = deal({ createdAt, analyticsSource });
          const first = attributeDeal(state, facts, activities, config);
          const again = attributeDeal(state, { ...facts, attribution: first.attribution }, [...activities].reverse(), config);
          expect(again.changed).toBe(false);
          expect(again.attribution).toEqual(first.attribution);
          expect(first.attribution?.conflicts.length ?? 0).toBeLessThanOrEqual(50);
        },
      ),
      { numRuns: 300 },
    );
  });
});
