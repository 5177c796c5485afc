/**
 * The settings page's use cases. GET: the store's settings and defaults, the company facts the form depends
 * on, the QuickBooks lists as select options (active first, inactive marked, a chosen record that is gone or
 * unusable still shown so the merchant sees what to fix) and the BigCommerce choices. PUT: parse, check every
 * choice against the company's current lists (re-read from QuickBooks when older than a few minutes), then
 * save the whole settings document, keeping `live` and `startDate` (owned by onboarding) unless the body
 * sets them.
 */
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import type { AuthenticatedRequest } from '@/lib/app-session/authenticate-request';
import { bigCommerceClientFor } from '@/lib/app-lifecycle/store-access';
import type { ConnectionStatus, QuickBooksConnection } from '@/lib/firestore/quickbooks-connection-repository';
import { qboSql } from '@/lib/quickbooks/quickbooks-client';
import type { Item } from '@/lib/quickbooks/quickbooks-types';
import type { CompanyFacts, CompanyLists, CompanyProfile } from '@/lib/quickbooks-connection/company-profile';
import { isProfileStale } from '@/lib/quickbooks-connection/company-profile';
import { currentCompanyProfile, refreshCompanyProfile } from '@/lib/quickbooks-connection/company-profile-refresh';
import { ReconnectRequiredError } from '@/lib/quickbooks-connection/intuit-oauth';
import { NotConnectedError } from '@/lib/quickbooks-connection/token-manager';
import { IsoDaySchema } from '@/lib/sync/iso-day';
import { defaultSyncSettings, SyncSettingsSchema, type SyncSettings } from '@/lib/sync/sync-settings';
import { readBigCommerceChoices, type BigCommerceChoices } from './bigcommerce-choices';
import {
  accountSuits,
  DISPLAY_NAME_MAX,
  DOC_NUMBER_MAX,
  ORDER_ID_DIGITS,
  ROUNDING_THRESHOLD_MAX_CENTS,
  validateSettings,
  type AccountPurpose,
  type FieldError,
  type ReferencedItem,
} from './settings-validation';

/** At save time the lists are re-read from QuickBooks when older than this. */
export const SAVE_PROFILE_MAX_AGE_MS = 5 * 60 * 1000;

export interface SelectChoice {
  value: string;
  label: string;
  active: boolean;
  /** Shown under the label: account type, tax rate… */
  detail?: string;
}

export interface QuickBooksOptions {
  incomeAccounts: SelectChoice[];
  depositAccounts: SelectChoice[];
  liabilityAccounts: SelectChoice[];
  discountAccounts: SelectChoice[];
  paymentMethods: SelectChoice[];
  taxCodes: SelectChoice[];
  classes: SelectChoice[];
  departments: SelectChoice[];
}

export type SettingsFacts = Pick<
  CompanyFacts,
  | 'companyName'
  | 'country'
  | 'homeCurrency'
  | 'multiCurrency'
  | 'taxModel'
  | 'usingSalesTax'
  | 'classTracking'
  | 'departmentTracking'
  | 'departmentTerminology'
  | 'shippingAllowed'
  | 'discountAllowed'
  | 'customTxnNumbers'
>;

export interface SettingsView {
  settings: SyncSettings;
  defaults: SyncSettings;
  quickbooks: {
    status: ConnectionStatus | 'not_connected';
    companyName?: string;
    statusReason?: string;
    facts?: SettingsFacts;
    profileRefreshedAt?: string;
    /** Why the company details or the chosen items could not be read just now. */
    profileError?: string;
    options?: QuickBooksOptions;
    /** The QuickBooks items the settings name (shipping, fallback…), for the pickers' labels. */
    items: ReferencedItem[];
  };
  bigcommerce: BigCommerceChoices;
  limits: { docNumberMax: number; orderIdDigits: number; docNumberPrefixMax: number; displayNameMax: number; roundingThresholdMaxCents: number };
}

const LIMITS: SettingsView['limits'] = {
  docNumberMax: DOC_NUMBER_MAX,
  orderIdDigits: ORDER_ID_DIGITS,
  // The settings schema allows 10 characters, one less than DocNumber's 21 leave room for with a 10-digit order id.
  docNumberPrefixMax: Math.min(10, DOC_NUMBER_MAX - ORDER_ID_DIGITS),
  displayNameMax: DISPLAY_NAME_MAX,
  roundingThresholdMaxCents: ROUNDING_THRESHOLD_MAX_CENTS,
};

// ---------------------------------------------------------------------------------------------------------
// GET
// ---------------------------------------------------------------------------------------------------------

export async function getSettingsView(deps: AppDeps, auth: AuthenticatedRequest): Promise<SettingsView> {
  const { storeHash } = auth;
  const [settings, connection] = await Promise.all([deps.sync.settings.get(storeHash), deps.quickbooks.connections.get(storeHash)]);
  const quickbooks = await quickBooksPart(deps, storeHash, connection, settings);
  // BigCommerce tax rates only matter where they map to QuickBooks tax codes (not with Automated Sales Tax).
  const bigcommerce = await readBigCommerceChoices(bigCommerceClientFor(deps.config, auth.store, deps.fetchImpl), {
    taxRates: quickbooks.facts?.taxModel !== 'us-automated',
  });
  return { settings, defaults: defaultSyncSettings(), quickbooks, bigcommerce, limits: LIMITS };
}

async function quickBooksPart(
  deps: AppDeps,
  storeHash: string,
  connection: QuickBooksConnection | undefined,
  settings: SyncSettings,
): Promise<SettingsView['quickbooks']> {
  if (!connection) return { status: 'not_connected', items: [] };
  const base = {
    status: connection.status,
    ...(connection.companyName ? { companyName: connection.companyName } : {}),
    ...(connection.statusReason ? { statusReason: connection.statusReason } : {}),
  };
  if (connection.status !== 'connected') return { ...base, items: [] };
  const { profile, refreshError } = await currentCompanyProfile(deps, storeHash, connection.realmId);
  let items: ReferencedItem[] = [];
  let itemsError: string | undefined;
  try {
    items = await readReferencedItems(deps, storeHash, connection.realmId, settings);
  } catch (error) {
    itemsError = `The chosen QuickBooks items could not be read: ${error instanceof Error ? error.message : 'QuickBooks did not answer.'}`;
  }
  const profileError = refreshError ?? itemsError;
  return {
    ...base,
    ...(profile ? { facts: settingsFacts(profile.facts), profileRefreshedAt: profile.refreshedAt, options: quickBooksOptions(profile.lists, settings) } : {}),
    ...(profileError ? { profileError } : {}),
    items,
  };
}

export function settingsFacts(facts: CompanyFacts): SettingsFacts {
  return {
    companyName: facts.companyName,
    country: facts.country,
    homeCurrency: facts.homeCurrency,
    multiCurrency: facts.multiCurrency,
    taxModel: facts.taxModel,
    usingSalesTax: facts.usingSalesTax,
    classTracking: facts.classTracking,
    departmentTracking: facts.departmentTracking,
    ...(facts.departmentTerminology ? { departmentTerminology: facts.departmentTerminology } : {}),
    shippingAllowed: facts.shippingAllowed,
    discountAllowed: facts.discountAllowed,
    customTxnNumbers: facts.customTxnNumbers,
  };
}

/** The lists as select options, each list with the records the settings already name (even unusable ones). */
export function quickBooksOptions(lists: CompanyLists, settings: SyncSettings): QuickBooksOptions {
  const payments = Object.values(settings.payments);
  const accounts = (purpose: AccountPurpose, chosen: Array<string | undefined>) =>
    choices(
      lists.accounts.filter((account) => accountSuits(account, purpose)),
      chosen,
      lists.accounts,
      (account) => account.fullyQualifiedName || account.name,
      (account) => [account.type, account.subType].filter(Boolean).join(' · '),
      'account',
    );
  const entries = <T extends { id: string; name: string; active: boolean; fullyQualifiedName?: string }>(
    list: readonly T[],
    chosen: Array<string | undefined>,
    term: string,
    detail?: (entry: T) => string,
  ) => choices(list, chosen, list, (entry) => entry.fullyQualifiedName || entry.name, detail, term);
  const rateName = new Map(lists.taxRates.map((rate) => [rate.id, rate.ratePercent ? `${rate.name} ${rate.ratePercent}%` : rate.name]));

  return {
    incomeAccounts: accounts('income', [settings.items.incomeAccountId]),
    depositAccounts: accounts('deposit', [settings.accounts.defaultDepositAccountId, ...payments.map((p) => p.depositAccountId)]),
    liabilityAccounts: accounts('liability', [settings.accounts.giftCertificateAccountId, settings.accounts.storeCreditAccountId]),
    discountAccounts: accounts('discount', [settings.accounts.discountAccountId]),
    paymentMethods: entries(lists.paymentMethods, payments.map((p) => p.paymentMethodId), 'payment method', (method) =>
      method.type === 'CREDIT_CARD' ? 'Credit card' : '',
    ),
    taxCodes: entries(lists.taxCodes, [...Object.values(settings.tax.rateToTaxCode), settings.tax.exemptTaxCodeId], 'tax code', (code) =>
      code.salesTaxRateIds.map((id) => rateName.get(id) ?? id).join(' + ') || (code.description ?? ''),
    ),
    classes: entries(lists.classes, [settings.classes.defaultId, ...Object.values(settings.classes.byChannel)], 'class'),
    departments: entries(lists.departments, [settings.departments.defaultId, ...Object.values(settings.departments.byChannel)], 'location'),
  };
}

function choices<T extends { id: string; name: string; active: boolean }>(
  usable: readonly T[],
  chosen: Array<string | undefined>,
  all: ReadonlyArray<{ id: string; name: string }>,
  label: (entry: T) => string,
  detail: ((entry: T) => string) | undefined,
  term: string,
): SelectChoice[] {
  const options: SelectChoice[] = [...usable]
    .sort((a, b) => Number(b.active) - Number(a.active) || label(a).localeCompare(label(b)))
    .map((entry) => {
      const text = detail?.(entry);
      return { value: entry.id, label: entry.active ? label(entry) : `${label(entry)} (inactive)`, active: entry.active, ...(text ? { detail: text } : {}) };
    });
  const offered = new Set(options.map((option) => option.value));
  for (const id of new Set(chosen.filter((value): value is string => Boolean(value)))) {
    if (offered.has(id)) continue;
    const entry = all.find((candidate) => candidate.id === id);
    options.push({
      value: id,
      label: entry ? `${entry.name} (not usable here)` : `Unknown ${term} ${id} (not in QuickBooks)`,
      active: false,
    });
  }
  return options;
}

/** Item ids the settings name (house item overrides and the fallback item). */
export function referencedItemIds(settings: SyncSettings): string[] {
  const ids = [
    settings.accounts.shippingItemId,
    settings.accounts.handlingItemId,
    settings.accounts.giftWrappingItemId,
    settings.accounts.roundingItemId,
    settings.items.fallbackItemId,
  ].filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

/** The named items in one query (inactive ones too); [] without a QuickBooks call when none are named. */
async function readReferencedItems(deps: AppDeps, storeHash: string, realmId: string, settings: SyncSettings): Promise<ReferencedItem[]> {
  const ids = referencedItemIds(settings);
  if (ids.length === 0) return [];
  const client = deps.quickbooks.access.clientFor(storeHash, realmId);
  const rows = await client.query<Item>(qboSql`SELECT * FROM Item WHERE Id IN ${ids} AND Active IN (true, false) MAXRESULTS 100`);
  return rows.map((item) => ({ id: String(item.Id), name: item.Name, active: item.Active !== false, ...(item.Type ? { type: item.Type } : {}) }));
}

// ---------------------------------------------------------------------------------------------------------
// PUT
// ---------------------------------------------------------------------------------------------------------

/** What the page sends: the whole settings; `live` and `startDate` may be left out (then they are kept). */
export const SettingsBodySchema = z.strictObject({
  ...SyncSettingsSchema.shape,
  live: z.boolean().optional(),
  // A real day: "2026-02-30" passes a format check and would be stored as the start date.
  startDate: IsoDaySchema.nullable().optional(),
});

export type SaveSettingsResult =
  | { ok: true; settings: SyncSettings }
  | { ok: false; status: 400 | 422; code: 'invalid_request' | 'invalid_settings'; message: string; fields: FieldError[] };

export async function saveSettings(deps: AppDeps, auth: AuthenticatedRequest, body: unknown, now: number = Date.now()): Promise<SaveSettingsResult> {
  const parsed = SettingsBodySchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      code: 'invalid_request',
      message: 'Some settings are not in the expected form.',
      fields: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || 'settings', message: issue.message })),
    };
  }
  const { storeHash } = auth;
  const connection = await deps.quickbooks.connections.get(storeHash);
  if (!connection || connection.status === 'disconnected') throw new NotConnectedError(storeHash);
  if (connection.status !== 'connected') {
    throw new ReconnectRequiredError(connection.statusReason ?? 'QuickBooks needs to be reconnected before settings can be checked and saved.');
  }

  const profile = await freshProfile(deps, storeHash, connection.realmId, now);
  const current = await deps.sync.settings.get(storeHash);
  const { live, startDate, ...rest } = parsed.data;
  const candidate: SyncSettings = {
    ...rest,
    live: live ?? current.live,
    startDate: startDate === undefined ? current.startDate : startDate,
  };
  const items = await readReferencedItems(deps, storeHash, connection.realmId, candidate);
  const fields = validateSettings(candidate, { facts: profile.facts, lists: profile.lists, items });
  if (fields.length > 0) {
    return {
      ok: false,
      status: 422,
      code: 'invalid_settings',
      message: fields.length === 1 ? 'One choice needs your attention before the settings can be saved.' : `${fields.length} choices need your attention before the settings can be saved.`,
      fields,
    };
  }
  const settings = await deps.sync.settings.save(storeHash, candidate, auth.userId);
  return { ok: true, settings };
}

/** The cached profile if read within SAVE_PROFILE_MAX_AGE_MS, else read again now (QuickBooks errors propagate). */
async function freshProfile(deps: AppDeps, storeHash: string, realmId: string, now: number): Promise<CompanyProfile> {
  const stored = (await deps.quickbooks.profiles.getForRealm(storeHash, realmId))?.profile;
  if (stored && !isProfileStale(stored, now, SAVE_PROFILE_MAX_AGE_MS)) return stored;
  return refreshCompanyProfile(deps, storeHash, realmId);
}
