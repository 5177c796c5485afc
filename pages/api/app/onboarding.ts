/** POST {action: accept-defaults | start-date {startDate} | go-live | pause}: the onboarding checklist's steps. */
import { applyOnboardingAction } from '@/lib/dashboard/onboarding';
import { appApiRoute } from '@/lib/http/app-api-route';
import { runningSyncWorker } from '@/lib/sync/sync-worker';

export default appApiRoute({
  POST: async (req, res, { auth, deps }) => {
    const result = await applyOnboardingAction(deps, auth, req.body ?? {});
    if (result.catchUp) void runningSyncWorker()?.kick();
    res.status(200).json(result);
  },
});
