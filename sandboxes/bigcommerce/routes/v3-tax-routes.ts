/** Tax rates v3 (read side): the store's manual tax setup (tax-setup.ts), filtered by id:in and tax_zone_id:in. */
import type { Router } from '../http-kit';
import { renderTaxRate } from '../tax-setup';
import { paginate } from '../v3-views';
import { intListParam, json, pageParams, type RestRoute } from './rest-types';

export function registerV3TaxRoutes(router: Router<RestRoute>): void {
  router.add('GET', '/v3/tax/rates', {
    api: 'v3',
    // Tax rates and zones belong to the store's Information & Settings.
    scopes: [['information', 'read']],
    handle(req) {
      const ids = intListParam(req.query, 'id:in');
      const zones = intListParam(req.query, 'tax_zone_id:in');
      const { page, limit } = pageParams(req.query, { limit: 50, max: 250, overMax: 'clamp' });
      const rates = [...req.store.taxRates.values()]
        .filter((rate) => (!ids || ids.includes(rate.id)) && (!zones || zones.includes(rate.taxZoneId)))
        .sort((a, b) => a.id - b.id);
      const result = paginate(rates, page, limit, req.query);
      return json({ data: result.items.map(renderTaxRate), meta: result.meta });
    },
  });
}
