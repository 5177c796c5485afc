/** GET: the app home for the signed-in store (onboarding, health, today's counts, 30-day volume, recent activity). */
import { getStoreDashboard } from '@/lib/dashboard/store-dashboard';
import { appApiRoute } from '@/lib/http/app-api-route';

export default appApiRoute({
  GET: async (_req, res, { auth, deps }) => {
    res.status(200).json(await getStoreDashboard(deps, auth.store));
  },
});
