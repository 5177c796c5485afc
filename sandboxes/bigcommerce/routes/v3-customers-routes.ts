/** Customers v3 (read side; changes go through the admin API so they fire webhooks). */
import type { Router } from '../http-kit';
import type { Customer } from '../sandbox-state';
import { paginate, renderCustomer } from '../v3-views';
import { QueryError, dateParam, intListParam, json, pageParams, stringListParam, type RestRoute } from './rest-types';

const INCLUDES = new Set(['addresses', 'storecredit', 'attributes', 'formfields', 'shopper_profile_id', 'segment_ids']);
const SORTS: Record<string, (a: Customer, b: Customer) => number> = {
  'date_created:asc': (a, b) => a.dateCreated - b.dateCreated,
  'date_created:desc': (a, b) => b.dateCreated - a.dateCreated,
  'date_modified:asc': (a, b) => a.dateModified - b.dateModified,
  'date_modified:desc': (a, b) => b.dateModified - a.dateModified,
  'last_name:asc': (a, b) => a.lastName.localeCompare(b.lastName),
  'last_name:desc': (a, b) => b.lastName.localeCompare(a.lastName),
};

export function registerV3CustomerRoutes(router: Router<RestRoute>): void {
  router.add('GET', '/v3/customers', {
    api: 'v3',
    scopes: [['customers', 'read']],
    handle(req) {
      const q = req.query;
      const ids = intListParam(q, 'id:in');
      const emails = stringListParam(q, 'email:in')?.map((e) => e.toLowerCase());
      const names = stringListParam(q, 'name:in')?.map((n) => n.toLowerCase());
      const createdMin = dateParam(q, 'date_created:min');
      const createdMax = dateParam(q, 'date_created:max');
      const modifiedMin = dateParam(q, 'date_modified:min');
      const modifiedMax = dateParam(q, 'date_modified:max');
      const include = new Set(stringListParam(q, 'include') ?? []);
      for (const value of include) if (!INCLUDES.has(value)) throw new QueryError(422, `include=${value} is not supported`, 'include');
      const sortKey = q.get('sort');
      const sort = sortKey ? SORTS[sortKey] : undefined;
      if (sortKey && !sort) throw new QueryError(422, `sort=${sortKey} is not supported`, 'sort');
      const { page, limit } = pageParams(q, { limit: 50, max: 250, overMax: 'clamp' });

      let matches = [...req.store.customers.values()].filter(
        (c) =>
          (!ids || ids.includes(c.id)) &&
          (!emails || emails.includes(c.email)) &&
          (!names || names.includes(`${c.firstName} ${c.lastName}`.toLowerCase())) &&
          (createdMin === undefined || c.dateCreated >= createdMin) &&
          (createdMax === undefined || c.dateCreated <= createdMax) &&
          (modifiedMin === undefined || c.dateModified >= modifiedMin) &&
          (modifiedMax === undefined || c.dateModified <= modifiedMax),
      );
      if (sort) matches = matches.sort(sort);
      const result = paginate(matches, page, limit, q);
      return json({ data: result.items.map((c) => renderCustomer(c, include)), meta: result.meta });
    },
  });
}
