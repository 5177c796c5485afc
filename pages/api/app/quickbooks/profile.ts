/** GET: the connected company's facts and cached lists. POST: read them again from QuickBooks now. */
import { appApiRoute } from '@/lib/http/app-api-route';
import { getCompanyProfile, refreshProfileNow } from '@/lib/quickbooks-connection/quickbooks-connection-view';

export default appApiRoute({
  GET: async (_req, res, { auth, deps }) => {
    res.status(200).json(await getCompanyProfile(deps, auth.storeHash));
  },
  POST: async (_req, res, { auth, deps }) => {
    res.status(200).json(await refreshProfileNow(deps, auth.storeHash));
  },
});
