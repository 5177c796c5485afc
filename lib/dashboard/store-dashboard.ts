/**
 * The app home's read model for one store: the onboarding checklist until the store is live, QuickBooks
 * connection and webhook health, today's counts, 30 days of posting volume and the latest activity.
 *
 * Cost per load is bounded whatever the store's size: count() aggregations (one per day of the chart), the
 * queue's status counts, one limit(1) query for the last webhook and one page of activity.
 */
import { activityDepsOf, type AppDeps } from '@/lib/app-deps';
import { listSyncActivity, parseActivityQuery, type ActivityItem } from '@/lib/activity/sync-activity';
import { WEBHOOK_SCOPES } from '@/lib/bigcommerce/webhook-registration';
import type { JobStatus } from '@/lib/firestore/job-repository';
import type { StoreRecord } from '@/lib/firestore/store-repository';
import type { ConnectionState } from '@/lib/quickbooks-connection/quickbooks-connection-view';
import { lastStoreDays } from './store-days';

export const VOLUME_DAYS = 30;
const RECENT_ITEMS = 8;
/** No webhook for this long while syncing is on: worth a look (a quiet store is possible, so it's a hint). */
const QUIET_WEBHOOKS_MS = 3 * 86_400_000;

export type OnboardingStepId = 'connect' | 'review' | 'start-date' | 'go-live';

export interface OnboardingStep {
  id: OnboardingStepId;
  done: boolean;
}

export interface StoreDashboard {
  onboarding: { complete: boolean; steps: OnboardingStep[] };
  sync: { live: boolean; startDate: string | null; settingsSavedAt?: string };
  connection: { status: ConnectionState; companyName?: string; statusReason?: string; statusChangedAt?: string };
  webhooks: {
    status: 'ok' | 'error' | 'pending';
    registered: number;
    expected: number;
    lastReceivedAt?: string;
    /** Syncing is on but no event arrived lately. */
    quiet: boolean;
    error?: string;
  };
  today: { day: string; posted: number; pending: number; needsAttention: number };
  queue: Record<JobStatus, number>;
  volume: Array<{ day: string; posted: number }>;
  recent: ActivityItem[];
  timeZone: string;
}

export async function getStoreDashboard(deps: AppDeps, store: StoreRecord, nowMs = Date.now()): Promise<StoreDashboard> {
  const storeHash = store.storeHash;
  const zone = store.facts?.timezone ?? 'UTC';
  const days = lastStoreDays(VOLUME_DAYS, zone, nowMs);
  const [settings, savedAt, connection, queue, lastEvent, volume, recent] = await Promise.all([
    deps.sync.settings.get(storeHash),
    deps.sync.settings.lastSaved(storeHash),
    deps.quickbooks.connections.get(storeHash),
    deps.jobs.counts(storeHash),
    deps.events.lastReceived(storeHash),
    Promise.all(days.map(async (day) => ({ day: day.day, posted: await deps.sync.ledger.countPostedBetween(storeHash, day.startMs, day.endMs) }))),
    listSyncActivity(activityDepsOf(deps), storeHash, parseActivityQuery({ limit: String(RECENT_ITEMS) })),
  ]);

  const connectionState: ConnectionState = connection?.status ?? 'not_connected';
  const steps: OnboardingStep[] = [
    { id: 'connect', done: connectionState === 'connected' || connectionState === 'needs_reconnect' },
    { id: 'review', done: savedAt !== undefined },
    { id: 'start-date', done: settings.startDate !== null },
    { id: 'go-live', done: settings.live },
  ];
  const lastReceivedMs = lastEvent?.receivedAt?.toMillis();
  return {
    onboarding: { complete: steps.every((step) => step.done), steps },
    sync: {
      live: settings.live,
      startDate: settings.startDate,
      ...(savedAt ? { settingsSavedAt: savedAt.at.toDate().toISOString() } : {}),
    },
    connection: {
      status: connectionState,
      ...(connection?.companyName ? { companyName: connection.companyName } : {}),
      ...(connection?.statusReason ? { statusReason: connection.statusReason } : {}),
      ...(connection?.statusChangedAt ? { statusChangedAt: connection.statusChangedAt.toDate().toISOString() } : {}),
    },
    webhooks: {
      status: store.webhooks?.status ?? 'pending',
      registered: Object.keys(store.webhooks?.hooks ?? {}).length,
      expected: WEBHOOK_SCOPES.length,
      ...(lastReceivedMs !== undefined ? { lastReceivedAt: new Date(lastReceivedMs).toISOString() } : {}),
      quiet: settings.live && (lastReceivedMs === undefined || nowMs - lastReceivedMs > QUIET_WEBHOOKS_MS),
      ...(store.webhooks?.error ? { error: store.webhooks.error } : {}),
    },
    today: {
      day: days.at(-1)!.day,
      posted: volume.at(-1)!.posted,
      pending: queue.pending + queue.running + queue.parked,
      needsAttention: queue.needs_attention + queue.dead,
    },
    queue,
    volume,
    recent: recent.items,
    timeZone: typeof zone === 'string' ? zone : zone.name,
  };
}
