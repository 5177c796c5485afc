/**
 * POST {username, password} (JSON, from the app's own origin): signs a support staff member in and sets the
 * session cookie. 401 with one message for an unknown username or a wrong password; 429 with Retry-After once the
 * username or the client IP has used up its attempts (lib/support/staff-auth.ts).
 */
import { supportPublicRoute } from '@/lib/http/support-api-route';
import { loginStaff } from '@/lib/support/staff-auth';
import { sessionCookieHeader } from '@/lib/support/support-session';

export default supportPublicRoute({
  POST: async (req, res, { deps, ip }) => {
    const userAgent = req.headers['user-agent'];
    const result = await loginStaff(deps, req.body, { ip, ...(userAgent ? { userAgent } : {}) });
    res.setHeader('Set-Cookie', sessionCookieHeader(deps.config.appUrl, result.cookieValue, result.maxAgeSeconds));
    res.status(200).json({ username: result.username, expiresAt: new Date(result.expiresAt).toISOString() });
  },
});
