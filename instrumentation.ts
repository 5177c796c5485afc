/**
 * Runs once when the Next.js server starts: validate the environment so a misconfigured deployment fails
 * at start-up with the list of what is missing, not on the first merchant's click; then start the sync
 * worker in this process (unless SYNC_WORKER=off).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadConfig, ConfigError } = await import('@/lib/env');
  try {
    loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { getAppDeps } = await import('@/lib/app-deps');
  const deps = getAppDeps();
  if (!deps.config.sync.inProcessWorker || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startSyncWorker } = await import('@/lib/sync/sync-worker');
  const { createJobHandler } = await import('@/lib/sync/job-handler');
  startSyncWorker(deps, createJobHandler(deps));
}
