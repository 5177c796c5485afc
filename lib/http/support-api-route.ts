/**
 * Support API routes (/api/support/*): the staff-only view outside the iframe, authenticated by the support
 * session cookie (lib/support/support-session.ts), never by the app's session token.
 *
 *  - supportStaffRoute: every handler receives the signed-in staff member and a bound `audit`; no valid session → 401.
 *  - supportPublicRoute: sign-in only.
 *  - State-changing methods (anything but GET/HEAD) must carry an Origin header equal to APP_URL's origin (403
 *    otherwise); with the SameSite=Strict cookie that closes cross-site request forgery, sign-in included.
 *  - Answers are never cached and never framed. Support errors map to HTTP here; everything else goes through
 *    lib/http/api-route.ts (bad input → 400, unexpected → 500 without details).
 */
import type { NextApiRequest, NextApiResponse } from 'next';
import {
  SupportForbiddenOriginError,
  SupportInvalidCredentialsError,
  SupportLoginThrottledError,
  SupportNotFoundError,
  SupportUnauthenticatedError,
} from '@/lib/support/support-errors';
import { clientIp } from '@/lib/support/client-ip';
import { getSupportDeps, type SupportDeps } from '@/lib/support/support-deps';
import { authenticateStaff, type StaffSession } from '@/lib/support/staff-auth';
import { recordStaffAction, type StaffAction, type StaffActionFields } from '@/lib/support/staff-audit';
import { clearedSessionCookieHeader, readCookie, sessionCookieName } from '@/lib/support/support-session';
import { ActivityNotFoundError } from '@/lib/activity/sync-activity';
import { apiRoute } from './api-route';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SupportRequestContext {
  deps: SupportDeps;
  /** The client address (lib/support/client-ip.ts), for the throttle and the audit. */
  ip: string;
}

export interface StaffRequestContext extends SupportRequestContext {
  staff: StaffSession;
  /** Writes one staff audit entry for this staff member and address; await it before acting. */
  audit(action: StaffAction, fields?: StaffActionFields): Promise<void>;
}

export type SupportPublicHandler = (req: NextApiRequest, res: NextApiResponse, context: SupportRequestContext) => Promise<void>;
export type SupportStaffHandler = (req: NextApiRequest, res: NextApiResponse, context: StaffRequestContext) => Promise<void>;

function header(req: NextApiRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** CSRF: a state-changing request must say it comes from the app's own origin. */
export function assertSameOrigin(method: string | undefined, origin: string | undefined, appUrl: string): void {
  if (method === 'GET' || method === 'HEAD') return;
  if (!origin || origin !== new URL(appUrl).origin) throw new SupportForbiddenOriginError();
}

function answer(res: NextApiResponse, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Maps the support errors; anything else is rethrown for apiRoute's mapping. */
function handleSupportError(error: unknown, res: NextApiResponse, deps: SupportDeps): void {
  if (error instanceof SupportUnauthenticatedError) {
    // Drop a cookie that no longer names a live session.
    res.setHeader('Set-Cookie', clearedSessionCookieHeader(deps.config.appUrl));
    return answer(res, 401, 'unauthenticated', 'Sign in to the support view.');
  }
  if (error instanceof SupportInvalidCredentialsError) return answer(res, 401, 'invalid_credentials', error.message);
  if (error instanceof SupportLoginThrottledError) {
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
    return answer(res, 429, 'too_many_attempts', error.message);
  }
  if (error instanceof SupportForbiddenOriginError) return answer(res, 403, 'forbidden_origin', error.message);
  if (error instanceof SupportNotFoundError || error instanceof ActivityNotFoundError) return answer(res, 404, 'not_found', error.message);
  throw error;
}

function wrap<C>(
  handlers: Partial<Record<Method, (req: NextApiRequest, res: NextApiResponse, context: C) => Promise<void>>>,
  contextFor: (req: NextApiRequest, base: SupportRequestContext) => Promise<C>,
) {
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([method, handler]) => [
      method,
      async (req: NextApiRequest, res: NextApiResponse) => {
        const deps = getSupportDeps();
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('X-Frame-Options', 'DENY');
        try {
          assertSameOrigin(req.method, header(req, 'origin'), deps.config.appUrl);
          const ip = clientIp(req.headers['x-forwarded-for'], req.socket.remoteAddress, deps.config.support.trustedProxyHops);
          await handler(req, res, await contextFor(req, { deps, ip }));
        } catch (error) {
          handleSupportError(error, res, deps);
        }
      },
    ]),
  );
  return apiRoute(wrapped);
}

export function supportPublicRoute(handlers: Partial<Record<Method, SupportPublicHandler>>) {
  return wrap(handlers, async (_req, base) => base);
}

export function supportStaffRoute(handlers: Partial<Record<Method, SupportStaffHandler>>) {
  return wrap(handlers, async (req, base): Promise<StaffRequestContext> => {
    const cookie = readCookie(header(req, 'cookie'), sessionCookieName(base.deps.config.appUrl));
    const staff = await authenticateStaff(base.deps, cookie);
    return {
      ...base,
      staff,
      audit: (action, fields) => recordStaffAction(base.deps.support, { username: staff.username, ip: base.ip }, action, fields, base.deps.clock()),
    };
  });
}
