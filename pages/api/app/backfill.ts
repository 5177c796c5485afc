/**
 * The store's historical backfill. GET: progress. POST {from, to, dryRun}: start one (409 while one runs).
 * PUT: resume a cancelled one. DELETE: cancel.
 */
import { appApiRoute } from '@/lib/http/app-api-route';
import { cancelBackfill, getBackfill, resumeBackfill, startBackfill } from '@/lib/sync/backfill';
import { runningSyncWorker } from '@/lib/sync/sync-worker';

export default appApiRoute({
  GET: async (_req, res, { auth, deps }) => {
    res.status(200).json({ backfill: await getBackfill(deps, auth.storeHash) });
  },
  POST: async (req, res, { auth, deps }) => {
    const backfill = await startBackfill(deps, auth, req.body ?? {});
    void runningSyncWorker()?.kick(); // start paging now, not at the next sweep
    res.status(202).json({ backfill });
  },
  PUT: async (_req, res, { auth, deps }) => {
    const backfill = await resumeBackfill(deps, auth.storeHash);
    void runningSyncWorker()?.kick();
    res.status(202).json({ backfill });
  },
  DELETE: async (_req, res, { auth, deps }) => {
    res.status(200).json({ backfill: await cancelBackfill(deps, auth.storeHash) });
  },
});
