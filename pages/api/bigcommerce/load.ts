/** Load callback: GET ?signed_payload_jwt when a user opens the app in the control panel. */
import { getAppDeps } from '@/lib/app-deps';
import { StoreNotInstalledError } from '@/lib/app-lifecycle/lifecycle-errors';
import { loadApp } from '@/lib/app-lifecycle/load-app';
import { callbackRoute } from '@/lib/http/callback-route';
import { queryParam } from '@/lib/http/api-route';

export default callbackRoute(async (req, res) => {
  res.setHeader('Cache-Control', 'no-store');
  try {
    const { redirectTo } = await loadApp(getAppDeps(), queryParam(req, 'signed_payload_jwt'));
    res.redirect(302, redirectTo);
  } catch (error) {
    if (!(error instanceof StoreNotInstalledError)) throw error;
    res.redirect(302, `/not-installed?store=${encodeURIComponent(error.storeHash)}`);
  }
});
