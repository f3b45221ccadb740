import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOUDS } from '../../../src/policy/marketplace-policy.ts';
import type { FlatRoutingInput } from '../../../src/domain/routing/input.ts';
import { policyWith, route } from './helpers.ts';

const cents = (max: number) => fc.integer({ min: 0, max }).map((value) => new Decimal(value).div(100).toFixed(2));
const day = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));

const commitment = fc.record({
  program: fc.constant('commitment'),
  annualCommitment: cents(5_000_000_000),
  remainingCapacity: fc.option(cents(2_000_000_000), { nil: undefined }),
  marketplaceSpendCounted: fc.option(cents(1_000_000_000), { nil: undefined }),
});

const deal: fc.Arbitrary<FlatRoutingInput> = fc.record({
  tcv: cents(5_000_000_000).filter((tcv) => tcv !== '0.00'),
  closeDate: day,
  dealType: fc.constantFrom('new', 'renewal', 'expansion'),
  delivery: fc.constantFrom('saas', 'ami', 'container', 'services'),
  offer: fc.constantFrom('private', 'public'),
  channelPartner: fc.boolean(),
  governmentCloud: fc.boolean(),
  customerCountry: fc.constantFrom('US', 'GB', 'FR', null),
  commitments: fc.record({ aws: commitment, azure: commitment, gcp: commitment }, { requiredKeys: [] }),
});

describe('routing properties', () => {
  it('never charges a negative fee and never retires more than min(TCV, capacity)', () => {
    fc.assert(
      fc.property(deal, (input) => {
        const result = route(input);
        for (const option of result.options) {
          expect(new Decimal(option.fee).isNegative()).toBe(false);
          expect(new Decimal(option.aeCommissionDelta).isNegative()).toBe(false);
          const drawdown = new Decimal(option.drawdown);
          expect(drawdown.isNegative()).toBe(false);
          expect(drawdown.lessThanOrEqualTo(input.tcv as string)).toBe(true);
          if (option.capacity !== null) expect(drawdown.lessThanOrEqualTo(option.capacity)).toBe(true);
          if (!option.eligible && option.blockers.some((id) => id !== 'N10')) expect(drawdown.isZero()).toBe(true);
        }
        if (result.recommended !== 'direct') {
          const chosen = result.options.find((option) => `marketplace:${option.cloud}` === result.recommended)!;
          expect(chosen.eligible).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ignores values the engine does not route on (deal name, owner, stage)', () => {
    fc.assert(
      fc.property(deal, fc.string(), fc.string(), (input, name, owner) => {
        const noisy = { ...input, dealname: name, hubspot_owner_id: owner, dealstage: 'closedwon' } as FlatRoutingInput;
        expect(route(noisy)).toEqual(route(input));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the recommendation when a commitment is added on a cloud we do not list', () => {
    const notOnGoogle = policyWith({ gcp: { listed: false } });
    fc.assert(
      fc.property(deal, commitment, (input, googleCommitment) => {
        const withoutGoogle = { ...input, commitments: { ...input.commitments, gcp: undefined } };
        const withGoogle = { ...input, commitments: { ...input.commitments, gcp: googleCommitment } };
        const before = route(withoutGoogle, notOnGoogle);
        const after = route(withGoogle, notOnGoogle);
        expect(after.recommended).toBe(before.recommended);
        expect(after.requiresException).toBe(before.requiresException);
        expect(after.aeCommissionDelta).toBe(before.aeCommissionDelta);
      }),
      { numRuns: 200 },
    );
  });

  it('evaluates the clouds asked for, in a fixed order', () => {
    fc.assert(
      fc.property(deal, fc.subarray([...CLOUDS], { minLength: 1 }), (input, clouds) => {
        expect(route({ ...input, clouds: [...clouds].reverse() }).options.map((option) => option.cloud)).toEqual(clouds);
      }),
      { numRuns: 50 },
    );
  });
});
