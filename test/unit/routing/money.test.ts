import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact } from '../../../src/domain/money.ts';

// decimal.js rounds to 20 significant digits by default; the reference must be exact like Exact.
const D = Decimal.clone({ precision: 200 });
const money = (value: Decimal) => value.toFixed(2, Decimal.ROUND_HALF_UP).replace(/^-0\.00$/, '0.00');

/** Plain decimal text with up to 6 decimals, as amounts, rates and shares are written. */
const decimalText = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 6 }), fc.boolean()).map(([units, scale, negative]) =>
  new Decimal(units.toString())
    .div(new Decimal(10).pow(scale))
    .times(negative ? -1 : 1)
    .toFixed(),
);

describe("Exact, the engine's BigInt decimals", () => {
  it('gives the same products, differences, comparisons and 2-dp money as decimal.js', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const [x, y] = [Exact.parse(a), Exact.parse(b)];
        const [dx, dy] = [new D(a), new D(b)];
        expect(x.times(y).toMoney()).toBe(money(dx.times(dy)));
        expect(x.minus(y).toString()).toBe(dx.minus(dy).toFixed());
        expect(x.plus(y).toString()).toBe(dx.plus(dy).toFixed());
        expect(x.compare(y)).toBe(dx.comparedTo(dy));
        if (!dy.isZero()) expect(x.ratioText(y, 4)).toBe(dx.div(dy).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed());
      }),
      { numRuns: 500 },
    );
  });

  it('rounds money half away from zero and prints rates without trailing zeros', () => {
    expect(Exact.parse('999999.99').times(Exact.parse('0.015')).toMoney()).toBe('15000.00');
    expect(Exact.parse('0.005').toMoney()).toBe('0.01');
    expect(Exact.parse('-0.005').toMoney()).toBe('-0.01');
    expect(Exact.parse('0.20').toString()).toBe('0.2');
    expect(Exact.fromNumber(8).shiftLeft(2).toString()).toBe('0.08');
    expect(() => Exact.parse('1e3')).toThrow(/not a plain decimal/);
  });
});
