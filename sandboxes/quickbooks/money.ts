/**
 * Exact decimal arithmetic for the sandbox's totals and tax. Amounts live as integer cents (`Cents`), rates and
 * quantities as `Decimal` (a BigInt mantissa and a decimal scale), so nothing ever accumulates float error.
 * JS numbers only appear at the edges: parsing request JSON and rendering `cents / 100` (which `toFixed(2)`
 * prints exactly, because a cents value below 2^53 divided by 100 rounds back to the same 2-decimal string).
 */

export type Cents = number;

export interface Decimal {
  /** value = digits / 10^scale */
  digits: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Parses a JSON number or numeric string ("12.5", 12.5, "-3") exactly; anything else → null. */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
    // Exponent forms (1e-7, 1e21) are rare in money; toFixed(12) is exact enough for them.
    if (/e/i.test(text)) text = value.toFixed(12);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (!whole && !fraction) return null;
  const digits = BigInt((whole || '0') + fraction);
  return { digits: sign === '-' ? -digits : digits, scale: fraction.length };
}

export function decimalFromCents(cents: Cents): Decimal {
  return { digits: BigInt(cents), scale: 2 };
}

/** Integer division rounding half away from zero (Intuit rounds amounts half-up). */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) return roundDiv(-numerator, -denominator);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const quotient = (n * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Rounds a decimal to cents (half away from zero). */
export function toCents(value: Decimal): Cents {
  if (value.scale <= 2) return Number(value.digits * pow10(2 - value.scale));
  return Number(roundDiv(value.digits, pow10(value.scale - 2)));
}

/** Parses and rounds to cents; null when the value is not numeric. */
export function centsOf(value: unknown): Cents | null {
  const d = parseDecimal(value);
  return d ? toCents(d) : null;
}

/** a × b rounded to cents, e.g. Qty × UnitPrice. */
export function multiplyToCents(a: Decimal, b: Decimal): Cents {
  return toCents({ digits: a.digits * b.digits, scale: a.scale + b.scale });
}

/** round(base × percent / 100): tax or discount on an amount. */
export function percentOfCents(base: Cents, percent: Decimal): Cents {
  return Number(roundDiv(BigInt(base) * percent.digits, 100n * pow10(percent.scale)));
}

/** Net part of a tax-inclusive gross amount: round(gross × 100 / (100 + percent)). */
export function netFromGross(gross: Cents, percent: Decimal): Cents {
  const scale = pow10(percent.scale);
  return Number(roundDiv(BigInt(gross) * 100n * scale, 100n * scale + percent.digits));
}

export function addDecimals(values: Decimal[]): Decimal {
  const scale = values.reduce((max, v) => Math.max(max, v.scale), 0);
  let digits = 0n;
  for (const v of values) digits += v.digits * pow10(scale - v.scale);
  return { digits, scale };
}

export function isZero(value: Decimal): boolean {
  return value.digits === 0n;
}

/** JS number for JSON output (e.g. TaxPercent 8.25). Exact enough: the value came from a short decimal. */
export function decimalToNumber(value: Decimal): number {
  return Number(value.digits) / 10 ** value.scale;
}

/** Cents → JSON number (rendered with 2 decimals by the response writer). */
export function centsToAmount(cents: Cents): number {
  return cents / 100;
}

/**
 * Splits `total` across `weights` proportionally, in whole cents, with the largest-remainder method so the
 * parts always add up to exactly `total` (used to prorate a tax override or a discount over lines).
 */
export function prorate(total: Cents, weights: Cents[]): Cents[] {
  const sum = weights.reduce((a, b) => a + Math.abs(b), 0);
  if (weights.length === 0) return [];
  if (sum === 0) {
    const parts = weights.map(() => 0);
    parts[parts.length - 1] = total;
    return parts;
  }
  const sign = total < 0 ? -1 : 1;
  const magnitude = BigInt(Math.abs(total));
  const big = BigInt(sum);
  const floors = weights.map((w) => (magnitude * BigInt(Math.abs(w))) / big);
  const remainders = weights.map((w, i) => ({ i, r: (magnitude * BigInt(Math.abs(w))) % big }));
  let left = Number(magnitude - floors.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const parts = floors.map(Number);
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts.map((p) => p * sign);
}
