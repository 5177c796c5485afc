/**
 * Timestamps in Intuit's shapes. The sandbox's company clock is UTC: MetaData times look like
 * "2026-03-02T10:15:22+00:00" (seconds, like QBO), the envelope `time` keeps milliseconds, and
 * TxnDate defaults to the UTC calendar day.
 */
export type Now = () => number;

export function formatDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export function formatResponseTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+00:00`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
