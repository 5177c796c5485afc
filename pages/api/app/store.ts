/** GET: the signed-in store's overview for the app home. */
import { getStoreOverview } from '@/lib/app-lifecycle/store-overview';
import { appApiRoute } from '@/lib/http/app-api-route';

export default appApiRoute({
  GET: async (_req, res, { auth, deps }) => {
    res.status(200).json(await getStoreOverview(deps, auth));
  },
});
