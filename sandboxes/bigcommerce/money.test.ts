import {
  allocateCents,
  convertCurrency,
  formatExchangeRate,
  formatV2,
  mulDiv,
  parseRate,
  parseUnits,
  roundToCents,
  taxInInclusive,
  taxOnExclusive,
  toV3Number,
  unitTaxInInclusive,
} from './money';

describe('money', () => {
  test('parses decimals exactly (no float detour) and rejects excess precision', () => {
    expect(parseUnits('62.6793')).toBe(626_793);
    expect(parseUnits(12.1)).toBe(121_000);
    expect(parseUnits('0.1')).toBe(1_000);
    expect(parseUnits('-3.5')).toBe(-35_000);
    expect(() => parseUnits('1.005', 2)).toThrow(/more than 2 decimals/);
    expect(() => parseUnits('12,50')).toThrow();
    expect(parseRate('8.25')).toBe(82_500);
  });

  test('renders v2 strings, v3 numbers and exchange rates', () => {
    expect(formatV2(626_793)).toBe('62.6793');
    expect(formatV2(-50)).toBe('-0.0050');
    expect(toV3Number(1_234_567)).toBe(123.46);
    expect(formatExchangeRate('0.9134')).toBe('0.9134000000');
  });

  test('rounds half away from zero', () => {
    expect(mulDiv(5, 1, 2)).toBe(3);
    expect(mulDiv(-5, 1, 2)).toBe(-3);
    expect(roundToCents(179_850)).toBe(179_900); // 17.985 → 17.99
    expect(roundToCents(-179_850)).toBe(-179_900);
  });

  test('tax on exclusive and inclusive amounts, per line (cents) and per unit (4 decimals)', () => {
    expect(taxOnExclusive(parseUnits('218'), parseRate('8.25'))).toBe(parseUnits('17.99'));
    expect(taxInInclusive(parseUnits('108.25'), parseRate('8.25'))).toBe(parseUnits('8.25'));
    expect(formatV2(unitTaxInInclusive(parseUnits('205.52'), parseRate('19')))).toBe('32.8141');
  });

  test('converts currency exactly and rounds to cents', () => {
    expect(convertCurrency(parseUnits('225'), '0.9134')).toBe(parseUnits('205.52'));
    expect(convertCurrency(parseUnits('0.10'), '3')).toBe(parseUnits('0.30'));
  });

  test('allocates an amount over weights in whole cents that add up exactly', () => {
    const parts = allocateCents(parseUnits('10'), [parseUnits('218'), parseUnits('49'), parseUnits('7.25')]);
    expect(parts.map(formatV2)).toEqual(['7.9500', '1.7900', '0.2600']);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(parseUnits('10'));
    const thirds = allocateCents(parseUnits('1'), [1, 1, 1]);
    expect(thirds.reduce((a, b) => a + b, 0)).toBe(parseUnits('1'));
  });
});
