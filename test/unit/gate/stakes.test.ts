import { describe, expect, it } from 'vitest';
import { requestAgeDays, stakesOfGoingDirect } from '../../../src/domain/exception/stakes.ts';
import type { RouteOption } from '../../../src/domain/routing/types.ts';

const option = (cloud: RouteOption['cloud'], fee: string, drawdown: string, aeCommissionDelta: string, estimate = false): RouteOption => ({
  cloud,
  eligible: true,
  blockers: [],
  blockerNotes: [],
  feeRate: '0.03',
  fee,
  capacity: drawdown,
  drawdown,
  customerNetValue: drawdown,
  aeCommissionDelta,
  estimate,
  rulesUsed: [],
  notes: [],
});

describe('what going direct gives away', () => {
  it("takes the recommended marketplace route's fee, drawdown and commission, not another cloud's", () => {
    const options = [option('aws', '15000.00', '1000000.00', '1200.00'), option('azure', '30000.00', '1000000.00', '2400.00', true)];
    expect(stakesOfGoingDirect({ recommended: 'marketplace:azure', options })).toEqual({
      marketplaceRoute: 'marketplace:azure',
      feeUsd: '30000.00',
      undrawnCommitmentUsd: '1000000.00',
      aeCommissionGainUsd: '2400.00',
      estimate: true,
    });
  });

  it('is nothing when direct is the recommendation', () => {
    expect(stakesOfGoingDirect({ recommended: 'direct', options: [option('aws', '15000.00', '0.00', '0.00')] })).toBeNull();
  });

  it('counts whole days since the request, never below zero', () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    expect(requestAgeDays('2026-12-03T09:59:00.000Z', now)).toBe(0);
    expect(requestAgeDays('2026-11-30T10:00:00.000Z', now)).toBe(3);
    expect(requestAgeDays('2026-12-03T10:05:00.000Z', now)).toBe(0);
  });
});
