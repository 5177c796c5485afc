/**
 * Exact money arithmetic for the sandbox.
 *
 * Every amount is an integer number of 1/10000 currency units ("units"), because BigCommerce v2 renders
 * money as 4-decimal strings ("62.6793"). Products and quotients go through BigInt so nothing is ever
 * rounded by floating point; only the final rendering of v3 numbers creates a JS float.
 */

export type Units = number;

export const UNITS_PER_WHOLE = 10_000;
/** One cent in units. */
export const CENT: Units = 100;

/** Tax and percentage rates are integers in 1/10000 of a percent: 8.25 % → 82_500. */
export type RateUnits = number;
export const RATE_UNITS_PER_PERCENT = 10_000;
const RATE_UNITS_PER_WHOLE = 100 * RATE_UNITS_PER_PERCENT;

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses "12.5", "12.5000", 12.5 or 3 into units. Numbers are converted through their shortest
 * decimal representation (String(12.1) === "12.1"), so 12.1 is exactly 121000 units.
 * More than `maxDecimals` decimals is an error rather than a silent rounding.
 */
export function parseUnits(value: string | number, maxDecimals = 4): Units {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyFormatError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > maxDecimals) {
    throw new MoneyFormatError(`${JSON.stringify(value)} has more than ${maxDecimals} decimals`);
  }
  const units = Number(whole) * UNITS_PER_WHOLE + Number(trimmed.padEnd(4, '0') || '0');
  if (!Number.isSafeInteger(units)) throw new MoneyFormatError(`amount out of range: ${JSON.stringify(value)}`);
  return sign ? -units : units;
}

/** Parses a percentage ("8.25", 8.25) into rate units. */
export function parseRate(value: string | number): RateUnits {
  // Same decimal grammar as money, 4 decimals of a percent.
  return parseUnits(value, 4);
}

export class MoneyFormatError extends Error {
  override name = 'MoneyFormatError';
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyFormatError(`not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent form only appears for very small/large numbers; toFixed(10) is exact enough to then reject/parse.
  return value.toFixed(10);
}

/** Renders units as a v2 string with 4 decimals: 626793 → "62.6793". */
export function formatV2(units: Units): string {
  return formatDecimals(units, 4);
}

/** Renders units with the given number of decimals (units must already be a multiple when decimals < 4). */
export function formatDecimals(units: Units, decimals: number): string {
  const negative = units < 0;
  const abs = Math.abs(units);
  const whole = Math.trunc(abs / UNITS_PER_WHOLE);
  const fraction = String(abs % UNITS_PER_WHOLE).padStart(4, '0');
  const shown = decimals === 0 ? '' : `.${fraction.slice(0, decimals)}`;
  return `${negative ? '-' : ''}${whole}${shown}`;
}

/** Renders a v3 JSON number with 2 decimals (the value is rounded to cents first). */
export function toV3Number(units: Units): number {
  return Number(formatDecimals(roundToCents(units), 2));
}

/** Renders a rate as the v2 "8.2500" string. */
export function formatRate(rate: RateUnits): string {
  return formatDecimals(rate, 4);
}

/** Exchange rates are shown with 10 decimals in v2 ("1.0000000000"). Stored as a decimal string. */
export function formatExchangeRate(rate: string): string {
  const match = DECIMAL.exec(rate.trim());
  if (!match) throw new MoneyFormatError(`not a decimal exchange rate: ${rate}`);
  const [, sign, whole = '0', fraction = ''] = match;
  return `${sign ?? ''}${whole}.${fraction.padEnd(10, '0').slice(0, 10)}`;
}

/** a * b / d rounded half away from zero, exactly (BigInt). */
export function mulDiv(a: number, b: number, d: number): number {
  if (d === 0) throw new RangeError('division by zero');
  const numerator = BigInt(a) * BigInt(b);
  const divisor = BigInt(d);
  const negative = numerator < 0n !== divisor < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const m = divisor < 0n ? -divisor : divisor;
  let q = n / m;
  if ((n % m) * 2n >= m) q += 1n;
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('money overflow');
  return result;
}

/** Rounds units to whole cents, half away from zero. */
export function roundToCents(units: Units): Units {
  return mulDiv(units, 1, CENT) * CENT;
}

/** Tax on an exclusive amount, rounded to cents: 100.00 at 8.25 % → 8.25. */
export function taxOnExclusive(amount: Units, rate: RateUnits): Units {
  return roundToCents(mulDiv(amount, rate, RATE_UNITS_PER_WHOLE));
}

/** Tax contained in an inclusive amount, rounded to cents: 108.25 at 8.25 % → 8.25. */
export function taxInInclusive(amount: Units, rate: RateUnits): Units {
  return roundToCents(mulDiv(amount, rate, RATE_UNITS_PER_WHOLE + rate));
}

/** Per-unit display prices keep 4 decimals (this is where BigCommerce's "62.6793" values come from). */
export function unitTaxOnExclusive(amount: Units, rate: RateUnits): Units {
  return mulDiv(amount, rate, RATE_UNITS_PER_WHOLE);
}
export function unitTaxInInclusive(amount: Units, rate: RateUnits): Units {
  return mulDiv(amount, rate, RATE_UNITS_PER_WHOLE + rate);
}

/** A percentage of an amount, rounded to cents (percentage coupons). */
export function percentOf(amount: Units, rate: RateUnits): Units {
  return roundToCents(mulDiv(amount, rate, RATE_UNITS_PER_WHOLE));
}

/**
 * Converts an amount with a decimal exchange rate string ("0.9134"), rounded to cents. The rate is
 * scaled to an integer so the product stays exact.
 */
export function convertCurrency(amount: Units, exchangeRate: string): Units {
  const match = DECIMAL.exec(exchangeRate.trim());
  if (!match || match[1]) throw new MoneyFormatError(`invalid exchange rate: ${exchangeRate}`);
  const fraction = (match[3] ?? '').slice(0, 10);
  const scale = 10 ** fraction.length;
  const scaled = Number(`${match[2]}${fraction}`);
  return roundToCents(mulDiv(amount, scaled, scale));
}

/**
 * Splits `total` over `weights` proportionally, in whole cents, so the parts add up exactly
 * (largest-remainder method). Used to spread an order-level coupon over lines.
 */
export function allocateCents(total: Units, weights: readonly Units[]): Units[] {
  const cents = Math.round(total / CENT);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  if (weightSum <= 0 || weights.length === 0) return weights.map(() => 0);
  const exact = weights.map((w) => {
    const numerator = BigInt(cents) * BigInt(w);
    const denominator = BigInt(weightSum);
    return { floor: Number(numerator / denominator), remainder: numerator % denominator };
  });
  let left = cents - exact.reduce((sum, e) => sum + e.floor, 0);
  const order = exact
    .map((e, index) => ({ index, remainder: e.remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const parts = exact.map((e) => e.floor);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left -= 1;
  }
  return parts.map((p) => p * CENT);
}

export function sumUnits(values: Iterable<Units>): Units {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
