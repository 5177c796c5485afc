/** POST {action: accept-defaults | start-date {startDate} | go-live | pause}: the onboarding checklist's steps. */
import { applyOnboardingAction } from '@/lib/dashboard/onboarding';
import { appApiRoute } from '@/lib/http/app-api-route';

export default appApiRoute({
  POST: async (req, res, { auth, deps }) => {
    res.status(200).json(await applyOnboardingAction(deps, auth, req.body ?? {}));
  },
});
