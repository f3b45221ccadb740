import Decimal from 'decimal.js';

/** Money and rates are exact decimals; binary floats never touch an amount. */
export type Money = Decimal;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** True for plain decimal text such as "10000000" or "999999.99" (no exponent, no grouping). */
export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

/** Formats an amount with exactly two decimals, rounding half away from zero (commercial rounding). */
export function formatMoney(amount: Decimal): string {
  return amount.isZero() ? '0.00' : amount.toFixed(2, Decimal.ROUND_HALF_UP);
}

// Fee rates are a handful of distinct strings, so each is converted once.
const percentTexts = new Map<string, string>();

/** A fraction written as decimal text ("0.015") shown as a percentage ("1.5%"), without decimal arithmetic. */
export function percentText(fraction: string): string {
  let text = percentTexts.get(fraction);
  if (text === undefined) {
    text = fractionToPercent(fraction);
    if (percentTexts.size < 1000) percentTexts.set(fraction, text);
  }
  return text;
}

function fractionToPercent(fraction: string): string {
  const [whole = '0', decimals = ''] = fraction.split('.');
  const digits = `${whole}${decimals.padEnd(2, '0')}`;
  const integer = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(whole.length + 2).replace(/0+$/, '');
  return `${integer}${rest ? `.${rest}` : ''}%`;
}

/** Adds thousands separators to a 2-dp amount string: "1234567.80" becomes "$1,234,567.80". */
export function formatUsd(amount: string): string {
  const negative = amount.startsWith('-');
  const digits = negative ? amount.slice(1) : amount;
  const point = digits.indexOf('.') < 0 ? digits.length : digits.indexOf('.');
  let grouped = '';
  for (let end = point; end > 0; end -= 3) {
    grouped = digits.slice(Math.max(0, end - 3), end) + (grouped ? `,${grouped}` : '');
  }
  return `${negative ? '-' : ''}$${grouped}${digits.slice(point)}`;
}

export function minDecimal(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}
