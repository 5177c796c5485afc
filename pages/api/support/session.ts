/** GET: who is signed in to the support view (401 when nobody is). */
import { supportStaffRoute } from '@/lib/http/support-api-route';

export default supportStaffRoute({
  GET: async (_req, res, { staff }) => {
    res.status(200).json({ username: staff.username, expiresAt: new Date(staff.expiresAt).toISOString() });
  },
});
