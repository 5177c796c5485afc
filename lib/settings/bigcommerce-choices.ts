/**
 * What the settings page offers from BigCommerce: order statuses (with the store's own labels), customer
 * groups, channels, payment methods / gateways and tax rates. A handful of reads in parallel per page load,
 * each allowed to fail on its own (a missing scope, an endpoint a store lacks): the page then explains what
 * is missing instead of failing as a whole.
 *
 * Sources (the app's read-only scopes):
 *  - statuses: GET /v2/order_statuses (fixed ids, custom labels); BigCommerce's own names if it fails;
 *  - customer groups: GET /v2/customer_groups;
 *  - tax rates: GET /v3/tax/rates, only when the company maps tax (not with US Automated Sales Tax);
 *  - channels and payment methods: the store's latest 250 orders (GET /v2/orders, one call) — channel names
 *    need the Channel settings scope the app does not ask for, and an order's payment method name is one of
 *    the keys the sync looks payments up by — plus the payment gateways of BigCommerce's transaction API.
 */
import type { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { BigCommerceAuthError, BigCommerceNotFoundError } from '@/lib/bigcommerce/bigcommerce-errors';
import { ORDER_STATUS } from '@/lib/sync/sync-settings';

export interface NumberChoice {
  value: number;
  label: string;
}

export interface PaymentChoice {
  /** The key settings.payments uses: a gateway id or an order's payment method name. */
  value: string;
  label: string;
  kind: 'gateway' | 'order-method';
}

export interface TaxRateChoice {
  /** BigCommerce tax rate id (orders' tax_rate_id), as the settings key it is. */
  value: string;
  label: string;
  enabled: boolean;
}

export type ChoiceSource = 'orderStatuses' | 'customerGroups' | 'taxRates' | 'recentOrders';

export interface BigCommerceChoices {
  orderStatuses: NumberChoice[];
  customerGroups: NumberChoice[];
  channels: NumberChoice[];
  paymentMethods: PaymentChoice[];
  taxRates: TaxRateChoice[];
  /** Sources that could not be read, with why, in plain words. */
  unavailable: Array<{ source: ChoiceSource; message: string }>;
}

/** BigCommerce's fixed order status names (GET /v2/order_statuses system labels). */
export const ORDER_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
};

/**
 * Transactions' `gateway` values (BigCommerce Orders v3 spec, Transaction.gateway), labelled. The sync looks a
 * payment up by its gateway first, so these are mapping keys too.
 */
export const PAYMENT_GATEWAYS: Readonly<Record<string, string>> = {
  '2checkout': '2Checkout',
  adyen: 'Adyen',
  amazon: 'Amazon Pay',
  authorizenet: 'Authorize.Net',
  bankdeposit: 'Bank deposit',
  braintree: 'Braintree',
  cheque: 'Check',
  cod: 'Cash on delivery',
  custom: 'Manual payment (control panel)',
  firstdatagge4: 'First Data Global Gateway e4',
  hps: 'Heartland',
  instore: 'Pay in store',
  klarna: 'Klarna',
  migs: 'MiGS',
  moneyorder: 'Money order',
  nmi: 'NMI',
  paypalexpress: 'PayPal',
  paypalpaymentsprous: 'PayPal Payments Pro (US)',
  paypalpaymentsprouk: 'PayPal Payments Pro (UK)',
  plugnpay: 'Plug’n Pay',
  qbmsv2: 'QuickBooks Payments',
  securenet: 'SecureNet',
  square: 'Square',
  stripe: 'Stripe',
  testgateway: 'Test payment gateway',
  usaepay: 'USAePay',
};

/** Channel 1 is every store's default storefront. */
export const DEFAULT_CHANNEL_ID = 1;
const RECENT_ORDERS = 250;

interface BcOrderStatus {
  id: number;
  name?: string;
  custom_label?: string;
  system_label?: string;
}
interface BcCustomerGroup {
  id: number;
  name?: string;
}
interface BcTaxRate {
  id: number;
  name?: string;
  enabled?: boolean;
  class_rates?: Array<{ rate?: number; tax_class_id?: number }>;
}
interface BcOrderSummary {
  channel_id?: number;
  payment_method?: string;
}

export async function readBigCommerceChoices(client: BigCommerceClient, needs: { taxRates: boolean }): Promise<BigCommerceChoices> {
  const [statuses, groups, rates, orders] = await Promise.allSettled([
    client.get<BcOrderStatus[]>('/v2/order_statuses'),
    client.get<BcCustomerGroup[]>('/v2/customer_groups', { limit: 250 }),
    needs.taxRates ? client.get<{ data?: BcTaxRate[] }>('/v3/tax/rates', { limit: 250 }) : Promise.resolve(null),
    client.get<BcOrderSummary[]>('/v2/orders', { sort: 'date_created:desc', limit: RECENT_ORDERS }),
  ]);
  const unavailable: BigCommerceChoices['unavailable'] = [];
  const settled = <T>(source: ChoiceSource, result: PromiseSettledResult<T>): T | undefined => {
    if (result.status === 'fulfilled') return result.value;
    unavailable.push({ source, message: unavailableReason(source, result.reason) });
    return undefined;
  };

  const recent = arrayOf(settled('recentOrders', orders));
  return {
    orderStatuses: orderStatusChoices(arrayOf(settled('orderStatuses', statuses))),
    customerGroups: arrayOf(settled('customerGroups', groups))
      .filter((group) => Number.isSafeInteger(group.id))
      .map((group) => ({ value: group.id, label: group.name?.trim() || `Customer group ${group.id}` }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    channels: channelChoices(recent),
    paymentMethods: paymentChoices(recent),
    taxRates: taxRateChoices(settled('taxRates', rates)?.data ?? []),
    unavailable,
  };
}

/** The store's labels where BigCommerce sent them, else the fixed names; always every fixed status. */
export function orderStatusChoices(statuses: readonly BcOrderStatus[]): NumberChoice[] {
  const byId = new Map(statuses.filter((status) => Number.isSafeInteger(status.id)).map((status) => [status.id, status]));
  const ids = new Set<number>([...Object.values(ORDER_STATUS), ...byId.keys()]);
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const status = byId.get(id);
      const system = status?.system_label?.trim() || status?.name?.trim() || ORDER_STATUS_NAMES[id] || `Status ${id}`;
      const custom = status?.custom_label?.trim();
      return { value: id, label: custom && custom !== system ? `${custom} (${system})` : system };
    });
}

/** The default storefront plus every channel the recent orders came through. */
export function channelChoices(orders: readonly BcOrderSummary[]): NumberChoice[] {
  const ids = new Set<number>([DEFAULT_CHANNEL_ID]);
  for (const order of orders) if (Number.isSafeInteger(order.channel_id) && (order.channel_id ?? 0) > 0) ids.add(order.channel_id!);
  return [...ids].sort((a, b) => a - b).map((id) => ({ value: id, label: id === DEFAULT_CHANNEL_ID ? 'Default storefront (channel 1)' : `Channel ${id}` }));
}

/** Payment method names seen on recent orders first (what the store really uses), then the gateways. */
export function paymentChoices(orders: readonly BcOrderSummary[]): PaymentChoice[] {
  const seen = new Map<string, string>();
  for (const order of orders) {
    const name = order.payment_method?.trim();
    if (name && name.length <= 100 && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  const methods: PaymentChoice[] = [...seen.values()]
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({ value: name, label: name, kind: 'order-method' }));
  const gateways: PaymentChoice[] = Object.entries(PAYMENT_GATEWAYS)
    .map(([value, label]): PaymentChoice => ({ value, label, kind: 'gateway' }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...methods, ...gateways];
}

export function taxRateChoices(rates: readonly BcTaxRate[]): TaxRateChoice[] {
  return rates
    .filter((rate) => Number.isSafeInteger(rate.id))
    .map((rate) => {
      const percents = [...new Set((rate.class_rates ?? []).map((entry) => entry.rate).filter((value): value is number => typeof value === 'number'))];
      const suffix = percents.length === 1 ? ` (${percents[0]}%)` : '';
      return { value: String(rate.id), label: `${rate.name?.trim() || `Tax rate ${rate.id}`}${suffix}`, enabled: rate.enabled !== false };
    })
    .sort((a, b) => Number(b.enabled) - Number(a.enabled) || a.label.localeCompare(b.label));
}

function arrayOf<T>(value: T[] | null | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

const SOURCE_NAMES: Record<ChoiceSource, string> = {
  orderStatuses: 'order statuses',
  customerGroups: 'customer groups',
  taxRates: 'tax rates',
  recentOrders: 'recent orders (for channels and payment methods)',
};

function unavailableReason(source: ChoiceSource, error: unknown): string {
  const what = SOURCE_NAMES[source];
  if (error instanceof BigCommerceAuthError) return `BigCommerce did not let the app read the store’s ${what}.`;
  if (error instanceof BigCommerceNotFoundError) return `This store’s BigCommerce API does not offer its ${what}.`;
  return `BigCommerce did not answer when asked for the store’s ${what}; reload to try again.`;
}
