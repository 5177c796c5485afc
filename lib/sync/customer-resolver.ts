/**
 * Which QuickBooks customer an order posts to, creating it when needed, and keeping it current when the
 * BigCommerce customer changes. Lookup order, cheapest first:
 *   1. our map (Firestore): no QuickBooks call at all;
 *   2. QuickBooks by e-mail (`SELECT * FROM Customer WHERE PrimaryEmailAddr = '…'`; where a company refuses
 *      that filter with 4001, by DisplayName, accepting only a record whose e-mail or Notes say it is ours),
 *      so a merchant's existing customer is reused rather than duplicated;
 *   3. create. A DisplayName collision (6240: Customer, Vendor and Employee names share one namespace)
 *      is retried once with " (BC #id)" (guests: a short hash of the e-mail); a second collision on that
 *      name is our own earlier create whose map write was lost, and is adopted if its Notes say so.
 * Guests follow settings.guests: one QuickBooks customer per e-mail (per_guest) or one configured customer
 * for all (single_customer). Multicurrency companies get one customer per currency (a customer's currency
 * is fixed), the foreign ones suffixed " (EUR)". Creates carry a requestid derived from the payload, so a
 * create retried after a timeout is replayed by QuickBooks instead of made twice.
 */
import { createHash } from 'node:crypto';
import type { BcCustomer } from '@/lib/bigcommerce/customer-reader';
import type { OrderSnapshot } from '@/lib/bigcommerce/order-types';
import {
  guestCustomerKey,
  registeredCustomerKey,
  singleGuestCustomerKey,
  type CustomerMapEntry,
  type CustomerMapKind,
  type SyncMapsRepository,
} from '@/lib/firestore/sync-maps-repository';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import { qboSql, type QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import { QuickBooksDuplicateNameError, QuickBooksStaleObjectError, QuickBooksValidationError } from '@/lib/quickbooks/quickbooks-errors';
import type { Customer } from '@/lib/quickbooks/quickbooks-types';
import { NeedsAttentionError } from '@/lib/sync/job-errors';
import { withKeys } from '@/lib/sync/keyed-lock';
import {
  customerSourceFromBcCustomer,
  customerSourceFromOrder,
  normaliseEmail,
  notesFor,
  qboEmail,
  singleGuestCustomer,
  toQboCustomer,
  toQboCustomerContact,
  type CustomerCurrency,
  type CustomerSource,
  type QboCustomerPayload,
} from '@/lib/sync/mappers/customer-mapper';
import type { SyncSettings } from '@/lib/sync/sync-settings';

export interface CustomerResolverDeps {
  qbo: QuickBooksClient;
  maps: SyncMapsRepository;
  storeHash: string;
}

export interface ResolveCustomerInput {
  snapshot: OrderSnapshot;
  /** The registered customer's record (Customers v3), when the caller has it; else the order's billing data. */
  customer?: BcCustomer;
  /** The currency the order is posted in (its transactional currency, default_currency_code). */
  currency: string;
  settings: Pick<SyncSettings, 'guests'>;
  /** The company's currency setup (company profile facts). */
  company: Pick<CompanyFacts, 'homeCurrency' | 'multiCurrency'>;
}

export type UpdateCustomerResult =
  | { status: 'updated'; qboIds: string[] }
  /** No QuickBooks customer stands for it yet: the first order creates one (or call resolveCustomer). */
  | { status: 'not-mapped' };

/** The QuickBooks Customer Id the order posts to. */
export async function resolveCustomer(deps: CustomerResolverDeps, input: ResolveCustomerInput): Promise<string> {
  const currency = customerCurrency(input.currency, input.company);
  const { order, shippingAddresses } = input.snapshot;

  if (order.customer_id > 0) {
    const source = customerSourceFromOrder(order, shippingAddresses, input.customer);
    const key = registeredCustomerKey(order.customer_id, currency.currency);
    return resolveBySource(deps, { key, kind: 'registered', source, currency });
  }
  const email = qboEmail(order.billing_address?.email);
  if (input.settings.guests.mode === 'per_guest' && email) {
    const source = customerSourceFromOrder(order, shippingAddresses);
    return resolveBySource(deps, { key: guestCustomerKey(email, currency.currency), kind: 'guest', source, currency });
  }
  // single_customer mode, and guests without a usable e-mail (nothing to tell them apart by).
  return resolveSingleGuest(deps, input.settings.guests.customerName, currency);
}

/**
 * A registered customer or its addresses changed: bring every QuickBooks customer that stands for it (one
 * per currency) up to date with a sparse update of the contact fields. DisplayName, currency and Notes are
 * left alone (a rename could collide; the currency cannot change). A stale SyncToken (5010) is re-read and
 * the update retried once.
 */
export async function updateCustomer(deps: CustomerResolverDeps, bcCustomer: BcCustomer): Promise<UpdateCustomerResult> {
  const mapped = await deps.maps.findCustomersByBcCustomerId(deps.storeHash, bcCustomer.id);
  if (mapped.length === 0) return { status: 'not-mapped' };
  const contact = toQboCustomerContact(customerSourceFromBcCustomer(bcCustomer));
  const qboIds: string[] = [];
  for (const { key, entry } of mapped) {
    const updated = await updateWithFreshToken(deps.qbo, entry, contact);
    await deps.maps.setCustomer(deps.storeHash, key, { ...mapEntryInput(entry), displayName: updated.DisplayName, syncToken: updated.SyncToken });
    qboIds.push(updated.Id);
  }
  return { status: 'updated', qboIds };
}

// ---------------------------------------------------------------------------------------------------------

interface SourceTarget {
  key: string;
  kind: Exclude<CustomerMapKind, 'single-guest'>;
  source: CustomerSource;
  currency: CustomerCurrency;
}

/** QuickBooks' currency rules: without multicurrency everything is in the home currency. */
function customerCurrency(orderCurrency: string, company: Pick<CompanyFacts, 'homeCurrency' | 'multiCurrency'>): CustomerCurrency {
  const home = company.homeCurrency || orderCurrency;
  return { currency: company.multiCurrency ? orderCurrency : home, homeCurrency: home, multiCurrency: company.multiCurrency };
}

async function resolveBySource(deps: CustomerResolverDeps, target: SourceTarget): Promise<string> {
  const mapped = await deps.maps.getCustomer(deps.storeHash, target.key);
  if (mapped) return mapped.qboId;
  return findOrCreateOnce(deps, target.key, () => findOrCreateBySource(deps, target));
}

/**
 * Concurrent jobs of one company may carry the same new customer: one finds or creates it, the others then
 * find it in the map (two creates would collide on DisplayName and leave a "(BC #id)" twin).
 */
async function findOrCreateOnce(deps: CustomerResolverDeps, key: string, findOrCreate: () => Promise<string>): Promise<string> {
  return withKeys([`${deps.qbo.realmId}/customer/${key}`], async () => {
    const mappedMeanwhile = await deps.maps.getCustomer(deps.storeHash, key);
    return mappedMeanwhile ? mappedMeanwhile.qboId : findOrCreate();
  });
}

async function findOrCreateBySource(deps: CustomerResolverDeps, target: SourceTarget): Promise<string> {

  const payload = toQboCustomer(target.source, target.currency);
  const existing = await findExisting(deps.qbo, target, payload.DisplayName);
  if (existing) return remember(deps, target, existing, 'matched');

  const created = await createCustomer(deps, payload, async () => {
    const retry = toQboCustomer(target.source, target.currency, { disambiguate: true });
    try {
      return await createCustomer(deps, retry);
    } catch (error) {
      if (!(error instanceof QuickBooksDuplicateNameError)) throw error;
      // Our own create whose map write was lost (its Notes/e-mail name it), or someone else's: only ours is adopted.
      const ours = (await customersNamed(deps.qbo, retry.DisplayName)).find((row) => isOurs(row, target));
      if (ours) return ours;
      throw new NeedsAttentionError(
        `QuickBooks already has a customer, vendor or employee named "${payload.DisplayName}" and "${retry.DisplayName}". ` +
          'Rename or merge one of them in QuickBooks, then retry.',
      );
    }
  });
  return remember(deps, target, created, 'created');
}

async function resolveSingleGuest(deps: CustomerResolverDeps, customerName: string, currency: CustomerCurrency): Promise<string> {
  const key = singleGuestCustomerKey(customerName, currency.currency);
  const mapped = await deps.maps.getCustomer(deps.storeHash, key);
  if (mapped) return mapped.qboId;
  return findOrCreateOnce(deps, key, () => findOrCreateSingleGuest(deps, key, customerName, currency));
}

async function findOrCreateSingleGuest(deps: CustomerResolverDeps, key: string, customerName: string, currency: CustomerCurrency): Promise<string> {
  const payload = singleGuestCustomer(customerName, currency);
  const existing = (await customersNamed(deps.qbo, payload.DisplayName)).find((row) => currencyOf(row, currency) === currency.currency);
  const customer =
    existing ??
    (await createCustomer(deps, payload, () => {
      throw new NeedsAttentionError(
        `Guest orders post to the QuickBooks customer "${payload.DisplayName}", but that name belongs to a vendor, an employee ` +
          'or a customer in another currency. Choose another guest customer name in the sync settings.',
      );
    }));
  await deps.maps.setCustomer(deps.storeHash, key, {
    qboId: customer.Id,
    displayName: customer.DisplayName,
    ...(customer.SyncToken !== undefined ? { syncToken: customer.SyncToken } : {}),
    kind: 'single-guest',
    currency: currency.currency,
    source: existing ? 'matched' : 'created',
  });
  return customer.Id;
}

/**
 * An existing QuickBooks customer for this person in this currency: by e-mail, or (companies that refuse
 * e-mail filters with 4001) by DisplayName. A record that names another BigCommerce customer is never taken.
 */
async function findExisting(qbo: QuickBooksClient, target: SourceTarget, displayName: string): Promise<Customer | undefined> {
  const email = qboEmail(target.source.email);
  let candidates: Customer[];
  if (email) {
    try {
      candidates = await qbo.query<Customer>(qboSql`SELECT * FROM Customer WHERE PrimaryEmailAddr = ${email} MAXRESULTS 100`);
    } catch (error) {
      if (!(error instanceof QuickBooksValidationError && error.code === '4001')) throw error;
      candidates = (await customersNamed(qbo, displayName)).filter((row) => isOurs(row, target));
    }
  } else {
    candidates = (await customersNamed(qbo, displayName)).filter((row) => isOurs(row, target));
  }
  const usable = candidates
    .filter((row) => row.Active !== false && currencyOf(row, target.currency) === target.currency.currency)
    .filter((row) => !namesOtherBcCustomer(row, target.source))
    .sort((a, b) => Number(a.Id) - Number(b.Id));
  const marker = notesFor(target.source);
  return usable.find((row) => (row.Notes ?? '').includes(marker)) ?? usable[0];
}

async function customersNamed(qbo: QuickBooksClient, displayName: string): Promise<Customer[]> {
  return qbo.query<Customer>(qboSql`SELECT * FROM Customer WHERE DisplayName = ${displayName} MAXRESULTS 10`);
}

/** Created by us for this source: its Notes name it, or (guests) its e-mail is the guest's. */
function isOurs(row: Customer, target: SourceTarget): boolean {
  const notes = row.Notes ?? '';
  if (target.kind === 'registered') return notes.includes(notesFor(target.source)) && !namesOtherBcCustomer(row, target.source);
  const email = normaliseEmail(target.source.email);
  return email !== '' && normaliseEmail(row.PrimaryEmailAddr?.Address) === email;
}

/** Notes say `bigcommerce_customer_id=N` for another N. */
function namesOtherBcCustomer(row: Customer, source: CustomerSource): boolean {
  const match = /bigcommerce_customer_id=(\d+)/.exec(row.Notes ?? '');
  return match !== null && source.kind === 'registered' && Number(match[1]) !== source.bcCustomerId;
}

function currencyOf(row: Customer, currency: CustomerCurrency): string {
  return row.CurrencyRef?.value || currency.homeCurrency;
}

/** Creates; on a duplicate name hands over to `onDuplicateName` (which may retry or explain). */
async function createCustomer(
  deps: CustomerResolverDeps,
  payload: QboCustomerPayload,
  onDuplicateName?: () => Promise<Customer>,
): Promise<Customer> {
  try {
    return await deps.qbo.create<Customer>('Customer', payload, { requestId: requestIdFor(deps.storeHash, payload) });
  } catch (error) {
    if (error instanceof QuickBooksDuplicateNameError && onDuplicateName) return onDuplicateName();
    throw error;
  }
}

/** Deterministic per store and payload: a retried create replays; a changed payload is a new request. */
function requestIdFor(storeHash: string, payload: QboCustomerPayload): string {
  const digest = createHash('sha256').update(`${storeHash}\n${JSON.stringify(payload)}`, 'utf8').digest('hex');
  return `cust-${digest.slice(0, 40)}`;
}

async function remember(deps: CustomerResolverDeps, target: SourceTarget, customer: Customer, source: 'matched' | 'created'): Promise<string> {
  await deps.maps.setCustomer(deps.storeHash, target.key, {
    qboId: customer.Id,
    displayName: customer.DisplayName,
    ...(customer.SyncToken !== undefined ? { syncToken: customer.SyncToken } : {}),
    kind: target.kind,
    currency: target.currency.currency,
    ...(target.source.bcCustomerId !== undefined ? { bcCustomerId: target.source.bcCustomerId } : {}),
    source,
  });
  return customer.Id;
}

function mapEntryInput(entry: CustomerMapEntry) {
  const { updatedAt: _updatedAt, ...rest } = entry;
  return rest;
}

async function updateWithFreshToken(qbo: QuickBooksClient, entry: CustomerMapEntry, contact: object): Promise<Customer> {
  const syncToken = entry.syncToken ?? (await qbo.read<Customer>('Customer', entry.qboId)).SyncToken;
  try {
    return await qbo.update<Customer>('Customer', { Id: entry.qboId, SyncToken: syncToken, sparse: true, ...contact });
  } catch (error) {
    if (!(error instanceof QuickBooksStaleObjectError)) throw error;
    const fresh = await qbo.read<Customer>('Customer', entry.qboId);
    return qbo.update<Customer>('Customer', { Id: entry.qboId, SyncToken: fresh.SyncToken, sparse: true, ...contact });
  }
}
