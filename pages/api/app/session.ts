/**
 * POST {code}: redeem the one-time code a callback put in the page URL for a session token.
 * PUT (with a valid bearer token): renew the session while the app stays open.
 */
import { z } from 'zod';
import { getAppDeps } from '@/lib/app-deps';
import { authenticateAppRequest } from '@/lib/app-session/authenticate-request';
import { redeemSessionCode, renewSession } from '@/lib/app-lifecycle/session-handoff';
import { apiRoute } from '@/lib/http/api-route';

const bodySchema = z.object({ code: z.string().max(200) });

export default apiRoute({
  POST: async (req, res) => {
    const { code } = bodySchema.parse(req.body ?? {});
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json(await redeemSessionCode(getAppDeps(), code));
  },
  PUT: async (req, res) => {
    const deps = getAppDeps();
    const auth = await authenticateAppRequest(deps, req.headers.authorization);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json(renewSession(deps, auth));
  },
});
