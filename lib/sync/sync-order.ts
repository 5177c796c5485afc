/**
 * One order job: bring QuickBooks to this BigCommerce order's current state. Every webhook about the order
 * (created, updated, status, archived, refund) lands here, so the decision is always made on fresh data:
 *
 *   not live / before the start date / not in a posting status and never posted → nothing (recorded)
 *   posting status, not posted            → customer, items, house items, references → Sales Receipt or
 *                                           Invoice (postDocument: ledger-first, exactly once, verified)
 *   posted invoice, payment captured      → Payment applied to it
 *   refunds not yet posted                → Refund Receipt (sales receipts) / Credit Memo (invoices), each once;
 *                                           a refund that arrives before its order is posted waits for it
 *   cancelled after posting               → the document is voided, or reversed by a credit memo where its
 *                                           period is closed (cancel-order)
 *
 * Problems only the merchant can fix throw NeedsAttentionError (the queue shows the reason and keeps the job
 * for a retry); QuickBooks and BigCommerce failures propagate and the queue retries or parks them.
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '@/lib/app-deps';
import { bigCommerceClientFor } from '@/lib/app-lifecycle/store-access';
import type { BigCommerceClient } from '@/lib/bigcommerce/bigcommerce-client';
import { customerGroupIdOf, readCustomer, type BcCustomer } from '@/lib/bigcommerce/customer-reader';
import { readOrderSnapshot } from '@/lib/bigcommerce/order-reader';
import type { OrderSnapshot } from '@/lib/bigcommerce/order-types';
import type { LedgerEntry } from '@/lib/firestore/ledger-repository';
import type { StoreRecord } from '@/lib/firestore/store-repository';
import { formatMinor, parseMinor } from '@/lib/money/money';
import { qboSql, type QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import { QuickBooksStaleObjectError } from '@/lib/quickbooks/quickbooks-errors';
import type { CompanyProfile } from '@/lib/quickbooks-connection/company-profile';
import { currentCompanyProfile } from '@/lib/quickbooks-connection/company-profile-refresh';
import { NotConnectedError } from '@/lib/quickbooks-connection/token-manager';
import { reverseCancelledOrder, type CancellationRun } from './cancel-order';
import { resolveCustomer } from './customer-resolver';
import { ensureHouseItems, type HouseItemKind } from './house-items';
import { itemKeyFor, resolveItems } from './item-resolver';
import { NeedsAttentionError } from './job-errors';
import { storeDate } from './mappers/document-common';
import { mapInvoicePayment } from './mappers/payment-mapper';
import { mapRefundToCreditDocument, refundDocNumber } from './mappers/refund-mapper';
import { mapOrderToSalesDocument, type PostingRefs, type SalesDocumentResult } from './mappers/sales-document-mapper';
import { postDocument, type StoredDocument } from './post-document';
import {
  bcTaxRateIdsOf,
  neededHouseItems,
  neededHouseItemsForRefund,
  needsRoundingItem,
  paymentKeysOf,
  postingRefsFor,
} from './posting-refs';
import { docNumberFor, documentKindFor, ORDER_STATUS, type DocumentKind, type SyncSettings } from './sync-settings';

export type OrderSyncOutcome =
  | { action: 'skipped'; reason: string }
  | { action: 'synced'; posted: string[]; reversed?: string };

interface OrderContext {
  deps: AppDeps;
  storeHash: string;
  store: StoreRecord;
  realmId: string;
  settings: SyncSettings;
  profile: CompanyProfile;
  qbo: QuickBooksClient;
  bc: BigCommerceClient;
  subject: string;
  /** Resolved once per run by orderParties(). */
  parties?: Promise<OrderParties>;
}

const REFUNDED_STATUSES = new Set<number>([ORDER_STATUS.refunded, ORDER_STATUS.partiallyRefunded]);
const VOID_STATUSES = new Set<number>([ORDER_STATUS.cancelled, ORDER_STATUS.declined]);

export const orderLedgerKey = (orderId: number) => `order-${orderId}`;
export const paymentLedgerKey = (orderId: number) => `payment-${orderId}`;
export const refundLedgerKey = (orderId: number, refundId: number) => `refund-${orderId}-${refundId}`;

export async function syncOrder(
  deps: AppDeps,
  storeHash: string,
  orderId: number,
  /** Backfill: the merchant asked for these orders explicitly, before the start date or before going live. */
  options: { ignoreStartDate?: boolean; ignoreLive?: boolean } = {},
): Promise<OrderSyncOutcome> {
  const subject = `order-${orderId}`;
  const context = await openContext(deps, storeHash, subject, options.ignoreLive ?? false);
  if ('skipped' in context) return record(deps, storeHash, subject, { action: 'skipped', reason: context.skipped });
  const { settings } = context;
  const ledger = await deps.sync.ledger.forOrder(storeHash, orderId);
  const posted = ledger.find((entry) => entry.key === orderLedgerKey(orderId) && entry.realmId === context.realmId);
  // Read only what this run can need: refunds once the order is posted (or its status says refunded),
  // transactions only where invoices (and so payments) are possible.
  const read = (refunds: boolean) => readOrderSnapshot(context.bc, orderId, snapshotNeeds(context, refunds));
  let snapshot = await read(posted?.status === 'posted');
  if (!snapshot) {
    return record(deps, storeHash, subject, {
      action: 'skipped',
      reason: posted ? 'The order was archived or deleted in BigCommerce; its QuickBooks document is left as is.' : 'The order no longer exists in BigCommerce.',
    });
  }
  await deps.sync.audit.append(storeHash, {
    subject,
    type: 'fetched',
    summary: `Read order #${orderId} from BigCommerce: ${snapshot.order.status}, total ${snapshot.order.total_inc_tax} ${snapshot.order.default_currency_code}, ${snapshot.products.length} line(s), ${snapshot.refunds.length} refund(s)`,
  });

  const statusId = snapshot.order.status_id;
  if (posted?.status === 'voided') {
    return record(deps, storeHash, subject, {
      action: 'skipped',
      reason: posted.reversedBy
        ? `${posted.docNumber} was reversed by credit memo ${posted.reversedBy} when the order was cancelled; nothing more is posted for it.`
        : `${posted.docNumber} was voided in QuickBooks when the order was cancelled (or never created); nothing more is posted for it.`,
    });
  }
  if (VOID_STATUSES.has(statusId)) {
    if (!posted) return record(deps, storeHash, subject, { action: 'skipped', reason: `Status ${snapshot.order.status}: nothing to post.` });
    const payment = ledger.find((entry) => entry.key === paymentLedgerKey(orderId));
    const reversal = await reverseCancelledOrder(cancellationRun(context, orderId), posted, payment);
    if (reversal.how === 'nothing-posted') return record(deps, storeHash, subject, { action: 'skipped', reason: 'Cancelled before its first posting completed; nothing was posted.' });
    return record(deps, storeHash, subject, {
      action: 'synced',
      posted: reversal.how === 'credited' ? [reversal.creditMemo] : [],
      reversed: reversal.how === 'credited' ? `${reversal.docNumber} by credit memo ${reversal.creditMemo} (period closed)` : `${reversal.docNumber} (voided)`,
    });
  }
  if (!posted || posted.status === 'pending') {
    // A refunded order was paid first: post the sale, then its refunds (read below), whatever order the
    // events arrived in.
    const postable = settings.postingStatusIds.includes(statusId) || REFUNDED_STATUSES.has(statusId);
    if (!postable) {
      return record(deps, storeHash, subject, {
        action: 'skipped',
        reason: `Status ${snapshot.order.status} is not one of the statuses this store posts; waiting for the order to reach one.`,
      });
    }
    if (!options.ignoreStartDate && settings.startDate && orderDay(context, snapshot) < settings.startDate) {
      return record(deps, storeHash, subject, {
        action: 'skipped',
        reason: `Placed before the start date ${settings.startDate}; use backfill to post older orders.`,
      });
    }
  }

  const done: string[] = [];
  const sales = posted?.status === 'posted' ? posted : await postSalesDocument(context, snapshot);
  if (sales !== posted) done.push(sales.docNumber);
  if (posted?.status !== 'posted' && REFUNDED_STATUSES.has(statusId)) {
    // Refunded before we posted it: the refunds waited for the order; read them now.
    snapshot = (await read(true)) ?? snapshot;
  }

  if (sales === posted && (await updateIfEdited(context, snapshot, sales))) done.push(`${sales.docNumber} (updated)`);
  if (sales.entity === 'Invoice') {
    const payment = await postInvoicePayment(context, snapshot, sales, ledger);
    if (payment) done.push(payment);
  }
  for (const refund of snapshot.refunds) {
    if (ledger.some((entry) => entry.key === refundLedgerKey(orderId, refund.id) && entry.status === 'posted')) continue;
    done.push(await postRefund(context, snapshot, sales, refund));
  }
  return record(deps, storeHash, subject, { action: 'synced', posted: done });
}

/**
 * What the order would post as right now, for the admin's preview: the same mapping a posting uses, with
 * the QuickBooks client the caller wraps (a preview passes one that records writes instead of sending them,
 * and deps whose id maps don't write). A document already posted keeps its kind.
 */
export async function mapOrderNow(
  deps: AppDeps,
  storeHash: string,
  orderId: number,
  wrapQuickBooks: (qbo: QuickBooksClient) => QuickBooksClient,
): Promise<{ ok: true; snapshot: OrderSnapshot; mapped: Extract<SalesDocumentResult, { ok: true }>; posted?: LedgerEntry } | { ok: false; reason: string }> {
  const context = await openContext(deps, storeHash, `order-${orderId}`, true);
  if ('skipped' in context) return { ok: false, reason: context.skipped };
  context.qbo = wrapQuickBooks(context.qbo);
  const [posted, snapshot] = await Promise.all([deps.sync.ledger.get(storeHash, orderLedgerKey(orderId)), readOrderSnapshot(context.bc, orderId, snapshotNeeds(context, false))]);
  if (!snapshot) return { ok: false, reason: `Order #${orderId} does not exist in BigCommerce (or was archived).` };
  const postedAs = posted?.status === 'posted' ? (posted.entity === 'Invoice' ? 'invoice' : 'sales_receipt') : undefined;
  try {
    const mapped = await mapSalesDocument(context, snapshot, postedAs);
    return { ok: true, snapshot, mapped, ...(posted ? { posted } : {}) };
  } catch (error) {
    if (error instanceof NeedsAttentionError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Read only what this run can need: tax rows for tax-code companies, transactions where invoices are possible. */
function snapshotNeeds(context: OrderContext, refunds: boolean) {
  const { settings, profile } = context;
  return {
    refunds,
    embedded: context.deps.config.sync.optimizations,
    taxes: profile.facts.taxModel === 'tax-codes',
    transactions: settings.defaultDocument === 'invoice' || settings.documentRules.some((rule) => rule.document === 'invoice'),
  };
}

async function openContext(
  deps: AppDeps,
  storeHash: string,
  subject: string,
  ignoreLive: boolean,
): Promise<OrderContext | { skipped: string }> {
  // Read side by side: every order run starts here, and these don't depend on each other.
  const [store, settings, connection] = await Promise.all([
    deps.stores.getStore(storeHash),
    deps.sync.settings.get(storeHash),
    deps.quickbooks.connections.get(storeHash),
  ]);
  if (!store) return { skipped: 'The app is no longer installed on this store.' };
  if (store.cancelledAt) return { skipped: 'BigCommerce cancelled this store.' };
  if (!settings.live && !ignoreLive) return { skipped: 'Syncing is not switched on yet (Go live in the app).' };
  if (!connection || connection.status !== 'connected') throw new NotConnectedError(storeHash);
  const { profile, refreshError } = await currentCompanyProfile(deps, storeHash, connection.realmId);
  if (!profile) throw new Error(`QuickBooks company settings could not be read: ${refreshError ?? 'unknown error'}`);
  return {
    deps,
    storeHash,
    store,
    realmId: connection.realmId,
    settings,
    profile,
    qbo: deps.quickbooks.access.clientFor(storeHash, connection.realmId),
    bc: bigCommerceClientFor(deps.config, store, deps.fetchImpl),
    subject,
  };
}

async function record(deps: AppDeps, storeHash: string, subject: string, outcome: OrderSyncOutcome): Promise<OrderSyncOutcome> {
  const summary =
    outcome.action === 'skipped'
      ? `Nothing posted: ${outcome.reason}`
      : outcome.posted.length === 0 && !outcome.reversed
        ? 'QuickBooks already matches this order.'
        : `Posted ${outcome.posted.join(', ') || 'nothing new'}${outcome.reversed ? `; reversed ${outcome.reversed}` : ''}.`;
  await deps.sync.audit.append(storeHash, { subject, type: 'outcome', summary });
  return outcome;
}

function cancellationRun(context: OrderContext, orderId: number): CancellationRun {
  return {
    deps: context.deps,
    storeHash: context.storeHash,
    realmId: context.realmId,
    qbo: context.qbo,
    facts: context.profile.facts,
    docNumberPrefix: context.settings.docNumberPrefix,
    storeTimeZone: context.store.facts?.timezone ?? 'UTC',
    subject: context.subject,
    orderId,
  };
}

/** The order's date in the store's time zone (YYYY-MM-DD), as the start date is entered and TxnDate posted. */
function orderDay(context: OrderContext, snapshot: OrderSnapshot): string {
  return storeDate(snapshot.order.date_created, context.store.facts?.timezone ?? 'UTC');
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 32);
}

interface OrderParties {
  customerId: string;
  customerGroupId: number | undefined;
  itemIdBySku: Record<string, string>;
}

/**
 * The QuickBooks customer and items of the order, resolved once per run (the sale, its payment and each
 * refund share them). The BigCommerce customer record is read only when a document rule depends on the
 * customer group: the order's billing data is enough to create the customer, and customer events keep it
 * current, so a typical order costs no extra BigCommerce call.
 */
function orderParties(context: OrderContext, snapshot: OrderSnapshot): Promise<OrderParties> {
  context.parties ??= (async () => {
    const { deps, storeHash, qbo, settings, profile } = context;
    const resolverDeps = { qbo, maps: deps.sync.maps, storeHash };
    const needsGroup = settings.documentRules.some((rule) => rule.customerGroupIds.length > 0);
    const customer: BcCustomer | undefined =
      needsGroup && snapshot.order.customer_id > 0 ? ((await readCustomer(context.bc, snapshot.order.customer_id)) ?? undefined) : undefined;
    const customerId = await resolveCustomer(resolverDeps, {
      snapshot,
      customer,
      currency: snapshot.order.default_currency_code,
      settings,
      company: profile.facts,
    });
    const lines = snapshot.products.map((product) => ({
      sku: product.sku ?? '',
      name: product.name,
      productId: product.product_id,
      variantId: product.variant_id ?? null,
      type: product.type,
    }));
    const itemIdBySku = lines.length > 0 ? await resolveItems(resolverDeps, { lines, settings, lists: profile.lists }) : {};
    return { customerId, customerGroupId: customerGroupIdOf(customer), itemIdBySku };
  })();
  return context.parties;
}

/** Customer, items, house items and every other reference a posting of this order needs. */
async function referencesFor(context: OrderContext, snapshot: OrderSnapshot, need: Set<HouseItemKind>): Promise<PostingRefs> {
  const { deps, storeHash, qbo, settings, profile } = context;
  const { customerId, itemIdBySku } = await orderParties(context, snapshot);
  const houseItems = await ensureHouseItems(
    { qbo, houseItems: deps.sync.houseItems, storeHash },
    { lists: profile.lists, settings, need },
  );
  const refs = postingRefsFor({
    settings,
    facts: profile.facts,
    lists: profile.lists,
    channelId: snapshot.order.channel_id,
    paymentKey: paymentKeysOf(snapshot),
    houseItems,
    customerId,
    itemIdBySku,
    bcTaxRateIds: bcTaxRateIdsOf(snapshot),
    probeRounding: true,
  });
  if ('ok' in refs && refs.ok === false) throw new NeedsAttentionError(refs.reason);
  return refs as PostingRefs;
}

/** The order as the QuickBooks document it should be, with every reference resolved. */
async function mapSalesDocument(
  context: OrderContext,
  snapshot: OrderSnapshot,
  postedAs?: DocumentKind,
): Promise<Extract<SalesDocumentResult, { ok: true }>> {
  const { settings, profile, store } = context;
  const order = snapshot.order;
  // Once posted, the document keeps its kind: an invoice paid later stays an invoice (with its payment).
  const document =
    postedAs ??
    documentKindFor(settings, {
      statusId: order.status_id,
      channelId: order.channel_id,
      customerGroupId: (await orderParties(context, snapshot)).customerGroupId,
    });
  const mapInput = (refs: PostingRefs) => ({
    snapshot,
    settings,
    facts: profile.facts,
    storeTimeZone: store.facts?.timezone ?? 'UTC',
    storeCurrency: store.facts?.currency ?? order.default_currency_code,
    refs,
    document,
  });
  const need = neededHouseItems(snapshot, profile.facts);
  let mapped: SalesDocumentResult = mapOrderToSalesDocument(mapInput(await referencesFor(context, snapshot, need)));
  if (needsRoundingItem(mapped)) {
    mapped = mapOrderToSalesDocument(mapInput(await referencesFor(context, snapshot, new Set([...need, 'rounding']))));
  }
  if (!mapped.ok) throw new NeedsAttentionError(mapped.reason);
  return mapped;
}

async function postSalesDocument(context: OrderContext, snapshot: OrderSnapshot): Promise<LedgerEntry> {
  const { deps, storeHash, settings } = context;
  const order = snapshot.order;
  const mapped = await mapSalesDocument(context, snapshot);
  await deps.sync.audit.append(storeHash, {
    subject: context.subject,
    type: 'decided',
    summary: `Post as ${mapped.entity} ${docNumberFor(settings, order.id)}${mapped.rounding ? ` with a rounding line of ${mapped.rounding.cents} cent(s)` : ''}`,
  });
  const entry = await postDocument(
    { qbo: context.qbo, ledger: deps.sync.ledger, audit: deps.sync.audit, storeHash },
    context.realmId,
    {
      key: orderLedgerKey(order.id),
      orderId: order.id,
      subject: context.subject,
      entity: mapped.entity,
      docNumber: docNumberFor(settings, order.id),
      payload: mapped.payload,
      expected: mapped.expected,
      sourceHash: fingerprint(mapped.payload),
    },
  );
  await deps.quickbooks.connections.recordPostedRealm(storeHash, context.realmId);
  return entry;
}

/**
 * The order was edited after posting (lines, prices, addresses, discounts): update the document in place
 * with its current SyncToken (a stale token is re-read once) and verify the totals again. The document
 * keeps the kind it was posted as.
 */
async function updateIfEdited(context: OrderContext, snapshot: OrderSnapshot, sales: LedgerEntry): Promise<boolean> {
  const { deps, storeHash, qbo } = context;
  const mapped = await mapSalesDocument(context, snapshot, sales.entity === 'Invoice' ? 'invoice' : 'sales_receipt');
  const sourceHash = fingerprint(mapped.payload);
  if (sourceHash === sales.sourceHash) return false;
  const entity = sales.entity as 'SalesReceipt' | 'Invoice';
  const send = (syncToken: string) =>
    qbo.update<StoredDocument>(entity, { ...mapped.payload, Id: sales.qboId!, SyncToken: syncToken, sparse: true });
  await deps.sync.audit.append(storeHash, {
    subject: context.subject,
    type: 'quickbooks-request',
    summary: `Update ${entity} ${sales.docNumber}: the order changed in BigCommerce after posting`,
    detail: mapped.payload,
  });
  let stored: StoredDocument;
  try {
    stored = await send(sales.syncToken ?? '0');
  } catch (error) {
    if (!(error instanceof QuickBooksStaleObjectError)) throw error;
    stored = await send((await qbo.read<StoredDocument>(entity, sales.qboId!)).SyncToken);
  }
  const { currency } = mapped.expected;
  const totalCents = parseMinor(stored.TotalAmt ?? 0, currency);
  const taxCents = parseMinor(stored.TxnTaxDetail?.TotalTax ?? 0, currency);
  await deps.sync.ledger.markUpdated(storeHash, sales.key, { syncToken: stored.SyncToken, totalCents, taxCents, sourceHash });
  if (totalCents !== mapped.expected.totalCents || taxCents !== mapped.expected.taxCents) {
    throw new NeedsAttentionError(
      `${entity} ${sales.docNumber} was updated, but QuickBooks shows total ${formatMinor(totalCents, currency)} where BigCommerce now charges ${formatMinor(mapped.expected.totalCents, currency)}.`,
    );
  }
  return true;
}

async function postInvoicePayment(
  context: OrderContext,
  snapshot: OrderSnapshot,
  invoice: LedgerEntry,
  ledger: LedgerEntry[],
): Promise<string | undefined> {
  const { deps, storeHash, settings, profile, store } = context;
  const orderId = snapshot.order.id;
  if (ledger.some((entry) => entry.key === paymentLedgerKey(orderId) && entry.status === 'posted')) return undefined;
  const refs = await referencesFor(context, snapshot, new Set());
  const mapped = mapInvoicePayment({
    snapshot,
    invoice: { id: invoice.qboId!, docNumber: invoice.docNumber, totalCents: invoice.totalCents },
    settings,
    facts: profile.facts,
    storeTimeZone: store.facts?.timezone ?? 'UTC',
    storeCurrency: store.facts?.currency ?? snapshot.order.default_currency_code,
    refs,
  });
  if (!mapped.ok) {
    // Nothing captured yet is the normal case for an open invoice: no payment to post.
    if (/nothing (has been )?captured|no captured/i.test(mapped.reason)) return undefined;
    throw new NeedsAttentionError(mapped.reason);
  }
  const docNumber = `${invoice.docNumber}-P`;
  await postDocument({ qbo: context.qbo, ledger: deps.sync.ledger, audit: deps.sync.audit, storeHash }, context.realmId, {
    key: paymentLedgerKey(orderId),
    orderId,
    subject: context.subject,
    entity: 'Payment',
    docNumber,
    payload: mapped.payload,
    expected: { totalCents: mapped.expected.totalCents, currency: mapped.expected.currency },
    sourceHash: fingerprint(mapped.payload),
    findExisting: async (qbo) => {
      const rows = await qbo.query<{ Id: string; SyncToken: string; TotalAmt?: number; Line?: Array<{ LinkedTxn?: Array<{ TxnId: string }> }> }>(
        qboSql`SELECT * FROM Payment WHERE CustomerRef = ${refs.customerId}`,
      );
      return rows.find((row) => row.Line?.some((line) => line.LinkedTxn?.some((link) => link.TxnId === invoice.qboId)));
    },
  });
  return docNumber;
}

async function postRefund(context: OrderContext, snapshot: OrderSnapshot, sales: LedgerEntry, refund: OrderSnapshot['refunds'][number]): Promise<string> {
  const { deps, storeHash, settings, profile, store } = context;
  const orderId = snapshot.order.id;
  const refs = await referencesFor(context, snapshot, neededHouseItemsForRefund(snapshot, refund, profile.facts));
  const mapped = mapRefundToCreditDocument({
    snapshot,
    refund,
    originalDocument: { entity: sales.entity as 'SalesReceipt' | 'Invoice', id: sales.qboId!, docNumber: sales.docNumber },
    settings,
    facts: profile.facts,
    storeTimeZone: store.facts?.timezone ?? 'UTC',
    storeCurrency: store.facts?.currency ?? snapshot.order.default_currency_code,
    refs,
  });
  if (!mapped.ok) throw new NeedsAttentionError(mapped.reason);
  const docNumber = refundDocNumber(settings.docNumberPrefix, orderId, refund.id);
  await postDocument({ qbo: context.qbo, ledger: deps.sync.ledger, audit: deps.sync.audit, storeHash }, context.realmId, {
    key: refundLedgerKey(orderId, refund.id),
    orderId,
    subject: context.subject,
    entity: mapped.entity,
    docNumber,
    payload: mapped.payload,
    expected: mapped.expected,
    sourceHash: fingerprint(mapped.payload),
  });
  return docNumber;
}
