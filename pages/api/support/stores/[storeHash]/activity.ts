/**
 * GET ?kind&status&from&to&order&cursor&limit: a store's sync activity (lib/activity/sync-activity.ts) with the
 * store's health row. Audited as view_store_activity with the filters used.
 */
import { z } from 'zod';
import { supportStaffRoute } from '@/lib/http/support-api-route';
import { listSyncActivity, parseActivityQuery } from '@/lib/activity/sync-activity';
import { getSupportStore, StoreHashSchema } from '@/lib/support/support-overview';

export default supportStaffRoute({
  GET: async (req, res, { deps, audit }) => {
    const { storeHash } = z.object({ storeHash: StoreHashSchema }).parse(req.query);
    const query = parseActivityQuery(req.query);
    const store = await getSupportStore(deps, storeHash);
    const filters = Object.fromEntries(
      ['kind', 'status', 'from', 'to', 'order'].flatMap((name) => {
        const value = req.query[name];
        return typeof value === 'string' && value !== '' ? [[name, value]] : [];
      }),
    );
    await audit('view_store_activity', { storeHash, detail: { ...filters, page: query.cursor ? 'next' : 'first' } });
    res.status(200).json({ store, activity: await listSyncActivity(deps, storeHash, query) });
  },
});
