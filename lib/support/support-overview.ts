/**
 * The support overview: every installed store's sync health, one page of stores at a time (store-hash order).
 *
 * Per store it reads only small, indexed things, never the store's jobs or orders themselves:
 *   - the store document (from the page query) and its QuickBooks connection (one getAll for the whole page);
 *   - queue depth: count() per job status (JobRepository.counts);
 *   - failures in the last 24 h: count() of the store's jobs whose LATEST run failed in that window
 *     (lastError.at ≥ now − 24 h; lastError is cleared when a run succeeds). That covers orders that need attention,
 *     dead-lettered jobs, jobs retrying after a transient error and jobs parked by a connection failure; a job
 *     that failed and then succeeded no longer counts, and a job that failed several times counts once;
 *   - last successful post: the newest ledger entry by postedAt (limit 1); last completed run: the newest done job by
 *     finishedAt (limit 1);
 *   - webhook health: the hook registration recorded at install/load (lib/app-lifecycle/register-webhooks.ts) and
 *     the newest webhook event by receivedAt (limit 1). A store whose registration failed or lacks hooks is 'error';
 *     one with no webhook for WEBHOOK_QUIET_MS (counted from install when none ever came) is 'quiet': BigCommerce
 *     may have stopped delivering, or the store simply had no orders: support checks.
 * About 10 small reads per store, STORE_CONCURRENCY stores at a time; indexes in firestore.indexes.json.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { WEBHOOK_SCOPES } from '@/lib/bigcommerce/webhook-registration';
import type { JobStatus } from '@/lib/firestore/job-repository';
import type { ConnectionStatus, QuickBooksConnection } from '@/lib/firestore/quickbooks-connection-repository';
import type { StoreRecord } from '@/lib/firestore/store-repository';
import type { SupportDeps } from './support-deps';
import { SupportNotFoundError } from './support-errors';

export const FAILURE_WINDOW_MS = 24 * 3_600_000;
export const WEBHOOK_QUIET_MS = 72 * 3_600_000;
export const DEFAULT_STORES_PAGE = 50;
export const MAX_STORES_PAGE = 100;
const STORE_CONCURRENCY = 8;

export type QueueDepth = Record<Exclude<JobStatus, 'done'>, number>;
export type WebhookHealth = 'ok' | 'quiet' | 'error' | 'not_registered';
export type StoreHealth = 'ok' | 'warning' | 'critical';

export interface SupportStoreRow {
  storeHash: string;
  name: string;
  domain?: string;
  installedAt: string;
  /** 'cancelled': BigCommerce reported the store itself closed (store/app/uninstalled); uninstall deletes the row. */
  installState: 'installed' | 'cancelled';
  quickbooks: {
    status: ConnectionStatus | 'not_connected';
    companyName?: string;
    realmId?: string;
    /** Plain language, while needs_reconnect. */
    reason?: string;
    since?: string;
  };
  lastPostedAt?: string;
  lastPostedDocument?: string;
  lastSyncedAt?: string;
  failures24h: number;
  webhooks: {
    health: WebhookHealth;
    registered: number;
    expected: number;
    checkedAt?: string;
    error?: string;
    lastReceivedAt?: string;
  };
  queue: QueueDepth;
  doneTotal: number;
  health: StoreHealth;
  /** Plain-language reasons behind `health`, most serious first. */
  attention: string[];
}

export interface SupportOverview {
  generatedAt: string;
  totals: { stores: number; needsReconnect: number };
  stores: SupportStoreRow[];
  /** Pass back as `cursor` for the next page of stores; absent on the last page. */
  nextCursor?: string;
}

const STORE_HASH = /^[a-z0-9]{1,64}$/;

export const OverviewQuerySchema = z.object({
  cursor: z.string().trim().regex(STORE_HASH, { message: 'is not a cursor from a previous page' }).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_STORES_PAGE).default(DEFAULT_STORES_PAGE),
});

export const StoreHashSchema = z.string().trim().regex(STORE_HASH, { message: 'is not a store hash' });

const iso = (value: Timestamp | undefined) => value?.toDate().toISOString();

export function webhookHealth(
  store: Pick<StoreRecord, 'webhooks' | 'installedAt'>,
  lastReceivedMs: number | undefined,
  nowMs: number,
): WebhookHealth {
  const registration = store.webhooks;
  if (!registration) return 'not_registered';
  if (registration.status === 'error' || Object.keys(registration.hooks).length < WEBHOOK_SCOPES.length) return 'error';
  const since = lastReceivedMs ?? store.installedAt.toMillis();
  return nowMs - since > WEBHOOK_QUIET_MS ? 'quiet' : 'ok';
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Health and its reasons from the facts of a row. */
export function assessStore(row: Omit<SupportStoreRow, 'health' | 'attention'>, nowMs: number): { health: StoreHealth; attention: string[] } {
  const critical: string[] = [];
  const warning: string[] = [];
  const { quickbooks, webhooks, queue } = row;
  if (row.installState === 'cancelled') warning.push('BigCommerce reported the store closed.');
  if (quickbooks.status === 'needs_reconnect') critical.push(`QuickBooks needs reconnecting${quickbooks.reason ? `: ${quickbooks.reason}` : '.'}`);
  else if (quickbooks.status === 'disconnected') warning.push('QuickBooks was disconnected.');
  else if (quickbooks.status === 'not_connected') warning.push('QuickBooks is not connected yet.');
  if (webhooks.health === 'error') {
    critical.push(`Webhooks: ${webhooks.error ?? `${webhooks.registered} of ${webhooks.expected} registered`}.`);
  } else if (webhooks.health === 'not_registered') {
    warning.push('Webhooks have not been registered.');
  } else if (webhooks.health === 'quiet') {
    const since = webhooks.lastReceivedAt ? Date.parse(webhooks.lastReceivedAt) : Date.parse(row.installedAt);
    warning.push(`No webhook received for ${Math.floor((nowMs - since) / 86_400_000)} days.`);
  }
  if (queue.dead > 0) critical.push(`${plural(queue.dead, 'job', 'jobs')} dead-lettered.`);
  if (queue.needs_attention > 0) critical.push(`${plural(queue.needs_attention, 'job needs', 'jobs need')} attention.`);
  if (queue.parked > 0) warning.push(`${plural(queue.parked, 'job', 'jobs')} parked until QuickBooks is connected.`);
  if (row.failures24h > 0) warning.push(`${plural(row.failures24h, 'job', 'jobs')} failed in the last 24 h.`);
  return { health: critical.length > 0 ? 'critical' : warning.length > 0 ? 'warning' : 'ok', attention: [...critical, ...warning] };
}

function connectionView(connection: QuickBooksConnection | undefined): SupportStoreRow['quickbooks'] {
  if (!connection) return { status: 'not_connected' };
  return {
    status: connection.status,
    ...(connection.companyName ? { companyName: connection.companyName } : {}),
    ...(connection.realmId ? { realmId: connection.realmId } : {}),
    ...(connection.status === 'needs_reconnect' && connection.statusReason ? { reason: connection.statusReason } : {}),
    ...(connection.statusChangedAt ? { since: iso(connection.statusChangedAt) } : {}),
  };
}

async function storeRow(deps: SupportDeps, store: StoreRecord, connection: QuickBooksConnection | undefined, nowMs: number): Promise<SupportStoreRow> {
  const storeHash = store.storeHash;
  const [counts, failures24h, lastPosted, lastDone, lastEvent] = await Promise.all([
    deps.jobs.counts(storeHash),
    deps.jobs.countFailedSince(storeHash, Timestamp.fromMillis(nowMs - FAILURE_WINDOW_MS)),
    deps.ledger.lastPosted(storeHash),
    deps.jobs.lastFinished(storeHash, 'done'),
    deps.events.lastReceived(storeHash),
  ]);
  const { done, ...queue } = counts;
  const registration = store.webhooks;
  const facts: Omit<SupportStoreRow, 'health' | 'attention'> = {
    storeHash,
    name: store.facts?.name ?? storeHash,
    ...(store.facts?.domain ? { domain: store.facts.domain } : {}),
    installedAt: iso(store.installedAt)!,
    installState: store.cancelledAt ? 'cancelled' : 'installed',
    quickbooks: connectionView(connection),
    ...(lastPosted?.postedAt ? { lastPostedAt: iso(lastPosted.postedAt), lastPostedDocument: `${lastPosted.entity} ${lastPosted.docNumber}` } : {}),
    ...(lastDone?.finishedAt ? { lastSyncedAt: iso(lastDone.finishedAt) } : {}),
    failures24h,
    webhooks: {
      health: webhookHealth(store, lastEvent?.receivedAt.toMillis(), nowMs),
      registered: Object.keys(registration?.hooks ?? {}).length,
      expected: WEBHOOK_SCOPES.length,
      ...(registration?.checkedAt ? { checkedAt: iso(registration.checkedAt) } : {}),
      ...(registration?.error ? { error: registration.error } : {}),
      ...(lastEvent ? { lastReceivedAt: iso(lastEvent.receivedAt) } : {}),
    },
    queue,
    doneTotal: done,
  };
  return { ...facts, ...assessStore(facts, nowMs) };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

export async function getSupportOverview(deps: SupportDeps, input: unknown): Promise<SupportOverview> {
  const query = OverviewQuerySchema.parse(input);
  const nowMs = deps.clock();
  const [stores, storeCount, needsReconnect] = await Promise.all([
    deps.stores.listStores({ ...(query.cursor ? { afterStoreHash: query.cursor } : {}), limit: query.limit + 1 }),
    deps.stores.countStores(),
    deps.connections.countWithStatus('needs_reconnect'),
  ]);
  const page = stores.slice(0, query.limit);
  const connections = await deps.connections.getMany(page.map((store) => store.storeHash));
  const rows = await mapLimited(page, STORE_CONCURRENCY, (store) => storeRow(deps, store, connections.get(store.storeHash), nowMs));
  const last = page.at(-1);
  return {
    generatedAt: new Date(nowMs).toISOString(),
    totals: { stores: storeCount, needsReconnect },
    stores: rows,
    ...(stores.length > query.limit && last ? { nextCursor: last.storeHash } : {}),
  };
}

/** One store's row (the drill-down's header); SupportNotFoundError for a store that is not installed. */
export async function getSupportStore(deps: SupportDeps, storeHash: string): Promise<SupportStoreRow> {
  const [store, connection] = await Promise.all([deps.stores.getStore(storeHash), deps.connections.get(storeHash)]);
  if (!store) throw new SupportNotFoundError(`No installed store ${storeHash}.`);
  return storeRow(deps, { ...store, storeHash }, connection, deps.clock());
}
