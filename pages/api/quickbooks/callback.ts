/**
 * Intuit's OAuth redirect (the app's Redirect URI): runs in the popup the app opened, completes the
 * connection once, tells the app in the iframe (postMessage to our own origin) and closes itself.
 */
import { getAppDeps } from '@/lib/app-deps';
import { callbackRoute, sendHtml } from '@/lib/http/callback-route';
import { completeQuickBooksConnect } from '@/lib/quickbooks-connection/connect-quickbooks';
import { describeConnectOutcome } from '@/lib/quickbooks-connection/connect-outcome-page';

export default callbackRoute(async (req, res) => {
  const deps = getAppDeps();
  const outcome = await completeQuickBooksConnect(deps, req.query);
  const page = describeConnectOutcome(outcome);
  sendHtml(res, page.status, {
    ...page,
    notifyOpener: {
      origin: new URL(deps.config.appUrl).origin,
      message: { source: 'qbo-sync', type: 'quickbooks-connect', outcome: outcome.kind, title: page.title, message: page.message },
    },
  });
});
