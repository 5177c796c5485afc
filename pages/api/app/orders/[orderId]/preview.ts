/** GET: the exact QuickBooks document this order would become now, computed without writing anything. */
import { z } from 'zod';
import { appApiRoute } from '@/lib/http/app-api-route';
import { previewOrder } from '@/lib/sync/order-preview';

const OrderId = z.string().regex(/^\d{1,15}$/, 'an order number').transform(Number);

export default appApiRoute({
  GET: async (req, res, { auth, deps }) => {
    const orderId = OrderId.parse(req.query.orderId);
    res.status(200).json(await previewOrder(deps, auth.storeHash, orderId));
  },
});
