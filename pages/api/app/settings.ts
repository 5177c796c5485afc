/**
 * The store's sync settings. GET: settings, defaults, company facts and the QuickBooks and BigCommerce
 * choices the settings page offers. PUT: check every choice against the company's current QuickBooks lists,
 * then save (400 malformed, 422 with the fields to fix, 200 with what was stored).
 */
import { appApiRoute } from '@/lib/http/app-api-route';
import { getSettingsView, saveSettings } from '@/lib/settings/settings-view';

export default appApiRoute({
  GET: async (_req, res, { auth, deps }) => {
    res.status(200).json(await getSettingsView(deps, auth));
  },
  PUT: async (req, res, { auth, deps }) => {
    const result = await saveSettings(deps, auth, req.body);
    if (!result.ok) {
      res.status(result.status).json({ error: { code: result.code, message: result.message, fields: result.fields } });
      return;
    }
    res.status(200).json({ settings: result.settings });
  },
});
