/** Uninstall callback (server to server): purge everything the app holds for the store. */
import { getAppDeps } from '@/lib/app-deps';
import { uninstallApp } from '@/lib/app-lifecycle/uninstall-app';
import { apiRoute, queryParam } from '@/lib/http/api-route';

export default apiRoute({
  GET: async (req, res) => {
    const { storeHash } = await uninstallApp(getAppDeps(), queryParam(req, 'signed_payload_jwt'));
    res.status(200).json({ uninstalled: storeHash });
  },
});
