/**
 * Checks a store's sync settings against what the connected QuickBooks company really has (the company
 * profile's facts and lists, plus the items the settings name) before they are saved, so a bad choice is
 * refused on the settings page in plain words instead of failing an order later. Pure: no I/O.
 *
 * The rules mirror what posting needs (posting-refs.ts, house-items.ts, item-resolver.ts, customer-resolver.ts):
 * referenced records exist and are active and of a usable kind; tax codes only matter where the company uses
 * them; classes / departments only where the company tracks them; names and numbers fit QuickBooks' limits.
 */
import type { CompanyFacts, CompanyLists, ProfileAccount } from '@/lib/quickbooks-connection/company-profile';
import { ORDER_STATUS, type SyncSettings } from '@/lib/sync/sync-settings';

/** One problem with one field; `path` is the field's dotted path in the settings (see fieldPath). */
export interface FieldError {
  path: string;
  message: string;
}

/** A QuickBooks item the settings refer to, as looked up at save time. */
export interface ReferencedItem {
  id: string;
  name: string;
  active: boolean;
  /** Item.Type ("Service", "NonInventory", "Inventory", "Category", "Group", …). */
  type?: string;
}

export interface SettingsValidationContext {
  facts: CompanyFacts;
  lists: CompanyLists;
  /** The BigCommerce order status ids that exist (default: BigCommerce's fixed 0–14). */
  orderStatusIds?: readonly number[];
  /** QuickBooks items named by the settings, looked up at save time; omitted = items are not checked. */
  items?: readonly ReferencedItem[];
}

/** QuickBooks' DocNumber limit and the longest order id we allow for (10 digits). */
export const DOC_NUMBER_MAX = 21;
export const ORDER_ID_DIGITS = 10;
/** QuickBooks DisplayName limit. */
export const DISPLAY_NAME_MAX = 100;
/** " (EUR)": what a multicurrency company's foreign-currency customer gets appended. */
const CURRENCY_SUFFIX_LENGTH = 6;
export const ROUNDING_THRESHOLD_MAX_CENTS = 100;

/** Account types each kind of choice accepts (QuickBooks AccountType values). */
export const ACCOUNT_TYPES = {
  income: ['Income', 'Other Income'],
  deposit: ['Bank', 'Other Current Asset'],
  liability: ['Other Current Liability'],
  discount: ['Income', 'Other Income', 'Expense', 'Other Expense'],
} as const satisfies Record<string, readonly string[]>;
export type AccountPurpose = keyof typeof ACCOUNT_TYPES;

/** Statuses an order is never posted in: it never completed checkout, or it is voided instead. */
const NEVER_POSTED: Readonly<Record<number, string>> = {
  [ORDER_STATUS.incomplete]: 'Incomplete orders never finished checkout, so they are never posted.',
  [ORDER_STATUS.cancelled]: 'Cancelled orders are voided in QuickBooks, not posted.',
  [ORDER_STATUS.declined]: 'Declined orders are voided in QuickBooks, not posted.',
};

/** Item types an order line can't post to. */
const UNUSABLE_ITEM_TYPES = new Set(['Category', 'Group']);

const DEFAULT_STATUS_IDS = Object.values(ORDER_STATUS);

/** The dotted path of a settings field, as the API reports it and the page looks it up. */
export function fieldPath(...segments: ReadonlyArray<string | number>): string {
  return segments.map(String).join('.');
}

/** Problems with the settings, in form order; [] when they can be saved. */
export function validateSettings(settings: SyncSettings, context: SettingsValidationContext): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  const { facts, lists } = context;
  const statusIds = new Set(context.orderStatusIds ?? DEFAULT_STATUS_IDS);

  // Documents and statuses -------------------------------------------------------------------------------
  if (settings.postingStatusIds.length === 0) add('postingStatusIds', 'Choose at least one order status to post.');
  for (const id of settings.postingStatusIds) {
    if (!statusIds.has(id)) add('postingStatusIds', `BigCommerce has no order status ${id}.`);
    else if (NEVER_POSTED[id]) add('postingStatusIds', NEVER_POSTED[id]);
  }
  settings.documentRules.forEach((rule, index) => {
    const unknown = rule.statusIds.filter((id) => !statusIds.has(id));
    if (unknown.length > 0) {
      add(fieldPath('documentRules', index, 'statusIds'), `BigCommerce has no order status ${unknown.join(', ')}.`);
    }
    const matchesEverything = rule.statusIds.length === 0 && rule.customerGroupIds.length === 0 && rule.channelIds.length === 0;
    if (matchesEverything && index < settings.documentRules.length - 1) {
      add(
        fieldPath('documentRules', index),
        'This rule has no conditions, so it matches every order and the rules after it never apply. Add a condition or move it last.',
      );
    }
  });

  // Numbering and guests ---------------------------------------------------------------------------------
  const prefix = settings.docNumberPrefix;
  if (!/^[A-Za-z0-9\-_#/.]*$/.test(prefix)) {
    add('docNumberPrefix', 'Use only letters, digits and - _ # / . in the prefix.');
  }
  const longest = prefix.length + ORDER_ID_DIGITS;
  if (longest > DOC_NUMBER_MAX) {
    add(
      'docNumberPrefix',
      `QuickBooks document numbers hold at most ${DOC_NUMBER_MAX} characters; with a ${ORDER_ID_DIGITS}-digit order number this prefix makes ${longest}. ` +
        `Use at most ${DOC_NUMBER_MAX - ORDER_ID_DIGITS} characters.`,
    );
  }
  const nameProblem = displayNameProblem(settings.guests.customerName, facts.multiCurrency);
  if (nameProblem) add('guests.customerName', nameProblem);

  // Accounts ---------------------------------------------------------------------------------------------
  const account = (path: string, id: string | undefined, what: string, purpose: AccountPurpose) => {
    const problem = accountProblem(lists.accounts, id, what, purpose);
    if (problem) add(path, problem);
  };
  account('items.incomeAccountId', settings.items.incomeAccountId, 'The income account for new items', 'income');
  if (settings.items.autoCreate && !settings.items.incomeAccountId && !lists.accounts.some((a) => a.active && a.type === 'Income')) {
    add('items.incomeAccountId', 'QuickBooks has no active income account to create items with. Create one in QuickBooks, or turn off creating items.');
  }
  account('accounts.discountAccountId', settings.accounts.discountAccountId, 'The discount account', 'discount');
  account('accounts.giftCertificateAccountId', settings.accounts.giftCertificateAccountId, 'The gift certificate account', 'liability');
  account('accounts.storeCreditAccountId', settings.accounts.storeCreditAccountId, 'The store credit account', 'liability');
  account('accounts.defaultDepositAccountId', settings.accounts.defaultDepositAccountId, 'The default deposit account', 'deposit');

  // Items the settings name ------------------------------------------------------------------------------
  const item = (path: string, id: string | undefined, what: string) => {
    const problem = itemProblem(context.items, id, what);
    if (problem) add(path, problem);
  };
  item('accounts.shippingItemId', settings.accounts.shippingItemId, 'The shipping item');
  item('accounts.handlingItemId', settings.accounts.handlingItemId, 'The handling item');
  item('accounts.giftWrappingItemId', settings.accounts.giftWrappingItemId, 'The gift wrapping item');
  item('accounts.roundingItemId', settings.accounts.roundingItemId, 'The rounding item');
  item('items.fallbackItemId', settings.items.fallbackItemId, 'The fallback item');

  // Payments ---------------------------------------------------------------------------------------------
  for (const [key, mapping] of Object.entries(settings.payments)) {
    const method = entryProblem(lists.paymentMethods, mapping.paymentMethodId, `The payment method for "${key}"`, 'payment method');
    if (method) add(fieldPath('payments', key, 'paymentMethodId'), method);
    account(fieldPath('payments', key, 'depositAccountId'), mapping.depositAccountId, `The deposit account for "${key}"`, 'deposit');
  }

  // Tax: codes matter for tax-code companies (every line) and US manual sales tax (the transaction's rate) --
  if (facts.taxModel !== 'us-automated') {
    for (const [rateId, codeId] of Object.entries(settings.tax.rateToTaxCode)) {
      const problem = entryProblem(lists.taxCodes, codeId, `The tax code for BigCommerce tax rate ${rateId}`, 'tax code');
      if (problem) add(fieldPath('tax', 'rateToTaxCode', rateId), problem);
    }
  }
  if (facts.taxModel === 'tax-codes') {
    const problem = entryProblem(lists.taxCodes, settings.tax.exemptTaxCodeId, 'The tax code for untaxed amounts', 'tax code');
    if (problem) add('tax.exemptTaxCodeId', problem);
  }

  // Classes and departments ------------------------------------------------------------------------------
  const tracked = (
    kind: 'classes' | 'departments',
    isTracked: boolean,
    entries: CompanyLists['classes'],
    term: string,
    offMessage: string,
  ) => {
    const chosen = settings[kind];
    const check = (path: string, id: string | undefined, what: string) => {
      if (!id) return;
      if (!isTracked) add(path, offMessage);
      else {
        const problem = entryProblem(entries, id, what, term);
        if (problem) add(path, problem);
      }
    };
    check(fieldPath(kind, 'defaultId'), chosen.defaultId, `The default ${term}`);
    for (const [channel, id] of Object.entries(chosen.byChannel)) check(fieldPath(kind, 'byChannel', channel), id, `The ${term} for channel ${channel}`);
  };
  tracked(
    'classes',
    facts.classTracking !== 'off',
    lists.classes,
    'class',
    'Class tracking is off in QuickBooks, so classes can’t be used. Clear this choice, or turn on class tracking in QuickBooks and refresh the company details.',
  );
  const departmentTerm = (facts.departmentTerminology?.trim() || 'location').toLowerCase();
  tracked(
    'departments',
    facts.departmentTracking,
    lists.departments,
    departmentTerm,
    `${capitalise(departmentTerm)} tracking is off in QuickBooks, so ${departmentTerm}s can’t be used. Clear this choice, or turn it on in QuickBooks and refresh the company details.`,
  );

  // Rounding ---------------------------------------------------------------------------------------------
  const threshold = settings.roundingThresholdCents;
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > ROUNDING_THRESHOLD_MAX_CENTS) {
    add('roundingThresholdCents', `Enter a whole number of cents from 0 to ${ROUNDING_THRESHOLD_MAX_CENTS}.`);
  }
  return errors;
}

/**
 * Why a name can't be a QuickBooks DisplayName, or undefined: trimmed, not empty, no colon (QuickBooks'
 * sub-customer separator), tab or line break, and short enough for the currency suffix a multicurrency
 * company's foreign-currency customer gets.
 */
export function displayNameProblem(name: string, multiCurrency: boolean): string | undefined {
  if (name.trim() === '') return 'Enter a customer name.';
  if (name !== name.trim()) return 'Remove the spaces at the start or end of the name.';
  if (name.includes(':')) return 'QuickBooks does not allow a colon (:) in customer names.';
  if (/[\t\r\n]/.test(name)) return 'QuickBooks does not allow tabs or line breaks in customer names.';
  const max = multiCurrency ? DISPLAY_NAME_MAX - CURRENCY_SUFFIX_LENGTH : DISPLAY_NAME_MAX;
  if (name.length > max) {
    return multiCurrency
      ? `Use at most ${max} characters: QuickBooks allows ${DISPLAY_NAME_MAX}, and customers in other currencies get " (EUR)" or similar added.`
      : `QuickBooks allows at most ${DISPLAY_NAME_MAX} characters in a customer name.`;
  }
  return undefined;
}

/** Whether an account suits a purpose (its AccountType is one of the purpose's types). */
export function accountSuits(account: Pick<ProfileAccount, 'type'>, purpose: AccountPurpose): boolean {
  return (ACCOUNT_TYPES[purpose] as readonly string[]).includes(account.type);
}

function accountProblem(accounts: readonly ProfileAccount[], id: string | undefined, what: string, purpose: AccountPurpose): string | undefined {
  if (!id) return undefined;
  const account = accounts.find((candidate) => candidate.id === id);
  if (!account) return `${what} no longer exists in QuickBooks. Choose another one.`;
  if (!account.active) return `${what} (“${account.name}”) is inactive in QuickBooks. Choose an active account.`;
  if (!accountSuits(account, purpose)) {
    return `${what} (“${account.name}”) is ${article(account.type || 'unknown')} ${account.type || 'unknown'} account; choose ${typesText(ACCOUNT_TYPES[purpose])} account.`;
  }
  return undefined;
}

function entryProblem(
  entries: ReadonlyArray<{ id: string; name: string; active: boolean }>,
  id: string | undefined,
  what: string,
  term: string,
): string | undefined {
  if (!id) return undefined;
  const entry = entries.find((candidate) => candidate.id === id);
  if (!entry) return `${what} no longer exists in QuickBooks. Choose another ${term}.`;
  if (!entry.active) return `${what} (“${entry.name}”) is inactive in QuickBooks. Choose an active ${term}.`;
  return undefined;
}

function itemProblem(items: readonly ReferencedItem[] | undefined, id: string | undefined, what: string): string | undefined {
  if (!id || !items) return undefined;
  const item = items.find((candidate) => candidate.id === id);
  if (!item) return `${what} no longer exists in QuickBooks. Choose another product or service.`;
  if (!item.active) return `${what} (“${item.name}”) is inactive in QuickBooks. Choose an active product or service.`;
  if (item.type && UNUSABLE_ITEM_TYPES.has(item.type)) {
    return `${what} (“${item.name}”) is a ${item.type.toLowerCase()}, which order lines can’t use. Choose a product or service.`;
  }
  return undefined;
}

function typesText(types: readonly string[]): string {
  const quoted = types.map((type) => `${type}`);
  const list = quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `${article(list)} ${list}`;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
