/** GET ?cursor&limit: one page of every installed store's sync health (lib/support/support-overview.ts). */
import { supportStaffRoute } from '@/lib/http/support-api-route';
import { getSupportOverview } from '@/lib/support/support-overview';

export default supportStaffRoute({
  GET: async (req, res, { deps, audit }) => {
    const { cursor, limit } = req.query;
    const overview = await getSupportOverview(deps, { ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
    await audit('view_stores', { detail: { stores: overview.stores.length, ...(typeof cursor === 'string' ? { cursor } : {}) } });
    res.status(200).json(overview);
  },
});
