/**
 * The sandbox's in-memory model. Tests may read and modify it directly (`sandbox.state`).
 * Money fields are integer 1/10000 units (see money.ts); dates are epoch milliseconds.
 * Everything a REST response needs is derived from here at request time, so direct edits show up at once.
 */
import type { RateUnits, Units } from './money';

export type UserRole = 'owner' | 'authorized' | 'user';

export interface StoreUser {
  id: number;
  email: string;
  username: string;
  locale: string;
  /** owner and authorized users may install/uninstall; plain users may only open the app. */
  role: UserRole;
}

export interface AppInstallation {
  installed: boolean;
  /** Space-separated scopes granted at the last install. */
  scope: string;
  installedAt?: number;
  installedByUserId?: number;
  uninstalledAt?: number;
}

export interface ProductOptionValue {
  id: number;
  label: string;
  sortOrder: number;
}

export interface ProductOption {
  id: number;
  displayName: string;
  type: 'radio_buttons' | 'rectangles' | 'dropdown' | 'swatch';
  values: ProductOptionValue[];
}

export interface Variant {
  id: number;
  productId: number;
  skuId: number;
  sku: string;
  /** Explicit variant price (store default currency); undefined = the product's price. */
  price?: Units;
  costPrice?: Units;
  weight?: number;
  inventoryLevel: number;
  /** Option value ids (one per product option); empty for a simple product's base variant. */
  optionValueIds: number[];
  upc: string;
}

export interface Product {
  id: number;
  name: string;
  sku: string;
  type: 'physical' | 'digital';
  price: Units;
  costPrice: Units;
  retailPrice: Units;
  salePrice: Units;
  weight: number;
  inventoryTracking: 'none' | 'product' | 'variant';
  inventoryLevel: number;
  /** Inventory API requires an absolute adjustment before relative ones; seeded items count as set. */
  inventoryInitialised: boolean;
  taxClassId: number;
  isVisible: boolean;
  options: ProductOption[];
  variants: Variant[];
  dateCreated: number;
  dateModified: number;
  totalSold: number;
}

export interface CustomerAddress {
  id: number;
  customerId: number;
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  address2: string;
  city: string;
  stateOrProvince: string;
  postalCode: string;
  country: string;
  countryCode: string;
  phone: string;
  addressType: 'residential' | 'commercial';
}

/** A customer group (GET /v2/customer_groups): customers point at it by customerGroupId (0 = no group). */
export interface CustomerGroup {
  id: number;
  name: string;
  isDefault: boolean;
  isGroupForGuests: boolean;
  /** Store-wide percentage discount for members (a discount rule of type "all"); 0 = none. */
  discountPercent: RateUnits;
  dateCreated: number;
  dateModified: number;
}

/** A manual tax rate (GET /v3/tax/rates): what order tax rows name by tax_rate_id, per tax class. */
export interface TaxRate {
  id: number;
  taxZoneId: number;
  name: string;
  enabled: boolean;
  priority: number;
  /** The rate for each tax class id (see TAX_CLASSES in tax-setup.ts). */
  classRates: Array<{ taxClassId: number; rate: RateUnits }>;
}

export interface Customer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  notes: string;
  taxExemptCategory: string;
  customerGroupId: number;
  storeCredit: Units;
  acceptsMarketing: boolean;
  addresses: CustomerAddress[];
  dateCreated: number;
  dateModified: number;
}

/** v2 order address (billing or shipping). */
export interface OrderAddress {
  firstName: string;
  lastName: string;
  company: string;
  street1: string;
  street2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  countryIso2: string;
  phone: string;
  email: string;
}

export interface AppliedDiscount {
  id: string;
  amount: Units;
  name: string;
  code: string | null;
  target: 'order' | 'product';
}

export interface OrderLine {
  /** order_product id: refund item_id for PRODUCT and GIFT_WRAPPING. */
  id: number;
  productId: number;
  variantId?: number;
  name: string;
  sku: string;
  type: 'physical' | 'digital';
  quantity: number;
  quantityShipped: number;
  quantityRefunded: number;
  /** Entered unit price (tax inclusive when the order is tax inclusive). */
  basePrice: Units;
  priceExTax: Units;
  priceIncTax: Units;
  /** Pre-discount line totals. */
  totalExTax: Units;
  totalIncTax: Units;
  /** Tax after discounts (what is actually charged). */
  totalTax: Units;
  /** Line total after discounts, tax included: what the shopper paid for the line. */
  discountedTotalIncTax: Units;
  discount: Units;
  appliedDiscounts: AppliedDiscount[];
  taxRate: RateUnits;
  costPrice: Units;
  weight: number;
  options: { id: number; optionId: number; productOptionId: number; name: string; value: string }[];
  wrapping?: { id: number; name: string; message: string; base: Units; exTax: Units; incTax: Units; tax: Units; rate: RateUnits };
}

export interface OrderCharge {
  /** Entered (pre-discount) amount. */
  base: Units;
  exTax: Units;
  incTax: Units;
  tax: Units;
  rate: RateUnits;
}

export interface OrderFee {
  id: number;
  name: string;
  base: Units;
  exTax: Units;
  incTax: Units;
  tax: Units;
  rate: RateUnits;
}

export interface OrderShippingAddress {
  /** order_address id: refund item_id for SHIPPING and HANDLING. */
  id: number;
  address: OrderAddress;
  method: string;
  shipping: OrderCharge;
  handling: OrderCharge;
}

export type CouponType =
  | 'per_item_discount'
  | 'percentage_discount'
  | 'per_total_discount'
  | 'shipping_discount'
  | 'free_shipping';

export interface OrderCoupon {
  id: number;
  couponId: number;
  code: string;
  name: string;
  type: CouponType;
  /** Configured value: money for fixed coupons, a rate for percentage coupons. */
  amount: Units;
  /** Money actually taken off. */
  discount: Units;
}

export interface OrderTaxRow {
  id: number;
  orderAddressId: number;
  name: string;
  taxClass: string;
  rate: RateUnits;
  amount: Units;
  orderProductId: number | null;
  lineItemType: 'item' | 'shipping' | 'handling' | 'gift-wrapping';
}

export type TransactionEvent = 'purchase' | 'authorization' | 'capture' | 'refund' | 'void' | 'pending' | 'settled';

export interface Transaction {
  id: number;
  orderId: number;
  event: TransactionEvent;
  method: 'credit_card' | 'custom' | 'offline' | 'store_credit' | 'gift_certificate';
  amount: Units;
  currency: string;
  gateway: string;
  gatewayTransactionId: string;
  status: 'ok' | 'error';
  referenceTransactionId?: number;
  dateCreated: number;
  offlineName?: string;
  customPaymentMethod?: string;
}

export type RefundItemType = 'PRODUCT' | 'GIFT_WRAPPING' | 'SHIPPING' | 'HANDLING' | 'ORDER' | 'FEE';

export interface RefundItem {
  itemType: RefundItemType;
  itemId: number;
  quantity?: number;
  /** Amount the merchant asked for (absent for PRODUCT, where the quantity decides). */
  requestedAmount?: Units;
  amount: Units;
  tax: Units;
  reason: string;
}

export interface Refund {
  id: number;
  orderId: number;
  userId: number;
  created: number;
  reason: string;
  totalAmount: Units;
  totalTax: Units;
  items: RefundItem[];
  payments: { id: number; providerId: string; amount: Units; offline: boolean; transactionId: string }[];
}

export interface Shipment {
  id: number;
  orderId: number;
  orderAddressId: number;
  dateCreated: number;
  trackingNumber: string;
  shippingProvider: string;
  shippingMethod: string;
  items: { orderProductId: number; productId: number; quantity: number }[];
}

export interface Order {
  id: number;
  customerId: number;
  dateCreated: number;
  dateModified: number;
  dateShipped?: number;
  statusId: number;
  paymentStatus: string;
  paymentMethod: string;
  gateway: string;
  isTaxInclusive: boolean;
  currency: { code: string; id: number; exchangeRate: string };
  storeCurrency: string;
  billingAddress: OrderAddress;
  lines: OrderLine[];
  shippingAddresses: OrderShippingAddress[];
  coupons: OrderCoupon[];
  fees: OrderFee[];
  taxes: OrderTaxRow[];
  subtotalExTax: Units;
  subtotalIncTax: Units;
  subtotalTax: Units;
  couponDiscount: Units;
  discountAmount: Units;
  totalExTax: Units;
  totalIncTax: Units;
  totalTax: Units;
  storeCreditAmount: Units;
  giftCertificateAmount: Units;
  channelId: number;
  orderSource: string;
  externalSource: string | null;
  customerMessage: string;
  staffNotes: string;
  ipAddress: string;
  cartId: string;
  isDeleted: boolean;
  /** Amounts refunded so far, per refundable item ("PRODUCT:12" → units), for remaining-amount checks. */
  refundedByItem: Record<string, Units>;
  refundedTotal: Units;
  /** Whether the order currently holds catalog stock (reserved at placement, returned on cancel/full refund). */
  stockReserved: boolean;
  /** The validated input, kept so quantity edits can recompute totals with the same rules. */
  source: unknown;
}

export interface Hook {
  id: number;
  clientId: string;
  storeHash: string;
  scope: string;
  destination: string;
  isActive: boolean;
  headers: Record<string, string> | null;
  createdAt: number;
  updatedAt: number;
}

export interface Store {
  hash: string;
  storeId: number;
  accountUuid: string;
  name: string;
  domain: string;
  currency: string;
  isPriceEnteredWithTax: boolean;
  timezone: { name: string; rawOffset: number; dstOffset: number; dstCorrection: boolean };
  country: string;
  countryCode: string;
  controlPanelBaseUrl: string;
  planName: string;
  /** Default tax rate applied to test orders when none is given (percent rate units). */
  defaultTaxRate: RateUnits;
  ownerId: number;
  users: Map<number, StoreUser>;
  app: AppInstallation;
  products: Map<number, Product>;
  customers: Map<number, Customer>;
  customerGroups: Map<number, CustomerGroup>;
  taxRates: Map<number, TaxRate>;
  orders: Map<number, Order>;
  transactions: Map<number, Transaction[]>;
  refunds: Map<number, Refund>;
  shipments: Map<number, Shipment[]>;
  hooks: Map<number, Hook>;
  ids: {
    product: number;
    variant: number;
    option: number;
    optionValue: number;
    customer: number;
    address: number;
    order: number;
    orderProduct: number;
    orderAddress: number;
    coupon: number;
    tax: number;
    fee: number;
    transaction: number;
    refund: number;
    refundPayment: number;
    shipment: number;
  };
}

export interface AccessToken {
  token: string;
  storeHash: string;
  clientId: string;
  scope: string;
  userId: number;
  createdAt: number;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  storeHash: string;
  clientId: string;
  userId: number;
  scope: string;
  expiresAt: number;
  used: boolean;
}

export interface FaultInjection {
  status: number;
  remaining: number;
}

export interface RuntimeConfig {
  rateLimit: { quota: number; windowMs: number };
  latencyMs: number;
  faults: FaultInjection[];
}

export interface CallbackResult {
  at: number;
  storeHash: string;
  kind: 'uninstall' | 'remove_user';
  url: string;
  userId: number;
  status: number | null;
  error?: string;
}

export interface RequestStats {
  requests: number;
  rateLimited: number;
  unauthorized: number;
  faultsInjected: number;
  byStore: Record<string, { requests: number; rateLimited: number }>;
}

/** One authenticated REST API request as it arrived (before quota, faults and latency), for observers. */
export interface ApiRequestEvent {
  at: number;
  storeHash: string;
  method: string;
  path: string;
}

export interface SandboxState {
  stores: Map<string, Store>;
  tokens: Map<string, AccessToken>;
  authCodes: Map<string, AuthCode>;
  config: RuntimeConfig;
  stats: RequestStats;
  callbacks: CallbackResult[];
  ids: { user: number; hook: number; storeId: number };
  /** Called for every authenticated REST API request (benchmarks: when did the app read the order). */
  requestListeners: Set<(event: ApiRequestEvent) => void>;
}

export function createState(config: RuntimeConfig): SandboxState {
  return {
    stores: new Map(),
    tokens: new Map(),
    authCodes: new Map(),
    config,
    stats: { requests: 0, rateLimited: 0, unauthorized: 0, faultsInjected: 0, byStore: {} },
    callbacks: [],
    ids: { user: 9_876_540, hook: 18_048_280, storeId: 1_025_640 },
    requestListeners: new Set(),
  };
}

export function emptyAddress(): OrderAddress {
  return {
    firstName: '',
    lastName: '',
    company: '',
    street1: '',
    street2: '',
    city: '',
    state: '',
    zip: '',
    country: '',
    countryIso2: '',
    phone: '',
    email: '',
  };
}

/** Keeps bounded logs bounded: drops the oldest entries once over `max`. */
export function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/** Webhook event data, as it appears under `data` in the callback payload. */
export type WebhookEventData = Record<string, unknown>;

/** What model code needs from its surroundings: the state, a way to fire webhooks, and a clock. */
export interface ModelContext {
  state: SandboxState;
  emit(storeHash: string, scope: string, data: WebhookEventData): void;
  now(): number;
}

/** A model rule was broken by the caller (bad ids, over-refund…): the admin API maps it to 400/404/422. */
export class SandboxInputError extends Error {
  override name = 'SandboxInputError';
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 422 = 422,
  ) {
    super(message);
  }
}

export function requireStore(state: SandboxState, hash: string): Store {
  const store = state.stores.get(hash);
  if (!store) throw new SandboxInputError(`store ${hash} not found`, 404);
  return store;
}
