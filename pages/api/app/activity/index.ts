/**
 * GET ?status&from&to&order&cursor&limit (and kind, default order): one page of the session store's sync activity,
 * most recently changed first (lib/activity/sync-activity.ts). Bad parameters → 400.
 */
import { activityDepsOf } from '@/lib/app-deps';
import { listSyncActivity, parseActivityQuery } from '@/lib/activity/sync-activity';
import { appApiRoute } from '@/lib/http/app-api-route';

export default appApiRoute({
  GET: async (req, res, { auth, deps }) => {
    const query = parseActivityQuery(req.query);
    res.status(200).json(await listSyncActivity(activityDepsOf(deps), auth.storeHash, query));
  },
});
