/** Orders v3: transactions and refunds (read side; refunds are created through the admin API). */
import { parseId, type Router } from '../http-kit';
import type { Refund } from '../sandbox-state';
import { paginate, renderRefund, renderTransaction } from '../v3-views';
import { QueryError, dateParam, intListParam, json, noContent, pageParams, type RestRoute } from './rest-types';

const REFUNDS_READ = [
  ['transactions', 'read'],
  ['orders', 'read'],
] as const;

function notFound(title: string) {
  return { status: 404, body: { status: 404, title, type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes', instance: '' } };
}

export function registerV3OrderRoutes(router: Router<RestRoute>): void {
  router.add('GET', '/v3/orders/:id/transactions', {
    api: 'v3',
    scopes: [['transactions', 'read']],
    handle(req) {
      const id = parseId(req.params.id);
      const order = id === null ? undefined : req.store.orders.get(id);
      if (!order) return notFound(`Order ${req.params.id} not found`);
      const transactions = req.store.transactions.get(order.id) ?? [];
      if (transactions.length === 0) return noContent();
      const { page, limit } = pageParams(req.query, { limit: 50, max: 250, overMax: 'clamp' });
      const result = paginate(transactions, page, limit, req.query);
      return json({ data: result.items.map(renderTransaction), meta: result.meta });
    },
  });

  router.add('GET', '/v3/orders/:id/payment_actions/refunds', {
    api: 'v3',
    scopes: REFUNDS_READ,
    handle(req) {
      const id = parseId(req.params.id);
      const order = id === null ? undefined : req.store.orders.get(id);
      if (!order) return notFound(`Order ${req.params.id} not found`);
      const transactionId = req.query.get('transaction_id');
      const refunds = [...req.store.refunds.values()].filter(
        (r) => r.orderId === order.id && (!transactionId || r.payments.some((p) => p.transactionId === transactionId)),
      );
      return json({ data: refunds.map((r) => renderRefund(r)), meta: {} });
    },
  });

  router.add('GET', '/v3/orders/payment_actions/refunds', {
    api: 'v3',
    scopes: REFUNDS_READ,
    handle(req) {
      const orderIds = intListParam(req.query, 'order_id:in');
      const ids = intListParam(req.query, 'id:in');
      const createdMin = dateParam(req.query, 'created:min');
      const createdMax = dateParam(req.query, 'created:max');
      const transactionId = req.query.get('transaction_id');
      const { page, limit } = pageParams(req.query, { limit: 50, max: 250, overMax: 'clamp' });
      const matches: Refund[] = [];
      for (const r of req.store.refunds.values()) {
        if (orderIds && !orderIds.includes(r.orderId)) continue;
        if (ids && !ids.includes(r.id)) continue;
        if (createdMin !== undefined && r.created < createdMin) continue;
        if (createdMax !== undefined && r.created > createdMax) continue;
        if (transactionId && !r.payments.some((p) => p.transactionId === transactionId)) continue;
        matches.push(r);
      }
      const result = paginate(matches, page, limit, req.query);
      return json({ data: result.items.map((r) => renderRefund(r)), meta: result.meta });
    },
  });

  router.add('GET', '/v3/orders/payment_actions/refunds/:refundId', {
    api: 'v3',
    scopes: REFUNDS_READ,
    handle(req) {
      const id = parseId(req.params.refundId);
      if (id === null) throw new QueryError(422, 'refund_id must be an integer', 'refund_id');
      const refund = req.store.refunds.get(id);
      return refund ? json({ data: renderRefund(refund, true), meta: {} }) : notFound(`Refund ${id} not found`);
    },
  });
}
