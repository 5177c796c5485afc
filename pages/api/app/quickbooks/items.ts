/** GET ?search=: the connected company's active products and services whose name or SKU contains the text. */
import { appApiRoute } from '@/lib/http/app-api-route';
import { searchQuickBooksItems } from '@/lib/settings/quickbooks-items';

export default appApiRoute({
  GET: async (req, res, { auth, deps }) => {
    res.status(200).json(await searchQuickBooksItems(deps, auth.storeHash, req.query));
  },
});
