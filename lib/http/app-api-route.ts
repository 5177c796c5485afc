/** App API routes: every handler receives the authenticated store and user, and nothing else to scope by. */
import type { NextApiRequest, NextApiResponse } from 'next';
import { getAppDeps, type AppDeps } from '@/lib/app-deps';
import { authenticateAppRequest, type AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { apiRoute } from './api-route';

export type AppApiHandler = (
  req: NextApiRequest,
  res: NextApiResponse,
  context: { auth: AuthenticatedRequest; deps: AppDeps },
) => Promise<void>;

export function appApiRoute(handlers: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', AppApiHandler>>) {
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([method, handler]) => [
      method,
      async (req: NextApiRequest, res: NextApiResponse) => {
        const deps = getAppDeps();
        const auth = await authenticateAppRequest(deps, req.headers.authorization);
        res.setHeader('Cache-Control', 'private, no-store');
        await handler(req, res, { auth, deps });
      },
    ]),
  );
  return apiRoute(wrapped);
}
