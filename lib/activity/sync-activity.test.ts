import { Timestamp } from 'firebase-admin/firestore';
import { ZodError } from 'zod';
import type { AuditEntry } from '@/lib/firestore/audit-log-repository';
import type { WebhookEvent } from '@/lib/firestore/event-repository';
import type { Job } from '@/lib/firestore/job-repository';
import type { LedgerEntry } from '@/lib/firestore/ledger-repository';
import {
  ActivityNotFoundError,
  decodeActivityCursor,
  encodeActivityCursor,
  getOrderTimeline,
  listSyncActivity,
  parseActivityQuery,
  type SyncActivityDeps,
} from './sync-activity';

const at = (iso: string) => Timestamp.fromDate(new Date(iso));

function job(subjectId: string, fields: Partial<Job> = {}): Job {
  return {
    id: `order-${subjectId}`,
    storeHash: 'store1',
    kind: 'order',
    subjectId,
    status: 'done',
    dueAt: at('2026-03-01T10:00:00Z'),
    attempts: 0,
    maxAttempts: 8,
    lease: null,
    rerun: false,
    coalesced: 0,
    lastError: null,
    createdAt: at('2026-03-01T10:00:00Z'),
    updatedAt: at('2026-03-01T10:00:05Z'),
    ...fields,
  };
}

function ledger(orderId: number, fields: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    key: `order-${orderId}`,
    orderId,
    realmId: 'realm',
    entity: 'SalesReceipt',
    status: 'posted',
    requestId: 'r',
    docNumber: `BC-${orderId}`,
    revision: 0,
    qboId: '42',
    totalCents: 1234,
    currency: 'USD',
    createdAt: at('2026-03-01T10:00:02Z'),
    postedAt: at('2026-03-01T10:00:03Z'),
    updatedAt: at('2026-03-01T10:00:03Z'),
    ...fields,
  };
}

function fakeDeps(state: { jobs?: Job[]; ledger?: LedgerEntry[]; events?: Array<WebhookEvent & { hash: string }>; log?: AuditEntry[] }) {
  const pageCalls: unknown[] = [];
  const deps: SyncActivityDeps = {
    jobs: {
      async page(_storeHash, options) {
        pageCalls.push(options);
        return (state.jobs ?? []).slice(0, options.limit);
      },
      async get(_storeHash, jobId) {
        return (state.jobs ?? []).find((candidate) => candidate.id === jobId);
      },
    },
    ledger: {
      async getMany(_storeHash, keys) {
        return new Map((state.ledger ?? []).filter((entry) => keys.includes(entry.key)).map((entry) => [entry.key, entry]));
      },
      async forOrder(_storeHash, orderId) {
        return (state.ledger ?? []).filter((entry) => entry.orderId === orderId);
      },
    },
    events: { listForSubject: async () => state.events ?? [] },
    audit: { timeline: async () => state.log ?? [] },
  };
  return { deps, pageCalls };
}

describe('activity query', () => {
  it('defaults to order jobs, 25 a page, and turns UTC days into a half-open range', () => {
    const query = parseActivityQuery({ from: '2026-03-01', to: '2026-03-02', storeHash: 'ignored' });
    expect(query).toMatchObject({ kind: 'order', limit: 25 });
    expect(query.from).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(query.to).toBe(Date.parse('2026-03-03T00:00:00Z'));
    expect(parseActivityQuery({ from: '2026-03-01T10:00:00Z' }).from).toBe(Date.parse('2026-03-01T10:00:00Z'));
  });

  it.each([
    [{ status: 'exploded' }],
    [{ kind: 'refund' }],
    [{ limit: '0' }],
    [{ limit: '1000' }],
    [{ from: 'yesterday' }],
    [{ from: '2026-13-45' }],
    [{ to: '2026-02-30' }],
    [{ from: '2026-03-05', to: '2026-03-01' }],
    [{ order: '12a' }],
    [{ cursor: 'not-a-cursor' }],
    [{ status: ['done', 'dead'] }],
  ])('rejects %j as a ZodError (→ 400)', (input) => {
    expect(() => parseActivityQuery(input)).toThrow(ZodError);
  });

  it('keeps bounds at the ends of the calendar inside what a Firestore Timestamp holds (was a 500)', () => {
    for (const input of [{ to: '9999-12-31' }, { to: '9999-12-31T23:59:59-14:00' }, { from: '0100-01-01T00:00:00+14:00' }]) {
      const query = parseActivityQuery(input);
      for (const bound of [query.from, query.to]) {
        if (bound !== undefined) expect(() => Timestamp.fromMillis(bound)).not.toThrow();
      }
    }
    expect(parseActivityQuery({ to: '9999-12-31' }).to).toBe(Date.parse('9999-12-31T23:59:59.999Z'));
  });

  it('round-trips a cursor exactly (nanoseconds included)', () => {
    const updatedAt = new Timestamp(1_772_000_000, 123_456_789);
    const cursor = encodeActivityCursor({ updatedAt, id: 'order-77' });
    expect(decodeActivityCursor(cursor)).toEqual({ updatedAt, id: 'order-77' });
    expect(parseActivityQuery({ cursor }).cursor).toEqual({ updatedAt, id: 'order-77' });
  });
});

describe('listSyncActivity', () => {
  it('pages with one extra row to know whether more follow, and joins each order to its sales document', async () => {
    const jobs = [job('3', { updatedAt: at('2026-03-01T12:00:00Z') }), job('2'), job('1', { status: 'needs_attention' })];
    const { deps, pageCalls } = fakeDeps({ jobs, ledger: [ledger(3)] });
    const page = await listSyncActivity(deps, 'store1', parseActivityQuery({ limit: '2', status: 'done' }));
    expect(pageCalls[0]).toMatchObject({ kind: 'order', status: 'done', limit: 3 });
    expect(page.items.map((item) => item.orderId)).toEqual([3, 2]);
    expect(page.items[0]!.document).toMatchObject({ entity: 'SalesReceipt', docNumber: 'BC-3', totalCents: 1234, qboId: '42' });
    expect(page.items[1]!.document).toBeUndefined();
    expect(decodeActivityCursor(page.nextCursor!)).toEqual({ updatedAt: jobs[1]!.updatedAt, id: 'order-2' });
  });

  it('ends without a cursor on the last page', async () => {
    const { deps } = fakeDeps({ jobs: [job('1')] });
    expect((await listSyncActivity(deps, 'store1', parseActivityQuery({}))).nextCursor).toBeUndefined();
  });

  it('finds one order by number and still applies the other filters', async () => {
    const { deps, pageCalls } = fakeDeps({ jobs: [job('5', { status: 'dead', lastError: { class: 'transient', message: 'QuickBooks timed out', at: at('2026-03-01T10:00:04Z') } })] });
    const found = await listSyncActivity(deps, 'store1', parseActivityQuery({ order: '5' }));
    expect(found.items).toEqual([expect.objectContaining({ orderId: 5, status: 'dead', lastError: expect.objectContaining({ message: 'QuickBooks timed out' }) })]);
    expect((await listSyncActivity(deps, 'store1', parseActivityQuery({ order: '5', status: 'done' }))).items).toEqual([]);
    expect((await listSyncActivity(deps, 'store1', parseActivityQuery({ order: '6' }))).items).toEqual([]);
    expect(pageCalls).toEqual([]);
  });
});

describe('getOrderTimeline', () => {
  it('merges webhook events and log entries oldest first, with the order’s documents', async () => {
    const event: WebhookEvent & { hash: string } = {
      hash: 'h',
      scope: 'store/order/created',
      data: { id: 7 },
      createdAt: at('2026-03-01T10:00:00Z'),
      receivedAt: at('2026-03-01T10:00:00.500Z'),
      subject: 'order-7',
      enqueued: true,
      redeliveries: 2,
      expiresAt: at('2026-04-01T10:00:00Z'),
    };
    const log = (iso: string, type: AuditEntry['type'], summary: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
      subject: 'order-7',
      type,
      summary,
      at: at(iso),
      expiresAt: at('2026-06-01T00:00:00Z'),
      ...extra,
    });
    const { deps } = fakeDeps({
      jobs: [job('7')],
      ledger: [ledger(7, { key: 'refund-7-1', entity: 'RefundReceipt', createdAt: at('2026-03-02T00:00:00Z') }), ledger(7)],
      events: [event],
      log: [
        log('2026-03-01T10:00:01Z', 'fetched', 'Read order 7'),
        log('2026-03-01T10:00:02Z', 'quickbooks-request', 'Create SalesReceipt BC-7', { detail: '{"a":1}', attempt: 1 }),
        log('2026-03-01T10:00:03Z', 'quickbooks-response', 'Created', { intuitTid: 'tid-1' }),
      ],
    });
    const timeline = await getOrderTimeline(deps, 'store1', 7);
    expect(timeline.job).toMatchObject({ orderId: 7, status: 'done', document: { docNumber: 'BC-7' } });
    expect(timeline.documents.map((doc) => doc.key)).toEqual(['order-7', 'refund-7-1']);
    expect(timeline.timeline.map((entry) => entry.type)).toEqual(['webhook', 'fetched', 'quickbooks-request', 'quickbooks-response']);
    expect(timeline.timeline[0]!.summary).toBe('BigCommerce webhook store/order/created (redelivered 2×)');
    expect(timeline.timeline[2]).toMatchObject({ detail: '{"a":1}', attempt: 1 });
    expect(timeline.timeline[3]).toMatchObject({ intuitTid: 'tid-1' });
  });

  it('says so when nothing is known about the order', async () => {
    const { deps } = fakeDeps({});
    await expect(getOrderTimeline(deps, 'store1', 9)).rejects.toThrow(ActivityNotFoundError);
  });
});
