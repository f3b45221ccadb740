import Decimal from 'decimal.js';

/**
 * Money and rates are exact decimals; binary floats never touch an amount. The routing engine only adds,
 * multiplies and compares a handful of amounts per deal, so it uses `Exact` (a BigInt scaled by a power of
 * ten): the same exact results as decimal.js at a fraction of the cost, which the 100,000 deals/s goal needs.
 */

const POWERS_OF_TEN: bigint[] = [1n];

function pow10(digits: number): bigint {
  while (POWERS_OF_TEN.length <= digits) POWERS_OF_TEN.push(POWERS_OF_TEN[POWERS_OF_TEN.length - 1]! * 10n);
  return POWERS_OF_TEN[digits]!;
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** True for plain decimal text such as "10000000" or "999999.99" (no exponent, no grouping). */
export function isDecimalString(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

/** units × 10^-scale, exactly. Immutable. */
export class Exact {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Exact(0n, 0);
  static readonly ONE = new Exact(1n, 0);

  /** Plain decimal text ("0.015", "-12.50"); anything else is a programming error upstream of validation. */
  static parse(text: string): Exact {
    if (!isDecimalString(text)) throw new RangeError(`not a plain decimal: "${text}"`);
    const point = text.indexOf('.');
    if (point < 0) return new Exact(BigInt(text), 0);
    return new Exact(BigInt(text.slice(0, point) + text.slice(point + 1)), text.length - point - 1);
  }

  /** A config number (8, 1.27, 1e-7) taken at its shortest decimal text, as a person wrote it. */
  static fromNumber(value: number): Exact {
    return Exact.parse(new Decimal(value).toFixed());
  }

  /** This value divided by a power of ten: percent(8) is 0.08. */
  shiftLeft(digits: number): Exact {
    return new Exact(this.units, this.scale + digits);
  }

  times(other: Exact): Exact {
    return new Exact(this.units * other.units, this.scale + other.scale);
  }

  plus(other: Exact): Exact {
    const scale = Math.max(this.scale, other.scale);
    return new Exact(this.unitsAt(scale) + other.unitsAt(scale), scale);
  }

  minus(other: Exact): Exact {
    const scale = Math.max(this.scale, other.scale);
    return new Exact(this.unitsAt(scale) - other.unitsAt(scale), scale);
  }

  compare(other: Exact): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.unitsAt(scale);
    const b = other.unitsAt(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  lessThan(other: Exact): boolean {
    return this.compare(other) < 0;
  }

  greaterThan(other: Exact): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqualTo(other: Exact): boolean {
    return this.compare(other) >= 0;
  }

  equals(other: Exact): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** this / divisor rounded half away from zero to `places` decimals, as plain text without trailing zeros. */
  ratioText(divisor: Exact, places: number): string {
    // this/divisor = (u1 / 10^s1) / (u2 / 10^s2); scaled by 10^places it is u1 · 10^(places + s2 - s1) / u2.
    const shift = places + divisor.scale - this.scale;
    const numerator = shift >= 0 ? this.units * pow10(shift) : this.units;
    const denominator = shift >= 0 ? divisor.units : divisor.units * pow10(-shift);
    return new Exact(roundedQuotient(numerator, denominator), places).toString();
  }

  /** Exactly two decimals, rounding half away from zero (commercial rounding): "1234.50". */
  toMoney(): string {
    const cents = this.scale <= 2 ? this.units * pow10(2 - this.scale) : roundedQuotient(this.units, pow10(this.scale - 2));
    if (cents === 0n) return '0.00';
    const negative = cents < 0n;
    const digits = (negative ? -cents : cents).toString().padStart(3, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
  }

  /** Plain decimal text without trailing zeros ("0.2", "1500000"), as decimal.js prints it. */
  toString(): string {
    if (this.scale === 0 || this.units === 0n) return this.units.toString();
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = digits.slice(digits.length - this.scale).replace(/0+$/, '');
    return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }

  private unitsAt(scale: number): bigint {
    return scale === this.scale ? this.units : this.units * pow10(scale - this.scale);
  }
}

/** numerator / denominator rounded half away from zero. */
function roundedQuotient(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d + (2n * (n % d) >= d ? 1n : 0n);
  return negative ? -quotient : quotient;
}

export function minExact(a: Exact, b: Exact): Exact {
  return a.lessThan(b) ? a : b;
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
