/** Points the page at the control-panel SDK configured for this deployment (CDN, or the offline sandbox). */
import { getConfig } from '@/lib/env';
import { apiRoute } from '@/lib/http/api-route';

export default apiRoute({
  GET: (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.redirect(302, getConfig().bigcommerce.sdkUrl);
  },
});
