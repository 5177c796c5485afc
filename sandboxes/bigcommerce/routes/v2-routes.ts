/**
 * Store information, Orders v2 (read side) and customer groups. Empty collections answer 204 with no body, as
 * v2 does.
 */
import { renderCustomerGroup } from '../customer-groups';
import { Router, parseId } from '../http-kit';
import { parseUnits } from '../money';
import { ORDER_STATUSES, type OrderStatus } from '../order-statuses';
import type { CustomerGroup, Order, Store } from '../sandbox-state';
import {
  renderConsignments,
  renderCoupons,
  renderFees,
  renderOrder,
  renderOrderCount,
  renderOrderProduct,
  renderShipment,
  renderShippingAddress,
  renderTaxes,
  type ConsignmentRendering,
} from '../v2-order-views';
import { QueryError, dateParam, intParam, json, noContent, pageParams, v2Error, type RestRequest, type RestResponse, type RestRoute, type RestServices } from './rest-types';

const ORDERS_READ = [['orders', 'read']] as const;
const CUSTOMERS_READ = [['customers', 'read']] as const;
const NOT_FOUND = 'The requested resource was not found.';

function renderStore(store: Store, services: RestServices): Record<string, unknown> {
  const owner = store.users.get(store.ownerId);
  return {
    id: store.hash,
    account_uuid: store.accountUuid,
    domain: store.domain,
    secure_url: `https://${store.domain}`,
    control_panel_base_url: store.controlPanelBaseUrl,
    status: 'live',
    name: store.name,
    first_name: 'Store',
    last_name: 'Owner',
    address: `${store.name}\n123 Main Street\nAustin, Texas 78701`,
    country: store.country,
    country_code: store.countryCode,
    infrastructure_region: 'us-central1',
    phone: '512-555-0100',
    admin_email: owner?.email ?? '',
    order_email: `orders@${store.domain}`,
    favicon_url: `${services.apiBase()}/favicon.ico`,
    timezone: {
      name: store.timezone.name,
      raw_offset: store.timezone.rawOffset,
      dst_offset: store.timezone.dstOffset,
      dst_correction: store.timezone.dstCorrection,
      date_format: { display: 'M jS Y', export: 'M jS Y', extended_display: 'M jS Y @ g:i A' },
    },
    language: 'en',
    currency: store.currency,
    currency_symbol: store.currency === 'EUR' ? '€' : store.currency === 'GBP' ? '£' : '$',
    decimal_separator: '.',
    thousands_separator: ',',
    decimal_places: 2,
    currency_symbol_location: 'left',
    weight_units: 'Ounces',
    dimension_units: 'Inches',
    dimension_decimal_places: 2,
    dimension_decimal_token: '.',
    dimension_thousands_token: ',',
    plan_name: store.planName,
    plan_level: store.planName,
    plan_is_trial: false,
    industry: 'Food & Beverage',
    logo: [],
    is_price_entered_with_tax: store.isPriceEnteredWithTax,
    store_id: store.storeId,
    default_channel_id: 1,
    default_site_id: 1000,
    active_comparison_modules: [],
    features: {
      stencil_enabled: true,
      sitewidehttps_enabled: true,
      facebook_catalog_id: '',
      checkout_type: 'optimized',
      wishlists_enabled: false,
      graphql_storefront_api_enabled: true,
      shopper_consent_tracking_enabled: true,
      multi_storefront_enabled: false,
      storefront_limits: { active: 1, total_including_inactive: 1 },
    },
  };
}

const SORT_FIELDS = ['id', 'customer_id', 'date_created', 'date_modified', 'status_id', 'channel_id', 'external_id'] as const;

/** Filters shared by GET /orders and GET /orders/count. */
function filterOrders(store: Store, query: URLSearchParams): Order[] {
  const minId = intParam(query, 'min_id');
  const maxId = intParam(query, 'max_id');
  const customerId = intParam(query, 'customer_id');
  const statusId = intParam(query, 'status_id');
  const channelId = intParam(query, 'channel_id');
  const minCreated = dateParam(query, 'min_date_created');
  const maxCreated = dateParam(query, 'max_date_created');
  const minModified = dateParam(query, 'min_date_modified');
  const maxModified = dateParam(query, 'max_date_modified');
  const money = (name: string) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    try {
      return parseUnits(raw, 4);
    } catch {
      throw new QueryError(400, `The filter '${name}' must be a number.`, name);
    }
  };
  const minTotal = money('min_total');
  const maxTotal = money('max_total');
  const email = query.get('email')?.toLowerCase();
  const cartId = query.get('cart_id');
  const paymentMethod = query.get('payment_method');
  const externalOrderId = query.get('external_order_id');
  // Archived orders are hidden unless asked for.
  const deleted = query.get('is_deleted') === 'true';

  const out: Order[] = [];
  for (const o of store.orders.values()) {
    if (o.isDeleted !== deleted) continue;
    if (minId !== undefined && o.id < minId) continue;
    if (maxId !== undefined && o.id > maxId) continue;
    if (customerId !== undefined && o.customerId !== customerId) continue;
    if (statusId !== undefined && o.statusId !== statusId) continue;
    if (channelId !== undefined && o.channelId !== channelId) continue;
    if (minCreated !== undefined && o.dateCreated < minCreated) continue;
    if (maxCreated !== undefined && o.dateCreated > maxCreated) continue;
    if (minModified !== undefined && o.dateModified < minModified) continue;
    if (maxModified !== undefined && o.dateModified > maxModified) continue;
    if (minTotal !== undefined && o.totalIncTax < minTotal) continue;
    if (maxTotal !== undefined && o.totalIncTax > maxTotal) continue;
    if (email && o.billingAddress.email.toLowerCase() !== email) continue;
    if (cartId && o.cartId !== cartId) continue;
    if (paymentMethod && o.paymentMethod !== paymentMethod) continue;
    if (externalOrderId) continue; // no sandbox order carries an external order id
    out.push(o);
  }
  return out;
}

function sortOrders(orders: Order[], sort: string | null): Order[] {
  if (!sort) return orders; // Map insertion order = id ascending, the documented default.
  const [field, direction = 'asc'] = sort.split(':');
  if (!SORT_FIELDS.includes(field as (typeof SORT_FIELDS)[number]) || !['asc', 'desc'].includes(direction)) {
    throw new QueryError(400, `The sort '${sort}' is invalid. Use one of ${SORT_FIELDS.join(', ')} with :asc or :desc.`, 'sort');
  }
  const key: (o: Order) => number = {
    id: (o: Order) => o.id,
    customer_id: (o: Order) => o.customerId,
    date_created: (o: Order) => o.dateCreated,
    date_modified: (o: Order) => o.dateModified,
    status_id: (o: Order) => o.statusId,
    channel_id: (o: Order) => o.channelId,
    external_id: (o: Order) => o.id,
  }[field as (typeof SORT_FIELDS)[number]];
  const sign = direction === 'desc' ? -1 : 1;
  return [...orders].sort((a, b) => sign * (key(a) - key(b) || a.id - b.id));
}

function includes(query: URLSearchParams): Set<string> {
  return new Set((query.get('include') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

/**
 * `consignments` in the object structure when asked for with consignment_structure=object (the only structure
 * the spec documents); `consignments.line_items` implies `consignments`. Otherwise the {url, resource} link.
 */
function consignmentRendering(query: URLSearchParams): ConsignmentRendering {
  if (query.get('consignment_structure') !== 'object') return 'resource';
  const wanted = includes(query);
  if (wanted.has('consignments.line_items')) return 'line_items';
  return wanted.has('consignments') ? 'links' : 'resource';
}

function findOrder(req: RestRequest): Order | null {
  const id = parseId(req.params.id);
  return id === null ? null : (req.store.orders.get(id) ?? null);
}

/** Lists with page/limit, 204 when empty. */
function listOrEmpty<T>(items: T[], req: RestRequest, render: (item: T) => unknown): RestResponse {
  const { page, limit } = pageParams(req.query, { limit: 50, max: 250, overMax: 'clamp' }, 400);
  const slice = items.slice((page - 1) * limit, page * limit);
  return slice.length ? json(slice.map(render)) : noContent();
}

function orderSubresource(render: (order: Order, req: RestRequest, services: RestServices) => RestResponse): RestRoute {
  return {
    api: 'v2',
    scopes: ORDERS_READ,
    handle(req, services) {
      const order = findOrder(req);
      return order ? render(order, req, services) : v2Error(404, NOT_FOUND);
    },
  };
}

/** GET /v2/customer_groups filters: name (exact, or name:like for a part of it), is_default, is_group_for_guests. */
function filterCustomerGroups(store: Store, query: URLSearchParams): CustomerGroup[] {
  const flag = (name: string) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    if (raw !== 'true' && raw !== 'false') throw new QueryError(400, `The filter '${name}' must be true or false.`, name);
    return raw === 'true';
  };
  const name = query.get('name');
  const like = query.get('name:like')?.toLowerCase();
  const isDefault = flag('is_default');
  const forGuests = flag('is_group_for_guests');
  return [...store.customerGroups.values()]
    .filter(
      (group) =>
        (!name || group.name === name) &&
        (!like || group.name.toLowerCase().includes(like)) &&
        (isDefault === undefined || group.isDefault === isDefault) &&
        (forGuests === undefined || group.isGroupForGuests === forGuests),
    )
    .sort((a, b) => a.id - b.id);
}

/** An order status as GET /v2/order_statuses renders it (the sandbox keeps BigCommerce's labels). */
function renderOrderStatus(status: OrderStatus): Record<string, unknown> {
  return {
    id: status.id,
    name: status.name,
    system_label: status.name,
    custom_label: status.name,
    system_description: status.description,
    order: status.sortOrder,
  };
}

export function registerV2Routes(router: Router<RestRoute>): void {
  router.add('GET', '/v2/store', { api: 'v2', scopes: [['information', 'read']], handle: (req, services) => json(renderStore(req.store, services)) });

  router.add('GET', '/v2/order_statuses', { api: 'v2', scopes: ORDERS_READ, handle: () => json(ORDER_STATUSES.map(renderOrderStatus)) });
  router.add('GET', '/v2/order_statuses/:id', {
    api: 'v2',
    scopes: ORDERS_READ,
    handle(req) {
      // Status ids start at 0 (Incomplete), which parseId (positive ids) refuses.
      const raw = req.params.id ?? '';
      const status = /^\d{1,3}$/.test(raw) ? ORDER_STATUSES.find((candidate) => candidate.id === Number(raw)) : undefined;
      return status ? json(renderOrderStatus(status)) : v2Error(404, NOT_FOUND);
    },
  });

  router.add('GET', '/v2/orders', {
    api: 'v2',
    scopes: ORDERS_READ,
    handle(req, services) {
      const orders = sortOrders(filterOrders(req.store, req.query), req.query.get('sort'));
      const withFees = includes(req.query).has('fees');
      const consignments = consignmentRendering(req.query);
      return listOrEmpty(orders, req, (o) => renderOrder(services.apiBase(), req.store, o, withFees, consignments));
    },
  });

  router.add('GET', '/v2/orders/count', { api: 'v2', scopes: ORDERS_READ, handle: (req) => json(renderOrderCount(filterOrders(req.store, req.query))) });

  router.add(
    'GET',
    '/v2/orders/:id',
    orderSubresource((order, req, services) =>
      json(renderOrder(services.apiBase(), req.store, order, includes(req.query).has('fees'), consignmentRendering(req.query))),
    ),
  );
  router.add(
    'GET',
    '/v2/orders/:id/consignments',
    orderSubresource((order, req, services) =>
      json(renderConsignments(services.apiBase(), req.store, order, includes(req.query).has('consignments.line_items'))),
    ),
  );
  router.add('GET', '/v2/orders/:id/products', orderSubresource((order, req) => listOrEmpty(order.lines, req, (l) => renderOrderProduct(order, l))));
  router.add(
    'GET',
    '/v2/orders/:id/products/:productId',
    orderSubresource((order, req) => {
      const line = order.lines.find((l) => l.id === parseId(req.params.productId));
      return line ? json(renderOrderProduct(order, line)) : v2Error(404, NOT_FOUND);
    }),
  );
  const shippingAddresses = orderSubresource((order, req, services) =>
    listOrEmpty(order.shippingAddresses, req, (a) => renderShippingAddress(services.apiBase(), req.store, order, a)),
  );
  router.add('GET', '/v2/orders/:id/shipping_addresses', shippingAddresses);
  // The order's own `shipping_addresses.url` uses this legacy spelling; BigCommerce serves both.
  router.add('GET', '/v2/orders/:id/shippingaddresses', shippingAddresses);
  router.add('GET', '/v2/orders/:id/coupons', orderSubresource((order, req) => listOrEmpty(renderCoupons(order), req, (c) => c)));
  router.add(
    'GET',
    '/v2/orders/:id/taxes',
    orderSubresource((order, req) => listOrEmpty(renderTaxes(order, req.query.get('details') === 'true'), req, (t) => t)),
  );
  router.add('GET', '/v2/orders/:id/fees', orderSubresource((order) => json({ fees: renderFees(order) })));
  router.add(
    'GET',
    '/v2/orders/:id/shipments',
    orderSubresource((order, req) => listOrEmpty(req.store.shipments.get(order.id) ?? [], req, (s) => renderShipment(order, s))),
  );
  router.add('GET', '/v2/orders/:id/shipments/count', orderSubresource((order, req) => json({ count: (req.store.shipments.get(order.id) ?? []).length })));

  router.add('GET', '/v2/customer_groups', {
    api: 'v2',
    scopes: CUSTOMERS_READ,
    handle: (req) => listOrEmpty(filterCustomerGroups(req.store, req.query), req, renderCustomerGroup),
  });
  router.add('GET', '/v2/customer_groups/count', {
    api: 'v2',
    scopes: CUSTOMERS_READ,
    handle: (req) => json({ count: filterCustomerGroups(req.store, req.query).length }),
  });
  router.add('GET', '/v2/customer_groups/:id', {
    api: 'v2',
    scopes: CUSTOMERS_READ,
    handle(req) {
      const id = parseId(req.params.id);
      const group = id === null ? undefined : req.store.customerGroups.get(id);
      return group ? json(renderCustomerGroup(group)) : v2Error(404, NOT_FOUND);
    },
  });
}
