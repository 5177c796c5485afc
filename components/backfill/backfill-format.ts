/** Wording shared by the backfill components: the date range and the totals per currency (exact, via formatMinor). */
import type { BackfillView } from '@/lib/sync/backfill';
import { formatMinor } from '@/lib/money/money';

/** "2026-01-01 to 2026-01-31" from the stored ISO instants. */
export function rangeText(backfill: Pick<BackfillView, 'from' | 'to'>): string {
  return `${backfill.from.slice(0, 10)} to ${backfill.to.slice(0, 10)}`;
}

export function totalsText(totals: Record<string, number>): string[] {
  return Object.entries(totals)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => `${formatMinor(minor, currency)} ${currency}`);
}
