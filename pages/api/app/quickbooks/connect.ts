/** POST: start connecting QuickBooks; answers the Intuit consent URL the page opens in a popup. */
import { z } from 'zod';
import { appApiRoute } from '@/lib/http/app-api-route';
import { startQuickBooksConnect } from '@/lib/quickbooks-connection/connect-quickbooks';

const StartConnectBody = z.object({ allowCompanySwitch: z.boolean().default(false) }).strict();

export default appApiRoute({
  POST: async (req, res, { auth, deps }) => {
    // An empty body means the defaults; anything else must be exactly this shape.
    const input = StartConnectBody.parse(req.body === undefined || req.body === '' ? {} : req.body);
    res.status(200).json(await startQuickBooksConnect(deps, auth, input));
  },
});
