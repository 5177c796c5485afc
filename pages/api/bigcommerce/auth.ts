/** Install callback (Developer Portal "Auth Callback URL"): GET ?code&scope&context&account_uuid. */
import { z } from 'zod';
import { getAppDeps } from '@/lib/app-deps';
import { installApp } from '@/lib/app-lifecycle/install-app';
import { withExchangeCode } from '@/lib/app-lifecycle/load-app';
import { callbackRoute } from '@/lib/http/callback-route';

const querySchema = z.object({
  code: z.string().min(1).max(512),
  scope: z.string().max(4_096),
  context: z.string().regex(/^stores\/[a-z0-9]{1,64}$/),
});

export default callbackRoute(async (req, res) => {
  const query = querySchema.parse(req.query);
  const result = await installApp(getAppDeps(), query);
  // The welcome page is the branded BigDesign answer to the install; it redeems the code for a session.
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, withExchangeCode('/welcome', result.sessionCode));
});
