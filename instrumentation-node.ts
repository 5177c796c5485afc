/**
 * Node.js server start-up (loaded by instrumentation.ts only in the Node.js runtime, so nothing here is
 * bundled for the edge): validate the environment so a misconfigured deployment fails at start-up with the
 * list of what is missing, not on the first merchant's click; then start the sync worker in this process
 * (unless SYNC_WORKER=off).
 */
import { getAppDeps } from '@/lib/app-deps';
import { ConfigError, loadConfig } from '@/lib/env';
import { createJobHandler } from '@/lib/sync/job-handler';
import { startSyncWorker } from '@/lib/sync/sync-worker';

try {
  loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const deps = getAppDeps();
if (deps.config.sync.inProcessWorker && process.env.NEXT_PHASE !== 'phase-production-build') {
  startSyncWorker(deps, createJobHandler(deps));
}
