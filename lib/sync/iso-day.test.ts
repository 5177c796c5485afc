import { isIsoDay, IsoDaySchema } from './iso-day';

describe('isIsoDay', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31', '0001-01-01', '0099-06-15', '9999-12-31'])('accepts %s', (day) => {
    expect(isIsoDay(day)).toBe(true);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '0000-01-01', '2026-1-1', '2026-01-01T00:00:00Z', ' 2026-01-01', '٢٠٢٦-٠١-٠١', ''])(
    'refuses %j',
    (day) => {
      expect(isIsoDay(day)).toBe(false);
      expect(IsoDaySchema.safeParse(day).success).toBe(false);
    },
  );
});
