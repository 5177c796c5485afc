/** POST (from the app's own origin): ends the staff session server-side and clears the cookie. */
import { supportStaffRoute } from '@/lib/http/support-api-route';
import { logoutStaff } from '@/lib/support/staff-auth';
import { clearedSessionCookieHeader } from '@/lib/support/support-session';

export default supportStaffRoute({
  POST: async (_req, res, { deps, staff, ip }) => {
    await logoutStaff(deps, staff, ip);
    res.setHeader('Set-Cookie', clearedSessionCookieHeader(deps.config.appUrl));
    res.status(204).end();
  },
});
