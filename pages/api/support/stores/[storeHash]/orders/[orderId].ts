/** GET: one order's sync timeline in a store (job, QuickBooks documents, webhooks, audit log). Audited. */
import { z } from 'zod';
import { supportStaffRoute } from '@/lib/http/support-api-route';
import { getOrderTimeline, OrderIdSchema } from '@/lib/activity/sync-activity';
import { StoreHashSchema } from '@/lib/support/support-overview';
import { SupportNotFoundError } from '@/lib/support/support-errors';

export default supportStaffRoute({
  GET: async (req, res, { deps, audit }) => {
    const { storeHash, orderId } = z.object({ storeHash: StoreHashSchema, orderId: OrderIdSchema }).parse(req.query);
    if (!(await deps.stores.getStore(storeHash))) throw new SupportNotFoundError(`No installed store ${storeHash}.`);
    await audit('view_order_timeline', { storeHash, detail: { orderId } });
    res.status(200).json(await getOrderTimeline(deps, storeHash, orderId));
  },
});
