/** Remove-user callback (server to server): the store revoked a user's access to the app. */
import { getAppDeps } from '@/lib/app-deps';
import { removeUser } from '@/lib/app-lifecycle/uninstall-app';
import { apiRoute, queryParam } from '@/lib/http/api-route';

export default apiRoute({
  GET: async (req, res) => {
    const { storeHash, userId } = await removeUser(getAppDeps(), queryParam(req, 'signed_payload_jwt'));
    res.status(200).json({ removed: { storeHash, userId } });
  },
});
