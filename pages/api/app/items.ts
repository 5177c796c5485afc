/**
 * Items by SKU. GET ?search=&filter=all|unmapped|mapped&page=&limit=: the catalog's SKUs with the QuickBooks
 * item each posts to, and the count of unmapped ones. POST {action}: auto-match, map, create or unmap.
 */
import { appApiRoute } from '@/lib/http/app-api-route';
import { listItemMappings, runItemAction } from '@/lib/settings/item-mappings';

export default appApiRoute({
  GET: async (req, res, { auth, deps }) => {
    res.status(200).json(await listItemMappings(deps, auth, req.query));
  },
  POST: async (req, res, { auth, deps }) => {
    res.status(200).json(await runItemAction(deps, auth, req.body));
  },
});
