/**
 * The activity list's filters as the browser keeps them: read from the page URL (so a reload of the in-app route
 * keeps them; anything malformed there is dropped, not sent), checked before they are applied, written back to the
 * URL, and turned into the API path with the cursor of the page shown.
 */
import type { JobStatus } from '@/lib/firestore/job-repository';

export interface ActivityFilters {
  status?: JobStatus;
  /** YYYY-MM-DD (UTC day of the last change), or '' for open-ended. */
  from: string;
  to: string;
  /** BigCommerce order number, digits only, or ''. */
  order: string;
}

export const NO_FILTERS: ActivityFilters = { from: '', to: '', order: '' };

// The statuses, compile-time complete against the server's union without importing its value list (firebase-admin).
const STATUS_SET: Record<JobStatus, true> = { pending: true, running: true, parked: true, needs_attention: true, done: true, dead: true };
export const FILTER_STATUSES = Object.keys(STATUS_SET) as JobStatus[];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ORDER = /^\d{1,15}$/;

function isStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && Object.hasOwn(STATUS_SET, value);
}

/** A real calendar day in YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** From Next's router.query: unknown or malformed values are left out. */
export function filtersFromQuery(query: Record<string, string | string[] | undefined>): ActivityFilters {
  const from = text(query.from);
  const to = text(query.to);
  const order = text(query.order);
  const filters: ActivityFilters = {
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
    order: ORDER.test(order) ? order : '',
  };
  if (isStatus(query.status)) filters.status = query.status;
  if (filters.from && filters.to && filters.from > filters.to) return { ...filters, to: '' };
  return filters;
}

/** Only the filters that are set, for router.replace. */
export function filtersToQuery(filters: ActivityFilters): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ status: filters.status ?? '', from: filters.from, to: filters.to, order: filters.order.trim() }).filter(([, value]) => value !== ''),
  );
}

export type FilterErrors = Partial<Record<'from' | 'to' | 'order', string>>;

export function validateFilters(filters: ActivityFilters): FilterErrors {
  const errors: FilterErrors = {};
  if (filters.from && !isDay(filters.from)) errors.from = 'Enter a date as YYYY-MM-DD.';
  if (filters.to && !isDay(filters.to)) errors.to = 'Enter a date as YYYY-MM-DD.';
  if (!errors.from && !errors.to && filters.from && filters.to && filters.from > filters.to) errors.to = 'The end date must not be before the start date.';
  if (filters.order.trim() && !ORDER.test(filters.order.trim())) errors.order = 'An order number has digits only.';
  return errors;
}

export function activityApiPath(filters: ActivityFilters, cursor: string | undefined, limit: number): string {
  const params = new URLSearchParams({ ...filtersToQuery(filters), limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  return `/api/app/activity?${params.toString()}`;
}
