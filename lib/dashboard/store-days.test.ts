import { lastStoreDays, localMidnight } from './store-days';

describe('store days', () => {
  it('finds local midnight in a zone with daylight saving, on both sides of the change', () => {
    expect(new Date(localMidnight('2026-07-01', 'America/Chicago')).toISOString()).toBe('2026-07-01T05:00:00.000Z');
    expect(new Date(localMidnight('2026-12-01', 'America/Chicago')).toISOString()).toBe('2026-12-01T06:00:00.000Z');
    // 8 March 2026: clocks go forward at 02:00, midnight is still CST.
    expect(new Date(localMidnight('2026-03-08', 'America/Chicago')).toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(new Date(localMidnight('2026-03-09', 'America/Chicago')).toISOString()).toBe('2026-03-09T05:00:00.000Z');
    expect(new Date(localMidnight('2026-07-01', 'Asia/Kolkata')).toISOString()).toBe('2026-06-30T18:30:00.000Z');
  });

  it('falls back to the raw offset for a zone name the runtime does not know', () => {
    const zone = { name: 'Mars/Olympus', rawOffsetSeconds: -3 * 3600, dstOffsetSeconds: 0 };
    expect(new Date(localMidnight('2026-07-01', zone)).toISOString()).toBe('2026-07-01T03:00:00.000Z');
  });

  it('lists the last days ending today in the store zone, each ending where the next begins', () => {
    // 03:00 UTC on 2 Nov is still 1 Nov in Chicago.
    const days = lastStoreDays(3, 'America/Chicago', Date.parse('2026-11-02T03:00:00Z'));
    expect(days.map((d) => d.day)).toEqual(['2026-10-30', '2026-10-31', '2026-11-01']);
    expect(days[0]!.endMs).toBe(days[1]!.startMs);
    // 1 Nov 2026 is the fall-back day: 25 hours long.
    expect(days[2]!.endMs - days[2]!.startMs).toBe(25 * 3_600_000);
  });
});
