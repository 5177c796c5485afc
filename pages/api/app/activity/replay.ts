/**
 * POST {orderIds: number[]} (1–100, unique): run those orders' sync again in the session's store, recording who
 * asked in each order's timeline (lib/activity/replay-orders.ts). Answers {queued, orderIds, unknown}; then nudges
 * the in-process worker so the retry starts within seconds.
 */
import { replayOrders } from '@/lib/activity/replay-orders';
import { appApiRoute } from '@/lib/http/app-api-route';
import { runningSyncWorker } from '@/lib/sync/sync-worker';

export default appApiRoute({
  POST: async (req, res, { auth, deps }) => {
    const result = await replayOrders({ jobs: deps.jobs, audit: deps.sync.audit }, { storeHash: auth.storeHash, email: auth.user.email }, req.body ?? {});
    res.status(200).json(result);
    if (result.queued > 0) void runningSyncWorker()?.kick();
  },
});
