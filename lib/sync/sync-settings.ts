/**
 * A store's sync settings (stores/{storeHash}/settings/current): what gets posted, as which document, with
 * which numbers, accounts, items, tax codes, classes and departments. One zod schema is both the validation
 * of what the admin saves and the source of the defaults, so a store that never opened settings syncs with
 * sensible choices. Ids of QuickBooks records are strings (QuickBooks ids); BigCommerce ids are numbers.
 */
import { z } from 'zod';

/** BigCommerce order status ids (fixed ids, labels customisable). */
export const ORDER_STATUS = {
  incomplete: 0,
  pending: 1,
  shipped: 2,
  partiallyShipped: 3,
  refunded: 4,
  cancelled: 5,
  declined: 6,
  awaitingPayment: 7,
  awaitingPickup: 8,
  awaitingShipment: 9,
  completed: 10,
  awaitingFulfillment: 11,
  manualVerificationRequired: 12,
  disputed: 13,
  partiallyRefunded: 14,
} as const;

export const DEFAULT_POSTING_STATUS_IDS = [
  ORDER_STATUS.awaitingFulfillment,
  ORDER_STATUS.awaitingShipment,
  ORDER_STATUS.awaitingPickup,
  ORDER_STATUS.partiallyShipped,
  ORDER_STATUS.shipped,
  ORDER_STATUS.completed,
];

const qboId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a QuickBooks id');
const bcId = z.number().int().nonnegative();

export const DocumentKind = z.enum(['sales_receipt', 'invoice']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** First matching rule decides; an empty condition list matches everything. */
const DocumentRule = z.object({
  document: DocumentKind,
  statusIds: z.array(bcId).max(20).default([]),
  customerGroupIds: z.array(bcId).max(50).default([]),
  channelIds: z.array(bcId).max(50).default([]),
});
export type DocumentRule = z.infer<typeof DocumentRule>;

const PaymentMapping = z.object({
  /** QuickBooks PaymentMethod for this BigCommerce payment method / gateway. */
  paymentMethodId: qboId.optional(),
  /** Where the money lands; default Undeposited Funds. */
  depositAccountId: qboId.optional(),
});

export const SyncSettingsSchema = z.object({
  /** Off until the merchant goes live: events queue, nothing posts. */
  live: z.boolean().default(false),
  /** Orders created before this date (store time zone, YYYY-MM-DD) are left to backfill. */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  postingStatusIds: z.array(bcId).min(1).max(20).default(DEFAULT_POSTING_STATUS_IDS),
  defaultDocument: DocumentKind.default('sales_receipt'),
  documentRules: z.array(DocumentRule).max(20).default([]),
  /** DocNumber = prefix + order id, at most 21 characters. */
  docNumberPrefix: z.string().regex(/^[A-Za-z0-9-_#/.]{0,10}$/, 'letters, digits and - _ # / . only').default('BC-'),
  guests: z
    .object({
      mode: z.enum(['per_guest', 'single_customer']).default('per_guest'),
      /** DisplayName of the one customer guests post to in single_customer mode. */
      customerName: z.string().min(1).max(100).default('Web Sales'),
    })
    .prefault({}),
  items: z
    .object({
      /** Create a QuickBooks item for an unmapped SKU (else the order needs attention). */
      autoCreate: z.boolean().default(true),
      incomeAccountId: qboId.optional(),
      /** Only when the merchant chose one: unmapped SKUs post to this item. */
      fallbackItemId: qboId.optional(),
    })
    .prefault({}),
  accounts: z
    .object({
      shippingItemId: qboId.optional(),
      handlingItemId: qboId.optional(),
      giftWrappingItemId: qboId.optional(),
      discountAccountId: qboId.optional(),
      /** Liability the gift certificates were sold into; redemptions reduce it. */
      giftCertificateAccountId: qboId.optional(),
      storeCreditAccountId: qboId.optional(),
      roundingItemId: qboId.optional(),
      defaultDepositAccountId: qboId.optional(),
    })
    .prefault({}),
  /** Keyed by the BigCommerce gateway (transactions' `gateway`) or the order's payment_method name. */
  payments: z.record(z.string().min(1).max(100), PaymentMapping).default({}),
  tax: z
    .object({
      /** Non-US companies: BigCommerce tax rate id → QuickBooks TaxCode id. */
      rateToTaxCode: z.record(z.string().regex(/^\d+$/), qboId).default({}),
      /** TaxCode for untaxed lines (non-US), e.g. "Exempt" / "Zero-rated". */
      exemptTaxCodeId: qboId.optional(),
    })
    .prefault({}),
  classes: z
    .object({ defaultId: qboId.optional(), byChannel: z.record(z.string().regex(/^\d+$/), qboId).default({}) })
    .prefault({}),
  departments: z
    .object({ defaultId: qboId.optional(), byChannel: z.record(z.string().regex(/^\d+$/), qboId).default({}) })
    .prefault({}),
  /** A difference up to this many cents is posted as a visible rounding line; more needs attention. */
  roundingThresholdCents: z.number().int().min(0).max(100).default(2),
});

export type SyncSettings = z.infer<typeof SyncSettingsSchema>;

export function defaultSyncSettings(): SyncSettings {
  return SyncSettingsSchema.parse({});
}

/** Which document an order becomes: the first rule that matches, else the default. */
export function documentKindFor(
  settings: Pick<SyncSettings, 'documentRules' | 'defaultDocument'>,
  order: { statusId: number; channelId: number; customerGroupId: number | undefined },
): DocumentKind {
  const matches = (list: readonly number[], value: number | undefined) => list.length === 0 || (value !== undefined && list.includes(value));
  const rule = settings.documentRules.find(
    (candidate) =>
      matches(candidate.statusIds, order.statusId) &&
      matches(candidate.channelIds, order.channelId) &&
      matches(candidate.customerGroupIds, order.customerGroupId),
  );
  return rule?.document ?? settings.defaultDocument;
}

export function docNumberFor(settings: Pick<SyncSettings, 'docNumberPrefix'>, orderId: number): string {
  const docNumber = `${settings.docNumberPrefix}${orderId}`;
  if (docNumber.length > 21) throw new RangeError(`DocNumber ${docNumber} is longer than QuickBooks' 21 characters`);
  return docNumber;
}
