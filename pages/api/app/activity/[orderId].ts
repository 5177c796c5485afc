/**
 * GET: one order's sync timeline in the session's store (job, QuickBooks documents, webhooks, audit log).
 * A non-numeric id → 400; an order the store has no activity for → 404.
 */
import { z } from 'zod';
import { activityDepsOf } from '@/lib/app-deps';
import { getOrderTimeline, OrderIdSchema } from '@/lib/activity/sync-activity';
import { appApiRoute } from '@/lib/http/app-api-route';

export default appApiRoute({
  GET: async (req, res, { auth, deps }) => {
    const { orderId } = z.object({ orderId: OrderIdSchema }).parse(req.query);
    res.status(200).json(await getOrderTimeline(activityDepsOf(deps), auth.storeHash, orderId));
  },
});
