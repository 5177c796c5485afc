/** GET: the store's QuickBooks connection as the app shows it. DELETE: disconnect (revoke and clear). */
import { appApiRoute } from '@/lib/http/app-api-route';
import { disconnectByUser } from '@/lib/quickbooks-connection/disconnect-quickbooks';
import { getQuickBooksConnectionView } from '@/lib/quickbooks-connection/quickbooks-connection-view';

export default appApiRoute({
  GET: async (_req, res, { auth, deps }) => {
    res.status(200).json(await getQuickBooksConnectionView(deps, auth.storeHash));
  },
  DELETE: async (_req, res, { auth, deps }) => {
    res.status(200).json(await disconnectByUser(deps, auth));
  },
});
