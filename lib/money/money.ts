/**
 * Exact money for the sync. BigCommerce sends v2 amounts as 4-decimal strings ("62.6793") and v3 amounts as
 * JSON numbers (20.83); QuickBooks wants JSON numbers with the currency's decimals. Nothing here ever does
 * float arithmetic on money:
 *  - parsing reads the decimal text (for a JS number, its shortest round-trip text, `String(n)`, expanded
 *    from exponent form by moving the decimal point in the digit string — never `toFixed`) into integer
 *    ten-thousandths (`TenThousandths`, BigCommerce's own precision);
 *  - rounding to the currency's minor unit (`Minor`: cents for USD/GBP/CAD/EUR, whole yen for JPY, fils for
 *    KWD) is integer division with ROUND HALF UP, meaning half away from zero ("commercial rounding"):
 *    0.005 → 0.01, −0.005 → −0.01. It is what BigCommerce and Intuit do for amounts, it is what the QuickBooks
 *    sandbox's `roundDiv` does, and being symmetric it rounds a refund to exactly the negative of the sale;
 *  - sums, products and proportional splits run on integers (BigInt where a product could pass 2^53);
 *  - QuickBooks numbers are produced from the formatted decimal text (`Number('12.34')`), so the JSON that
 *    goes out is exactly "12.34".
 * All amounts are plain `number`s holding integers within Number.MAX_SAFE_INTEGER (checked): ±9e11 dollars in
 * ten-thousandths, plenty for one order.
 */

/** Integer amount in 1/10000 of the currency unit (BigCommerce v2 precision). */
export type TenThousandths = number;
/** Integer amount in the currency's minor unit: cents for 2-decimal currencies, yen for JPY. */
export type Minor = number;
/** Minor units of a 2-decimal currency. */
export type Cents = Minor;

export const TEN_THOUSANDTHS_SCALE = 4;

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

// ---------------------------------------------------------------------------------------------------------
// Currencies
// ---------------------------------------------------------------------------------------------------------

/** ISO 4217 currencies without a minor unit. */
const ZERO_DECIMAL = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);
/** ISO 4217 currencies with three decimals. */
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Decimals of the currency's minor unit: 0 (JPY, KRW…), 3 (KWD, BHD…), else 2. */
export function currencyDecimals(currency: string): 0 | 2 | 3 {
  const code = currency.trim().toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;
const EXPONENT_TEXT = /^([+-])?(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

/**
 * The plain decimal text of a finite JS number: its shortest round-trip representation (what JSON had, for
 * any amount with ≤ 15 significant digits), with exponent forms ("1e-7", "1.5e+21") expanded by moving the
 * decimal point in the digit string.
 */
export function numberToDecimalText(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError(`not a finite number: ${String(value)}`);
  const text = String(value);
  const match = EXPONENT_TEXT.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  let result: string;
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign === '-' ? '-' : ''}${result}`;
}

interface ParsedDecimal {
  negative: boolean;
  whole: string;
  fraction: string;
}

function parseDecimalText(value: string | number): ParsedDecimal {
  const text = typeof value === 'number' ? numberToDecimalText(value) : typeof value === 'string' ? value.trim() : '';
  const match = DECIMAL_TEXT.exec(text);
  if (!match || (!match[2] && !match[3])) throw new MoneyError(`not a decimal amount: ${JSON.stringify(value)}`);
  return { negative: match[1] === '-', whole: match[2] || '0', fraction: match[3] ?? '' };
}

/** Integer `value × 10^scale`, rounded half away from zero when the text has more decimals. */
function scaledInteger(value: string | number, scale: number): bigint {
  const { negative, whole, fraction } = parseDecimalText(value);
  const kept = (fraction + '0'.repeat(scale)).slice(0, scale);
  let magnitude = BigInt(whole + kept);
  const dropped = fraction.slice(scale);
  if (dropped.length > 0 && dropped.charCodeAt(0) >= 53 /* '5' */) magnitude += 1n;
  return negative ? -magnitude : magnitude;
}

function safe(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new MoneyError(`${what} is too large to handle exactly`);
  return n;
}

/**
 * A BigCommerce amount (v2 "12.3400" string, v3 12.34 number, fee "Float-As-String") in ten-thousandths.
 * More than 4 decimals are rounded half up; anything that is not a plain decimal throws MoneyError.
 */
export function parseTenThousandths(value: string | number): TenThousandths {
  return safe(scaledInteger(value, TEN_THOUSANDTHS_SCALE), `amount ${String(value)}`);
}

/** A decimal amount rounded (half up) to the currency's minor unit. */
export function parseMinor(value: string | number, currency: string): Minor {
  return safe(scaledInteger(value, currencyDecimals(currency)), `amount ${String(value)}`);
}

/** A decimal amount rounded (half up) to cents. */
export function parseCents(value: string | number): Cents {
  return safe(scaledInteger(value, 2), `amount ${String(value)}`);
}

/** True when `value` is a decimal amount these parsers accept. */
export function isDecimalAmount(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  try {
    parseDecimalText(value);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Rounding and exact integer arithmetic
// ---------------------------------------------------------------------------------------------------------

/** numerator / denominator rounded half away from zero. */
export function roundDivHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyError('division by zero');
  if (denominator < 0n) return roundDivHalfUp(-numerator, -denominator);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Ten-thousandths → the currency's minor unit, rounded half up (away from zero). */
export function toMinor(amount: TenThousandths, currency: string): Minor {
  assertInteger(amount, 'amount');
  const decimals = currencyDecimals(currency);
  return safe(roundDivHalfUp(BigInt(amount), pow10(TEN_THOUSANDTHS_SCALE - decimals)), 'amount');
}

/** Ten-thousandths → cents, rounded half up (away from zero). */
export function toCents(amount: TenThousandths): Cents {
  return toMinor(amount, 'USD');
}

/** Minor units → ten-thousandths (exact). */
export function minorToTenThousandths(amount: Minor, currency: string): TenThousandths {
  assertInteger(amount, 'amount');
  return safe(BigInt(amount) * pow10(TEN_THOUSANDTHS_SCALE - currencyDecimals(currency)), 'amount');
}

/** amount × numerator / denominator, rounded half up; exact for any safe integers. */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  assertInteger(amount, 'amount');
  assertInteger(numerator, 'numerator');
  assertInteger(denominator, 'denominator');
  return safe(roundDivHalfUp(BigInt(amount) * BigInt(numerator), BigInt(denominator)), 'amount');
}

export function sumMoney(values: readonly number[]): number {
  let total = 0n;
  for (const value of values) {
    assertInteger(value, 'amount');
    total += BigInt(value);
  }
  return safe(total, 'sum');
}

export function negate(value: number): number {
  assertInteger(value, 'amount');
  return value === 0 ? 0 : -value;
}

/** −1, 0 or 1, for sorting and comparisons. */
export function compareMoney(a: number, b: number): -1 | 0 | 1 {
  assertInteger(a, 'amount');
  assertInteger(b, 'amount');
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits `total` (any sign) into parts proportional to `weights` (their magnitudes) with the largest-remainder
 * method, so the parts always add up to exactly `total`. Ties go to the earlier weight. When every weight is
 * zero the total is split as evenly as possible (earlier parts take the odd units).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertInteger(total, 'total');
  if (weights.length === 0) {
    if (total !== 0) throw new MoneyError('cannot allocate a non-zero amount over no parts');
    return [];
  }
  const magnitudes = weights.map((w) => {
    assertInteger(w, 'weight');
    return BigInt(Math.abs(w));
  });
  let sum = magnitudes.reduce((a, b) => a + b, 0n);
  const effective = sum === 0n ? magnitudes.map(() => 1n) : magnitudes;
  if (sum === 0n) sum = BigInt(weights.length);
  const negative = total < 0;
  const magnitude = BigInt(Math.abs(total));
  const floors = effective.map((w) => (magnitude * w) / sum);
  let left = magnitude - floors.reduce((a, b) => a + b, 0n);
  const order = effective
    .map((w, index) => ({ index, remainder: (magnitude * w) % sum }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const parts = [...floors];
  for (const { index } of order) {
    if (left <= 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => {
    const n = safe(p, 'part');
    return negative && n !== 0 ? -n : n;
  });
}

function assertInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`${what} must be an integer amount, got ${String(value)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------------------

/** Renders an integer `value / 10^decimals` as plain decimal text ("-0.05", "12.34", "1234"). */
export function formatScaled(value: number | bigint, decimals: number): string {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Minor units as the currency's decimal text: 1234 → "12.34" (USD), "1234" (JPY), "1.234" (KWD). */
export function formatMinor(amount: Minor, currency: string): string {
  assertInteger(amount, 'amount');
  return formatScaled(amount, currencyDecimals(currency));
}

export function formatCents(amount: Cents): string {
  return formatMinor(amount, 'USD');
}

/** Ten-thousandths as 4-decimal text, like BigCommerce v2 ("12.3400"). */
export function formatTenThousandths(amount: TenThousandths): string {
  assertInteger(amount, 'amount');
  return formatScaled(amount, TEN_THOUSANDTHS_SCALE);
}

/**
 * The JSON number QuickBooks should receive for an amount: parsed from the exact decimal text, so
 * `JSON.stringify` writes exactly that text (a ≤ 15-digit decimal round-trips through a double).
 */
export function toQuickBooksAmount(amount: Minor, currency: string): number {
  return Number(formatMinor(amount, currency));
}

/**
 * `numerator / denominator` as decimal text with at most `decimals` places, rounded half up, trailing zeros
 * removed ("0.7407407407", "12.5", "3"). For unit prices and exchange rates.
 */
export function decimalQuotient(numerator: bigint, denominator: bigint, decimals: number): string {
  const scaled = roundDivHalfUp(numerator * pow10(decimals), denominator);
  const text = formatScaled(scaled, decimals);
  return decimals > 0 ? text.replace(/\.?0+$/, '') || '0' : text;
}

/** Decimal text → an exact scaled integer (`{ digits, scale }`), for rates and prices that aren't money. */
export function parseScaled(value: string | number): { digits: bigint; scale: number } {
  const { negative, whole, fraction } = parseDecimalText(value);
  const digits = BigInt(whole + fraction);
  return { digits: negative ? -digits : digits, scale: fraction.length };
}
