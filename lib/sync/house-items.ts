/**
 * The app's own QuickBooks Service items ("house items") that order and refund lines post to when they are
 * not products: shipping (when the shipping field can't be used), handling, gift wrapping, custom fees,
 * discounts (when the company has discounts off), rounding, order-level refund amounts, and the two liability
 * items for gift certificates and store credit. ensureHouseItems() returns the QuickBooks Id of each kind the
 * caller asks for (see posting-refs.ts neededHouseItems), and only those:
 *   1. a settings override (settings.accounts.shippingItemId, handlingItemId — else the shipping override,
 *      as the mappers do —, giftWrappingItemId, roundingItemId): no QuickBooks call, nothing recorded;
 *   2. the store's record (stores/{h}/maps/house-items, one Firestore read for all kinds): no QuickBooks call;
 *   3. QuickBooks, every missing kind in ONE query by Name (inactive items included: ours is reactivated);
 *   4. created, all missing kinds in one request (a /batch when several), with an income account chosen from
 *      the cached company lists; a 6240 (the name appeared meanwhile: another worker, or an item QuickBooks
 *      hid from the query) → looked up by name and adopted.
 * Found and created items are recorded with the realm they live in, so later orders cost nothing. When the
 * merchant names the account for a kind in settings (gift certificate / store credit liability, discount
 * account) and the recorded item posts elsewhere, the item is re-pointed (a read and a sparse update, once).
 * A liability item without a liability account stops the posting with a plain reason (NeedsAttentionError):
 * posting a gift certificate to an income account would overstate revenue.
 */
import { createHash } from 'node:crypto';
import type { HouseItemInput, HouseItemsRepository } from '@/lib/firestore/house-items-repository';
import { normaliseItemText } from '@/lib/firestore/sync-maps-repository';
import type { CompanyLists, ProfileAccount } from '@/lib/quickbooks-connection/company-profile';
import { qboSql, type QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import { QuickBooksDuplicateNameError, type QuickBooksError } from '@/lib/quickbooks/quickbooks-errors';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import { createItemsOnce, type NewItemPayload } from '@/lib/sync/item-resolver';
import { NeedsAttentionError } from '@/lib/sync/job-errors';
import type { SyncSettings } from '@/lib/sync/sync-settings';

export type HouseItemKind =
  | 'shipping'
  | 'handling'
  | 'giftWrapping'
  | 'fee'
  | 'discount'
  | 'rounding'
  | 'orderRefund'
  | 'giftCertificate'
  | 'storeCredit';

/** Every kind, in the order items are looked up and created. */
export const HOUSE_ITEM_KINDS: readonly HouseItemKind[] = [
  'shipping',
  'handling',
  'giftWrapping',
  'fee',
  'discount',
  'rounding',
  'orderRefund',
  'giftCertificate',
  'storeCredit',
];

/** The QuickBooks Item.Name of each kind (unique among items, ≤ 100 characters, no colon). */
export const HOUSE_ITEM_NAMES: Readonly<Record<HouseItemKind, string>> = {
  shipping: 'Shipping (BigCommerce)',
  handling: 'Handling (BigCommerce)',
  giftWrapping: 'Gift wrapping (BigCommerce)',
  fee: 'Order fees (BigCommerce)',
  discount: 'Discounts (BigCommerce)',
  rounding: 'Rounding (BigCommerce)',
  orderRefund: 'Refund adjustments (BigCommerce)',
  giftCertificate: 'Gift certificates (BigCommerce)',
  storeCredit: 'Store credit (BigCommerce)',
};

const DESCRIPTIONS: Readonly<Record<HouseItemKind, string>> = {
  shipping: 'Shipping charged on BigCommerce orders.',
  handling: 'Handling fees charged on BigCommerce orders.',
  giftWrapping: 'Gift wrapping charged on BigCommerce orders.',
  fee: 'Custom fees charged on BigCommerce orders.',
  discount: 'Discounts given on BigCommerce orders (posted as negative lines).',
  rounding: 'Rounding differences between BigCommerce and QuickBooks totals.',
  orderRefund: 'Order-level refund amounts and tax adjustments from BigCommerce.',
  giftCertificate: 'BigCommerce gift certificates sold and redeemed (liability).',
  storeCredit: 'BigCommerce store credit redeemed and refunded to store credit (liability).',
};

/** QuickBooks Id per kind: what the caller puts into PostingRefs (posting-refs.ts). */
export type HouseItemIds = Partial<Record<HouseItemKind, string>>;

export interface HouseItemsDeps {
  qbo: QuickBooksClient;
  houseItems: HouseItemsRepository;
  storeHash: string;
}

export interface EnsureHouseItemsInput {
  /** The cached company profile's lists (accounts: income accounts for new items). */
  lists: Pick<CompanyLists, 'accounts'>;
  settings: Pick<SyncSettings, 'accounts' | 'items'>;
  /** The kinds the posting needs; nothing else is looked up or created. */
  need: ReadonlySet<HouseItemKind>;
}

/** Item types a sales line can't use: an item of ours by name with one of them can't be adopted. */
const UNUSABLE_TYPES = new Set(['Category', 'Group']);

export async function ensureHouseItems(deps: HouseItemsDeps, input: EnsureHouseItemsInput): Promise<HouseItemIds> {
  const result: HouseItemIds = {};
  const wanted: HouseItemKind[] = [];
  for (const kind of HOUSE_ITEM_KINDS) {
    if (!input.need.has(kind)) continue;
    const override = houseItemOverride(kind, input.settings);
    if (override) result[kind] = override;
    else wanted.push(kind);
  }
  if (wanted.length === 0) return result;

  const realmId = deps.qbo.realmId;
  const recorded = await deps.houseItems.get(deps.storeHash, realmId);
  const records = new Map<HouseItemKind, HouseItemInput>();
  const missing: HouseItemKind[] = [];
  try {
    for (const kind of wanted) {
      const entry = recorded.get(kind);
      if (!entry) {
        missing.push(kind);
        continue;
      }
      result[kind] = entry.qboItemId;
      const configured = configuredAccount(kind, input);
      if (configured && configured !== entry.incomeAccountId) {
        const item = await repoint(deps, await deps.qbo.read<Item>('Item', entry.qboItemId), configured);
        records.set(kind, { ...record(realmId, item, entry.source), incomeAccountId: configured });
      }
    }
    if (missing.length === 0) return result;

    const found = await findByNames(deps.qbo, missing.map((kind) => HOUSE_ITEM_NAMES[kind]));
    const toCreate: HouseItemKind[] = [];
    for (const kind of missing) {
      const item = pickByName(found, HOUSE_ITEM_NAMES[kind]);
      if (!item) {
        toCreate.push(kind);
        continue;
      }
      const adopted = await adopt(deps, kind, item, input);
      result[kind] = adopted.Id;
      records.set(kind, record(realmId, adopted, 'adopted'));
    }
    if (toCreate.length === 0) return result;

    // Every account first: a kind without one stops the posting before anything is created.
    const planned = toCreate.map((kind) => ({ kind, payload: itemPayload(kind, chooseIncomeAccount(kind, input).accountId) }));
    const outcomes = await createItems(deps, planned.map((plan) => plan.payload));
    const collided: HouseItemKind[] = [];
    planned.forEach((plan, index) => {
      const outcome = outcomes[index];
      if (outcome instanceof QuickBooksDuplicateNameError) {
        collided.push(plan.kind);
      } else if (outcome && !(outcome instanceof Error)) {
        result[plan.kind] = outcome.Id;
        records.set(plan.kind, record(realmId, outcome, 'created'));
      } else {
        throw outcome ?? new Error('QuickBooks returned no result for an item create');
      }
    });
    if (collided.length > 0) {
      const holders = await findByNames(deps.qbo, collided.map((kind) => HOUSE_ITEM_NAMES[kind]));
      for (const kind of collided) {
        const item = pickByName(holders, HOUSE_ITEM_NAMES[kind]);
        if (!item) {
          throw new NeedsAttentionError(
            `QuickBooks says the name "${HOUSE_ITEM_NAMES[kind]}" is already taken, but no product or service with that name can be found ` +
              '(another kind of record may hold it). Rename that record in QuickBooks, then retry.',
          );
        }
        const adopted = await adopt(deps, kind, item, input);
        result[kind] = adopted.Id;
        records.set(kind, record(realmId, adopted, 'adopted'));
      }
    }
    return result;
  } finally {
    // Whatever was found or created is kept even when a later kind stops the posting.
    await deps.houseItems.set(deps.storeHash, records);
  }
}

/** The item id the merchant chose in settings for a kind (handling falls back to the shipping item). */
export function houseItemOverride(kind: HouseItemKind, settings: Pick<SyncSettings, 'accounts'>): string | undefined {
  const accounts = settings.accounts;
  switch (kind) {
    case 'shipping':
      return accounts.shippingItemId;
    case 'handling':
      return accounts.handlingItemId ?? accounts.shippingItemId;
    case 'giftWrapping':
      return accounts.giftWrappingItemId;
    case 'rounding':
      return accounts.roundingItemId;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Income accounts
// ---------------------------------------------------------------------------------------------------------

export interface ChosenAccount {
  accountId: string;
  /** true when the merchant named this account for the kind in settings (then it is kept in sync). */
  fromSetting: boolean;
}

const INCOME = ['Income'];
const INCOME_OR_EXPENSE = ['Income', 'Other Income', 'Expense', 'Other Expense'];
const LIABILITY = ['Other Current Liability'];

/**
 * The income account a new house item of `kind` gets, from the cached lists (no QuickBooks call):
 *  - shipping / handling: an Income account named like "Shipping Income" / "Shipping and delivery income",
 *    else settings.items.incomeAccountId, else the first active Income account;
 *  - gift wrapping / fees: an Income account named for them, else settings.items.incomeAccountId, else the
 *    sales income account ("Sales of Product Income", "Sales"), else the first active Income account;
 *  - discount: settings.accounts.discountAccountId, else an Income/Expense account named like "Discounts
 *    given", else one of sub-type DiscountsRefundsGiven, else the first active Income account;
 *  - rounding: an Income/Expense account named like "Rounding", else "Other Income", else the first Income;
 *  - order refunds: an Income/Expense account named like "Refunds", else sub-type DiscountsRefundsGiven,
 *    else settings.items.incomeAccountId, else the first active Income account;
 *  - gift certificates / store credit: settings.accounts.giftCertificateAccountId / storeCreditAccountId,
 *    else an active Other Current Liability account named like "Gift card" / "Store credit", else
 *    NeedsAttentionError (a liability must never fall back to income).
 * An account chosen in settings that the lists show inactive → NeedsAttentionError naming it.
 */
export function chooseIncomeAccount(kind: HouseItemKind, input: Pick<EnsureHouseItemsInput, 'lists' | 'settings'>): ChosenAccount {
  const { lists, settings } = input;
  const active = lists.accounts.filter((account) => account.active);
  const ofTypes = (types: readonly string[]) => active.filter((account) => types.includes(account.type));
  const named = (types: readonly string[], ...patterns: RegExp[]) => {
    const candidates = ofTypes(types);
    for (const pattern of patterns) {
      const match = candidates.find((account) => pattern.test(account.name.trim()));
      if (match) return match.id;
    }
    return undefined;
  };
  const subType = (types: readonly string[], value: string) => ofTypes(types).find((account) => account.subType === value)?.id;
  const itemsIncome = () => checked(lists.accounts, settings.items.incomeAccountId, 'The income account for new items');
  const sales = () => named(INCOME, /^sales of product income$/i, /^sales$/i) ?? subType(INCOME, 'SalesOfProductIncome');
  const firstIncome = () => ofTypes(INCOME)[0]?.id;
  const fromSetting = (id: string | undefined): ChosenAccount | undefined => (id ? { accountId: id, fromSetting: true } : undefined);
  const or = (...choices: Array<() => string | undefined>): ChosenAccount => {
    for (const choice of choices) {
      const id = choice();
      if (id) return { accountId: id, fromSetting: false };
    }
    throw new NeedsAttentionError(
      `QuickBooks has no active income account for the "${HOUSE_ITEM_NAMES[kind]}" item. Create one in QuickBooks (or choose an income account for new items in Settings › Items), then retry.`,
    );
  };

  switch (kind) {
    case 'shipping':
    case 'handling':
      return or(
        () => named(INCOME, /^shipping income$/i, /^shipping and delivery income$/i, /\b(shipping|delivery|postage|freight)\b/i),
        itemsIncome,
        firstIncome,
      );
    case 'giftWrapping':
      return or(() => named(INCOME, /\bgift ?wrap/i), itemsIncome, sales, firstIncome);
    case 'fee':
      return or(() => named(INCOME, /\bfees?\b/i), itemsIncome, sales, firstIncome);
    case 'discount':
      return (
        fromSetting(configuredAccount(kind, input)) ??
        or(() => named(INCOME_OR_EXPENSE, /^discounts? given$/i, /\bdiscounts?\b/i), () => subType(INCOME_OR_EXPENSE, 'DiscountsRefundsGiven'), firstIncome)
      );
    case 'rounding':
      return or(
        () => named(INCOME_OR_EXPENSE, /\brounding\b/i, /^other income$/i, /\bother (misc\w* )?income\b/i),
        () => ofTypes(['Other Income'])[0]?.id,
        firstIncome,
      );
    case 'orderRefund':
      return or(() => named(INCOME_OR_EXPENSE, /\brefunds?\b/i), () => subType(INCOME_OR_EXPENSE, 'DiscountsRefundsGiven'), itemsIncome, firstIncome);
    case 'giftCertificate': {
      const chosen =
        fromSetting(configuredAccount(kind, input)) ??
        liability(named(LIABILITY, /\bgift ?cards?\b/i, /\bgift ?certificates?\b/i, /\bgift ?vouchers?\b/i));
      if (chosen) return chosen;
      throw new NeedsAttentionError('This order used a gift certificate; choose the liability account for gift certificates in Settings › Accounts.');
    }
    case 'storeCredit': {
      const chosen =
        fromSetting(configuredAccount(kind, input)) ??
        liability(named(LIABILITY, /\bstore ?credits?\b/i, /\bcustomer ?credits?\b/i));
      if (chosen) return chosen;
      throw new NeedsAttentionError('This order used store credit; choose the liability account for store credit in Settings › Accounts.');
    }
  }
}

function liability(id: string | undefined): ChosenAccount | undefined {
  return id ? { accountId: id, fromSetting: false } : undefined;
}

/** A configured account id, unless the lists show it inactive (an id the lists don't know is trusted). */
function checked(accounts: readonly ProfileAccount[], id: string | undefined, what: string): string | undefined {
  if (!id) return undefined;
  const account = accounts.find((candidate) => candidate.id === id);
  if (account && !account.active) {
    throw new NeedsAttentionError(`${what} ("${account.name}") is inactive in QuickBooks. Choose another one in the sync settings.`);
  }
  return id;
}

/**
 * The account the merchant named in settings for this kind (gift certificate / store credit liability,
 * discount account), if any: the item is kept pointing at it. Only settings are read.
 */
function configuredAccount(kind: HouseItemKind, input: Pick<EnsureHouseItemsInput, 'lists' | 'settings'>): string | undefined {
  const { accounts } = input.lists;
  const settings = input.settings.accounts;
  switch (kind) {
    case 'giftCertificate':
      return checked(accounts, settings.giftCertificateAccountId, 'The gift certificate liability account');
    case 'storeCredit':
      return checked(accounts, settings.storeCreditAccountId, 'The store credit liability account');
    case 'discount':
      return checked(accounts, settings.discountAccountId, 'The discount account');
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// QuickBooks
// ---------------------------------------------------------------------------------------------------------

function itemPayload(kind: HouseItemKind, incomeAccountId: string): NewItemPayload {
  return { Name: HOUSE_ITEM_NAMES[kind], Type: 'Service', IncomeAccountRef: { value: incomeAccountId }, Description: DESCRIPTIONS[kind] };
}

/** Items with any of the names, inactive ones included (one request). */
async function findByNames(qbo: QuickBooksClient, names: readonly string[]): Promise<Item[]> {
  return qbo.query<Item>(qboSql`SELECT * FROM Item WHERE Name IN ${names} AND Active IN (true, false) MAXRESULTS 1000`);
}

/** The item named `name` (case and spacing aside): an active one first, then the oldest. */
function pickByName(items: readonly Item[], name: string): Item | undefined {
  const wanted = normaliseItemText(name);
  return items
    .filter((item) => normaliseItemText(item.Name ?? '') === wanted)
    .sort((a, b) => Number(a.Active === false) - Number(b.Active === false) || Number(a.Id) - Number(b.Id))[0];
}

/** Takes over an existing item of ours: reactivated if inactive, re-pointed to a configured account. */
async function adopt(deps: HouseItemsDeps, kind: HouseItemKind, item: Item, input: EnsureHouseItemsInput): Promise<Item> {
  if (item.Type && UNUSABLE_TYPES.has(item.Type)) {
    throw new NeedsAttentionError(
      `QuickBooks has a ${item.Type.toLowerCase()} named "${item.Name}", which order lines can't use. Rename it in QuickBooks, then retry.`,
    );
  }
  const configured = configuredAccount(kind, input);
  return repoint(deps, item, configured);
}

/** One sparse update when the item must be reactivated or posts to another account than `accountId`. */
async function repoint(deps: HouseItemsDeps, item: Item, accountId: string | undefined, reactivate = item.Active === false): Promise<Item> {
  const changes: Record<string, unknown> = {};
  if (reactivate) changes['Active'] = true;
  if (accountId && item.IncomeAccountRef?.value !== accountId) changes['IncomeAccountRef'] = { value: accountId };
  if (Object.keys(changes).length === 0) return item;
  return deps.qbo.update<Item>('Item', { Id: item.Id, SyncToken: item.SyncToken, ...changes });
}

/** One create (or a /batch of creates) under a requestid fixed by store, company and payloads. */
function createItems(deps: HouseItemsDeps, payloads: readonly NewItemPayload[]): Promise<Array<Item | QuickBooksError>> {
  const requestId = `house-${digest(`${deps.storeHash}\n${deps.qbo.realmId}\n${JSON.stringify(payloads)}`).slice(0, 30)}`;
  return createItemsOnce(deps.qbo, payloads, requestId);
}

function record(realmId: string, item: Item, source: HouseItemInput['source']): HouseItemInput {
  const incomeAccountId = item.IncomeAccountRef?.value;
  return { realmId, qboItemId: item.Id, name: item.Name, source, ...(incomeAccountId ? { incomeAccountId } : {}) };
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
