/**
 * The in-process worker of a `next start` server: the queue's sweeper (a pass every few seconds, and one
 * right after each webhook ack via kick()), plus the hourly QuickBooks upkeep (stale company profiles,
 * token keep-alive). One per process, kept on globalThis so dev hot reloads don't start a second one.
 * Several processes may run workers at once: leases in Firestore keep them out of each other's way.
 * External schedulers (serverless hosts) call /api/sync/drain instead.
 */
import type { AppDeps } from '@/lib/app-deps';
import { logger } from '@/lib/log/logger';
import { maintainQuickBooksConnections } from '@/lib/quickbooks-connection/connection-maintenance';
import type { JobHandler } from './job-queue';

export interface SyncWorker {
  /** Run a pass now (coalesces with a pass already waiting). */
  kick(): Promise<void>;
  stop(): Promise<void>;
}

export interface SyncWorkerOptions {
  intervalMs?: number;
  maintenanceIntervalMs?: number;
}

const holder = globalThis as typeof globalThis & { __qboSyncWorker?: SyncWorker };

export function runningSyncWorker(): SyncWorker | undefined {
  return holder.__qboSyncWorker;
}

export function startSyncWorker(deps: AppDeps, handler: JobHandler, options: SyncWorkerOptions = {}): SyncWorker {
  if (holder.__qboSyncWorker) return holder.__qboSyncWorker;
  const sweeper = deps.jobs.startSweeper({ handler, intervalMs: options.intervalMs ?? 5_000, logger });
  const maintain = () =>
    maintainQuickBooksConnections(deps)
      .then((summary) => logger.info('QuickBooks upkeep', { ...summary }))
      .catch((error: unknown) => logger.error('QuickBooks upkeep failed', { error }));
  const maintenance = setInterval(() => void maintain(), options.maintenanceIntervalMs ?? 3_600_000);
  maintenance.unref();
  const worker: SyncWorker = {
    kick: () => sweeper.kick(),
    stop: async () => {
      clearInterval(maintenance);
      await sweeper.stop();
      if (holder.__qboSyncWorker === worker) delete holder.__qboSyncWorker;
    },
  };
  holder.__qboSyncWorker = worker;
  return worker;
}
