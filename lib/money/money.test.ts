import {
  MoneyError,
  allocate,
  compareMoney,
  currencyDecimals,
  decimalQuotient,
  formatCents,
  formatMinor,
  formatTenThousandths,
  isDecimalAmount,
  minorToTenThousandths,
  mulDivHalfUp,
  negate,
  numberToDecimalText,
  parseCents,
  parseMinor,
  parseScaled,
  parseTenThousandths,
  roundDivHalfUp,
  sumMoney,
  toCents,
  toMinor,
  toQuickBooksAmount,
} from './money';

describe('parsing BigCommerce amounts', () => {
  it('reads v2 4-decimal strings exactly', () => {
    expect(parseTenThousandths('62.6793')).toBe(626793);
    expect(parseTenThousandths('0.0000')).toBe(0);
    expect(parseTenThousandths('-5.0001')).toBe(-50001);
    expect(parseTenThousandths(' 12 ')).toBe(120000);
    expect(parseTenThousandths('.5')).toBe(5000);
    expect(parseTenThousandths('+3.10')).toBe(31000);
  });

  it('reads v3 numbers through their shortest text, not binary fractions', () => {
    // 0.1 + 0.2 style values: the double nearest 20.83 prints as "20.83".
    expect(parseTenThousandths(20.83)).toBe(208300);
    expect(parseCents(0.29)).toBe(29);
    expect(parseCents(1.005)).toBe(101); // the text "1.005" rounds half up, the double 1.00499… would not
    expect(parseCents(4.35)).toBe(435);
    expect(parseTenThousandths(1e-4)).toBe(1);
  });

  it('expands exponent forms without toFixed', () => {
    expect(numberToDecimalText(1e-7)).toBe('0.0000001');
    expect(numberToDecimalText(1.5e21)).toBe('1500000000000000000000');
    expect(numberToDecimalText(-2.5e-5)).toBe('-0.000025');
    expect(numberToDecimalText(123.45)).toBe('123.45');
    expect(() => numberToDecimalText(Number.NaN)).toThrow(MoneyError);
  });

  it('rounds extra decimals half up (away from zero)', () => {
    expect(parseTenThousandths('1.00005')).toBe(10001);
    expect(parseTenThousandths('1.00004999')).toBe(10000);
    expect(parseTenThousandths('-1.00005')).toBe(-10001);
    expect(parseCents('2.345')).toBe(235);
    expect(parseCents('-2.345')).toBe(-235);
    expect(parseCents('2.3449')).toBe(234);
  });

  it('rejects what is not a plain decimal', () => {
    for (const bad of ['', 'abc', '1,00', '1e5', '--1', '.', '1.2.3', Number.POSITIVE_INFINITY]) {
      expect(() => parseTenThousandths(bad)).toThrow(MoneyError);
    }
    expect(isDecimalAmount('12.30')).toBe(true);
    expect(isDecimalAmount('x')).toBe(false);
    expect(isDecimalAmount(null)).toBe(false);
  });

  it('refuses amounts beyond exact integer range', () => {
    expect(() => parseTenThousandths('9999999999999999.0000')).toThrow(MoneyError);
  });
});

describe('rounding to the currency minor unit', () => {
  it('rounds ten-thousandths to cents half away from zero', () => {
    expect(toCents(626793)).toBe(6268);
    expect(toCents(50)).toBe(1); // 0.0050 → 0.01
    expect(toCents(49)).toBe(0);
    expect(toCents(-50)).toBe(-1); // refunds mirror sales
    expect(toCents(-49)).toBe(0);
    expect(toCents(0)).toBe(0);
  });

  it('knows zero- and three-decimal currencies', () => {
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('krw')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
    expect(currencyDecimals('USD')).toBe(2);
    expect(currencyDecimals('GBP')).toBe(2);
    expect(toMinor(parseTenThousandths('1234.5000'), 'JPY')).toBe(1235);
    expect(toMinor(parseTenThousandths('1234.4999'), 'JPY')).toBe(1234);
    expect(parseMinor('1234.50', 'JPY')).toBe(1235);
    expect(parseMinor(980, 'JPY')).toBe(980);
    expect(toMinor(parseTenThousandths('1.2345'), 'KWD')).toBe(1235);
    expect(minorToTenThousandths(1235, 'JPY')).toBe(12350000);
    expect(minorToTenThousandths(1235, 'USD')).toBe(123500);
  });

  it('divides exactly with roundDivHalfUp / mulDivHalfUp', () => {
    expect(roundDivHalfUp(5n, 2n)).toBe(3n);
    expect(roundDivHalfUp(-5n, 2n)).toBe(-3n);
    expect(roundDivHalfUp(5n, -2n)).toBe(-3n);
    expect(roundDivHalfUp(7n, 3n)).toBe(2n);
    expect(() => roundDivHalfUp(1n, 0n)).toThrow(MoneyError);
    expect(mulDivHalfUp(1000, 1, 3)).toBe(333);
    expect(mulDivHalfUp(1000, 2, 3)).toBe(667);
    expect(mulDivHalfUp(9_000_000_000_000, 1_000, 3_000)).toBe(3_000_000_000_000); // BigInt inside
  });
});

describe('arithmetic', () => {
  it('sums, negates and compares integers only', () => {
    expect(sumMoney([1, 2, -3, 100])).toBe(100);
    expect(sumMoney([])).toBe(0);
    expect(negate(5)).toBe(-5);
    expect(Object.is(negate(0), 0)).toBe(true);
    expect(compareMoney(1, 2)).toBe(-1);
    expect(compareMoney(2, 2)).toBe(0);
    expect(compareMoney(3, 2)).toBe(1);
    expect(() => sumMoney([0.1])).toThrow(MoneyError);
  });

  it('allocates with the largest remainder so parts add up exactly', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(1000, [333, 333, 334])).toEqual([333, 333, 334]);
    expect(allocate(10, [0, 0])).toEqual([5, 5]);
    expect(allocate(7, [0, 0])).toEqual([4, 3]);
    expect(allocate(0, [5, 7])).toEqual([0, 0]);
    expect(allocate(5, [2, 0, 2])).toEqual([3, 0, 2]);
    expect(allocate(0, [])).toEqual([]);
    expect(() => allocate(1, [])).toThrow(MoneyError);
    for (const [total, weights] of [
      [12345, [3, 7, 11, 13]],
      [-999, [1, 2, 3]],
      [1, [1, 1, 1, 1, 1]],
    ] as const) {
      const parts = allocate(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    }
  });
});

describe('formatting for QuickBooks', () => {
  it('renders minor units as exact decimal text and numbers', () => {
    expect(formatCents(1234)).toBe('12.34');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(0)).toBe('0.00');
    expect(formatMinor(1234, 'JPY')).toBe('1234');
    expect(formatMinor(1234, 'KWD')).toBe('1.234');
    expect(formatTenThousandths(626793)).toBe('62.6793');
    expect(toQuickBooksAmount(1234, 'USD')).toBe(12.34);
    expect(JSON.stringify({ Amount: toQuickBooksAmount(1, 'USD') })).toBe('{"Amount":0.01}');
    expect(JSON.stringify({ Amount: toQuickBooksAmount(1999999999, 'USD') })).toBe('{"Amount":19999999.99}');
    expect(toQuickBooksAmount(980, 'JPY')).toBe(980);
  });

  it('divides to a bounded number of decimals for unit prices and exchange rates', () => {
    expect(decimalQuotient(1000n, 3n, 7)).toBe('333.3333333');
    expect(decimalQuotient(10n ** 10n, 13_500_000_000n, 10)).toBe('0.7407407407');
    expect(decimalQuotient(25n, 2n, 4)).toBe('12.5');
    expect(decimalQuotient(6n, 2n, 4)).toBe('3');
    expect(parseScaled('1.3500000000')).toEqual({ digits: 13_500_000_000n, scale: 10 });
  });
});
