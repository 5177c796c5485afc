import { StartBackfillInput } from './backfill';

describe('StartBackfillInput', () => {
  it('takes a range of real days, dry run by default', () => {
    expect(StartBackfillInput.parse({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ from: '2024-02-01', to: '2024-02-29', dryRun: true });
  });

  it.each([
    [{ from: '2026-02-30', to: '2026-03-01' }],
    [{ from: '2026-01-01', to: '2026-04-31' }],
    [{ from: '2026-13-01', to: '2026-12-01' }],
    [{ from: '0000-00-00', to: '0000-00-00' }],
    [{ from: '2026-01-02', to: '2026-01-01' }],
  ])('refuses %j (an impossible day used to start a backfill over the rolled-over dates)', (input) => {
    expect(StartBackfillInput.safeParse(input).success).toBe(false);
  });
});
