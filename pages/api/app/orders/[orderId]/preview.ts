/** GET: the exact QuickBooks document this order would become now, computed without writing anything. */
import { appApiRoute } from '@/lib/http/app-api-route';
import { PreviewOrderIdSchema, previewOrder } from '@/lib/sync/order-preview';

export default appApiRoute({
  GET: async (req, res, { auth, deps }) => {
    const orderId = PreviewOrderIdSchema.parse(req.query.orderId);
    res.status(200).json(await previewOrder(deps, auth.storeHash, orderId));
  },
});
