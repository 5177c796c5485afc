/**
 * A store's sync activity, for the support drill-down and (later) the merchant's activity page in the iframe: the
 * same read model, scoped to one store by whoever calls it.
 *
 *  - listSyncActivity: one page of the store's jobs (one job per order, `order-{id}`, see lib/sync/job-queue.ts),
 *    most recently changed first, filtered by kind (default order), status, a date range on the job's last change
 *    (updatedAt, UTC days for YYYY-MM-DD) or one order number, with an opaque cursor for the next page. Each order row
 *    carries its QuickBooks sales document from the posting ledger (`order-{id}`).
 *  - getOrderTimeline: one order's job, every ledger document (sales document, payment, refunds), the webhook events
 *    received for it and the audit log entries (fetched, decided, QuickBooks request/response, outcome), merged
 *    into one timeline, oldest first.
 *
 * Only repository reads; no writes. Query input is validated with zod (ZodError → 400 in lib/http/api-route.ts).
 */
import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { AuditEntryType, AuditLogRepository } from '@/lib/firestore/audit-log-repository';
import type { EventRepository } from '@/lib/firestore/event-repository';
import { JOB_KINDS, JOB_STATUSES, type Job, type JobErrorClass, type JobKind, type JobRepository, type JobStatus } from '@/lib/firestore/job-repository';
import type { LedgerEntity, LedgerEntry, LedgerRepository } from '@/lib/firestore/ledger-repository';

export interface SyncActivityDeps {
  jobs: Pick<JobRepository, 'page' | 'get'>;
  ledger: Pick<LedgerRepository, 'getMany' | 'forOrder'>;
  events: Pick<EventRepository, 'listForSubject'>;
  audit: Pick<AuditLogRepository, 'timeline'>;
}

export class ActivityNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActivityNotFoundError';
  }
}

export const DEFAULT_ACTIVITY_PAGE = 25;
export const MAX_ACTIVITY_PAGE = 100;
const DAY_MS = 86_400_000;

// ------------------------------------------------------------------------------------------------------------
// Query
// ------------------------------------------------------------------------------------------------------------

interface Cursor {
  updatedAt: Timestamp;
  id: string;
}

export function encodeActivityCursor(job: Pick<Job, 'updatedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([job.updatedAt.seconds, job.updatedAt.nanoseconds, job.id])).toString('base64url');
}

export function decodeActivityCursor(cursor: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z
      .tuple([z.number().int().nonnegative(), z.number().int().min(0).max(999_999_999), z.string().regex(/^[A-Za-z0-9_-]{1,200}$/)])
      .safeParse(value);
    if (!parsed.success) return undefined;
    const [seconds, nanoseconds, id] = parsed.data;
    return { updatedAt: new Timestamp(seconds, nanoseconds), id };
  } catch {
    return undefined;
  }
}

/** What a Firestore Timestamp can hold (0001-01-01 to 9999-12-31 UTC); the filters become Timestamps. */
const FIRST_INSTANT_MS = -62_135_596_800_000;
const LAST_INSTANT_MS = 253_402_300_799_999;

/**
 * YYYY-MM-DD (a UTC day) or a full ISO timestamp; `end` makes a date-only value cover its whole day. Clamped to
 * the Timestamp range: "to 9999-12-31" ends a day past it, and nothing is stored beyond it anyway.
 */
function instant(value: string, end: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00.000Z` : value);
  return Math.min(Math.max(dateOnly && end ? ms + DAY_MS : ms, FIRST_INSTANT_MS), LAST_INSTANT_MS);
}

/** A real calendar day (Date.parse rolls 2026-02-30 over into March) and a parseable value. */
function isDateValue(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!match || !Number.isFinite(Date.parse(value))) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const DateParam = z.string().trim().max(40).refine(isDateValue, { message: 'must be a date (YYYY-MM-DD) or an ISO timestamp' });

/** Query-string input (all strings); unknown parameters are ignored. */
export const ActivityQuerySchema = z
  .object({
    kind: z.enum(JOB_KINDS).default('order'),
    status: z.enum(JOB_STATUSES).optional(),
    from: DateParam.optional(),
    to: DateParam.optional(),
    order: z.string().trim().regex(/^\d{1,15}$/, { message: 'must be an order number' }).optional(),
    cursor: z
      .string()
      .max(400)
      .transform((value, ctx) => {
        const cursor = decodeActivityCursor(value);
        if (!cursor) {
          ctx.addIssue({ code: 'custom', message: 'is not a cursor from a previous page' });
          return z.NEVER;
        }
        return cursor;
      })
      .optional(),
    limit: z.coerce.number().int().min(1).max(MAX_ACTIVITY_PAGE).default(DEFAULT_ACTIVITY_PAGE),
  })
  .transform((query) => ({
    ...query,
    from: query.from === undefined ? undefined : instant(query.from, false),
    to: query.to === undefined ? undefined : instant(query.to, true),
  }))
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    message: 'from must be before to',
    path: ['from'],
  });

export type ActivityQuery = z.output<typeof ActivityQuerySchema>;

/** Query-string values as Next gives them (repeated parameters are arrays and fail validation). */
export function parseActivityQuery(input: Record<string, unknown>): ActivityQuery {
  const { kind, status, from, to, order, cursor, limit } = input;
  const present = Object.fromEntries(
    Object.entries({ kind, status, from, to, order, cursor, limit }).filter(([, value]) => value !== undefined && value !== ''),
  );
  return ActivityQuerySchema.parse(present);
}

// ------------------------------------------------------------------------------------------------------------
// Views
// ------------------------------------------------------------------------------------------------------------

export interface ActivityDocument {
  key: string;
  entity: LedgerEntity;
  docNumber: string;
  status: LedgerEntry['status'];
  qboId?: string;
  totalCents?: number;
  taxCents?: number;
  currency?: string;
  postedAt?: string;
  updatedAt: string;
  /** A voided document QuickBooks could not void (closed period): the credit memo that reversed it. */
  reversedBy?: string;
}

export interface ActivityItem {
  jobId: string;
  kind: JobKind;
  subjectId: string;
  /** The BigCommerce order number, for order jobs. */
  orderId?: number;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  /** Why the latest run failed (plain language), cleared by a later success. */
  lastError?: { class: JobErrorClass; message: string; at: string };
  parkedReason?: string;
  /** Events folded into the job beyond the first. */
  coalesced: number;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** The QuickBooks sales document for an order, once the ledger has one. */
  document?: ActivityDocument;
}

export interface ActivityPage {
  items: ActivityItem[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

const iso = (value: Timestamp | undefined) => value?.toDate().toISOString();

export function toActivityDocument(entry: LedgerEntry): ActivityDocument {
  return {
    key: entry.key,
    entity: entry.entity,
    docNumber: entry.docNumber,
    status: entry.status,
    updatedAt: entry.updatedAt.toDate().toISOString(),
    ...(entry.qboId ? { qboId: entry.qboId } : {}),
    ...(entry.totalCents !== undefined ? { totalCents: entry.totalCents } : {}),
    ...(entry.taxCents !== undefined ? { taxCents: entry.taxCents } : {}),
    ...(entry.currency ? { currency: entry.currency } : {}),
    ...(entry.postedAt ? { postedAt: iso(entry.postedAt) } : {}),
    ...(entry.reversedBy ? { reversedBy: entry.reversedBy } : {}),
  };
}

export function toActivityItem(job: Job, document?: LedgerEntry): ActivityItem {
  const orderId = job.kind === 'order' && /^\d+$/.test(job.subjectId) ? Number(job.subjectId) : undefined;
  return {
    jobId: job.id,
    kind: job.kind,
    subjectId: job.subjectId,
    ...(orderId !== undefined ? { orderId } : {}),
    status: job.status,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    ...(job.lastError ? { lastError: { class: job.lastError.class, message: job.lastError.message, at: iso(job.lastError.at)! } } : {}),
    ...(job.parkedReason ? { parkedReason: job.parkedReason } : {}),
    coalesced: job.coalesced,
    createdAt: iso(job.createdAt)!,
    updatedAt: iso(job.updatedAt)!,
    ...(job.finishedAt ? { finishedAt: iso(job.finishedAt) } : {}),
    ...(document ? { document: toActivityDocument(document) } : {}),
  };
}

function matches(job: Job, query: ActivityQuery): boolean {
  const updated = job.updatedAt.toMillis();
  return (
    job.kind === query.kind &&
    (query.status === undefined || job.status === query.status) &&
    (query.from === undefined || updated >= query.from) &&
    (query.to === undefined || updated < query.to)
  );
}

async function withDocuments(deps: SyncActivityDeps, storeHash: string, jobs: Job[]): Promise<ActivityItem[]> {
  const keys = jobs.filter((job) => job.kind === 'order').map((job) => `order-${job.subjectId}`);
  const documents = await deps.ledger.getMany(storeHash, keys);
  return jobs.map((job) => toActivityItem(job, job.kind === 'order' ? documents.get(`order-${job.subjectId}`) : undefined));
}

export async function listSyncActivity(deps: SyncActivityDeps, storeHash: string, query: ActivityQuery): Promise<ActivityPage> {
  if (query.order !== undefined) {
    // One order: its job is `order-{number}`; the other filters still apply.
    const job = await deps.jobs.get(storeHash, `order-${query.order}`);
    const found = job && matches(job, { ...query, kind: 'order' }) && !query.cursor ? [job] : [];
    return { items: await withDocuments(deps, storeHash, found) };
  }
  const jobs = await deps.jobs.page(storeHash, {
    kind: query.kind,
    ...(query.status ? { status: query.status } : {}),
    ...(query.from !== undefined ? { updatedFrom: Timestamp.fromMillis(query.from) } : {}),
    ...(query.to !== undefined ? { updatedBefore: Timestamp.fromMillis(query.to) } : {}),
    ...(query.cursor ? { after: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = jobs.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await withDocuments(deps, storeHash, page),
    ...(jobs.length > query.limit && last ? { nextCursor: encodeActivityCursor(last) } : {}),
  };
}

// ------------------------------------------------------------------------------------------------------------
// One order's timeline
// ------------------------------------------------------------------------------------------------------------

export type TimelineEntryType = 'webhook' | AuditEntryType;

export interface TimelineEntry {
  at: string;
  type: TimelineEntryType;
  summary: string;
  /** Redacted JSON text (request, response, fetched data), when the log kept one. */
  detail?: string;
  intuitTid?: string;
  attempt?: number;
}

export interface OrderTimeline {
  orderId: number;
  job?: ActivityItem;
  documents: ActivityDocument[];
  timeline: TimelineEntry[];
}

export const OrderIdSchema = z.string().trim().regex(/^\d{1,15}$/, { message: 'must be an order number' }).transform(Number);

export async function getOrderTimeline(deps: SyncActivityDeps, storeHash: string, orderId: number): Promise<OrderTimeline> {
  const subject = `order-${orderId}`;
  const [job, ledger, events, log] = await Promise.all([
    deps.jobs.get(storeHash, subject),
    deps.ledger.forOrder(storeHash, orderId),
    deps.events.listForSubject(storeHash, subject),
    deps.audit.timeline(storeHash, subject),
  ]);
  if (!job && ledger.length === 0 && events.length === 0 && log.length === 0) {
    throw new ActivityNotFoundError(`No sync activity for order ${orderId}.`);
  }
  const sales = ledger.find((entry) => entry.key === subject);
  const timeline: Array<TimelineEntry & { ms: number }> = [
    ...events.map((event) => ({
      ms: event.receivedAt.toMillis(),
      at: event.receivedAt.toDate().toISOString(),
      type: 'webhook' as const,
      summary: `BigCommerce webhook ${event.scope}${event.redeliveries ? ` (redelivered ${event.redeliveries}×)` : ''}`,
    })),
    ...log.map((entry) => ({
      ms: entry.at.toMillis(),
      at: entry.at.toDate().toISOString(),
      type: entry.type,
      summary: entry.summary,
      ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
      ...(entry.intuitTid ? { intuitTid: entry.intuitTid } : {}),
      ...(entry.attempt !== undefined ? { attempt: entry.attempt } : {}),
    })),
  ];
  // Stable: a webhook and the log entry it caused in the same millisecond keep that order.
  timeline.sort((a, b) => a.ms - b.ms);
  return {
    orderId,
    ...(job ? { job: toActivityItem(job, sales) } : {}),
    documents: ledger.sort((a, b) => a.createdAt.toMillis() - b.createdAt.toMillis()).map(toActivityDocument),
    timeline: timeline.map(({ ms: _ms, ...entry }) => entry),
  };
}
