/**
 * The sandbox's in-memory model, typed so tests can read and steer it directly: companies (entities,
 * flags), OAuth grants and tokens, request log and counters per realm.
 */
import type { Now } from './clock';
import { companyInfo, preferences, seedCompany, type CompanyOptions, type CompanyState } from './company-seed';
import type { JsonObject } from './json';
import type { OAuthServer } from './oauth-server';
import type { Limits } from './throttle';

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  realmId?: string;
  status: number;
  requestId?: string;
  durationMs: number;
  /** 'replayed' (requestid hit), 'throttled', 'injected', 'dropped', 'reset' or 'ok'. */
  outcome: 'ok' | 'replayed' | 'throttled' | 'injected' | 'dropped' | 'reset';
}

/** One entity written in a company (created or updated), as it was stored, and when (ms since the epoch). */
export interface CommitEvent {
  realmId: string;
  type: string;
  entity: JsonObject;
  created: boolean;
  at: number;
}

export interface RealmCounters {
  requests: number;
  /** 429 answers (over the per-minute or concurrency limit). */
  throttled: number;
  injected: number;
  replayed: number;
  writes: number;
}

/** Company settings that can change after creation (PATCH /__sandbox/companies/{realmId}). */
export type CompanyPatch = Partial<Pick<CompanyState,
  'name' | 'multiCurrency' | 'automatedSalesTax' | 'classTracking' | 'departmentTracking' | 'shippingAllowed' |
  'discountAllowed' | 'customTxnNumbers' | 'subscriptionActive'>> & { closedThrough?: string | null };

const LOG_LIMIT = 2000;

export class SandboxState {
  readonly companies = new Map<string, CompanyState>();
  /** Most recent requests last (bounded). */
  readonly requestLog: RequestLogEntry[] = [];
  readonly counters = { requests: 0, throttled: 0, byRealm: new Map<string, RealmCounters>() };
  /** Observers of every entity write in every company (see QuickBooksSandbox.onCommit). */
  readonly commitListeners = new Set<(event: CommitEvent) => void>();

  constructor(
    readonly oauth: OAuthServer,
    public limits: Limits,
    public latencyMs: number,
    private readonly now: Now,
  ) {}

  addCompany(options: CompanyOptions): CompanyState {
    if (options.realmId && this.companies.has(options.realmId)) throw new Error(`company ${options.realmId} already exists`);
    const company = seedCompany(options, this.now());
    this.companies.set(company.realmId, company);
    company.store.onPut = (type, entity, created) => {
      for (const listener of this.commitListeners) listener({ realmId: company.realmId, type, entity, created, at: Date.now() });
    };
    return company;
  }

  /** A company by realm, or the first one. */
  company(realmId?: string): CompanyState {
    const company = realmId ? this.companies.get(realmId) : this.companies.values().next().value;
    if (!company) throw new Error(`no company ${realmId ?? ''} in the QuickBooks sandbox`);
    return company;
  }

  updateCompany(realmId: string, patch: CompanyPatch): CompanyState {
    const company = this.company(realmId);
    const { closedThrough, ...flags } = patch;
    for (const [key, value] of Object.entries(flags)) {
      if (value !== undefined) Object.assign(company, { [key]: value });
    }
    if (closedThrough !== undefined) company.closedThrough = closedThrough ?? undefined;
    if (company.country !== 'US') company.automatedSalesTax = false;
    company.store.put('Preferences', preferences(company, this.now()));
    company.store.put('CompanyInfo', companyInfo(company, this.now()));
    return company;
  }

  /**
   * An Other Current Liability account, as a bookkeeper would add in QuickBooks (e.g. "Gift Certificates
   * Outstanding"): accounts are read-only over this sandbox's API, as in its seed. Returns its Id.
   */
  addLiabilityAccount(realmId: string, name: string): string {
    const store = this.company(realmId).store;
    const id = store.nextId('Account');
    store.put('Account', {
      Id: id,
      SyncToken: '0',
      Name: name,
      FullyQualifiedName: name,
      Active: true,
      Classification: 'Liability',
      AccountType: 'Other Current Liability',
      AccountSubType: 'OtherCurrentLiabilities',
      CurrentBalance: 0,
    });
    return id;
  }

  /** All stored entities of a type (e.g. 'Invoice'), in creation order. */
  entities(type: string, realmId?: string): JsonObject[] {
    return this.company(realmId).store.list(type);
  }

  entity(type: string, id: string, realmId?: string): JsonObject | undefined {
    return this.company(realmId).store.get(type, id);
  }

  realmCounters(realmId: string): RealmCounters {
    let counters = this.counters.byRealm.get(realmId);
    if (!counters) {
      counters = { requests: 0, throttled: 0, injected: 0, replayed: 0, writes: 0 };
      this.counters.byRealm.set(realmId, counters);
    }
    return counters;
  }

  log(entry: RequestLogEntry): void {
    this.requestLog.push(entry);
    if (this.requestLog.length > LOG_LIMIT) this.requestLog.splice(0, this.requestLog.length - LOG_LIMIT);
  }

  /** JSON summary for GET /__sandbox/state. */
  summary(): JsonObject {
    return {
      companies: [...this.companies.values()].map((c) => companySummary(c)),
      counters: {
        requests: this.counters.requests,
        throttled: this.counters.throttled,
        byRealm: Object.fromEntries([...this.counters.byRealm].map(([realm, c]) => [realm, { ...c }])),
      },
      oauth: {
        grants: [...this.oauth.grants.values()].map((g) => ({ realmId: g.realmId ?? null, scope: g.scope, revoked: g.revoked, refreshCount: g.refreshCount, refreshExpiresAt: new Date(g.refreshExpiresAt).toISOString() })),
        accessTokens: this.oauth.accessTokens.size,
      },
      limits: { ...this.limits },
      latencyMs: this.latencyMs,
      recentRequests: this.requestLog.slice(-50).map((r) => ({ ...r })),
    };
  }
}

export function companySummary(c: CompanyState): JsonObject {
  return {
    realmId: c.realmId,
    name: c.name,
    country: c.country,
    homeCurrency: c.homeCurrency,
    multiCurrency: c.multiCurrency,
    automatedSalesTax: c.automatedSalesTax,
    classTracking: c.classTracking,
    departmentTracking: c.departmentTracking,
    shippingAllowed: c.shippingAllowed,
    discountAllowed: c.discountAllowed,
    customTxnNumbers: c.customTxnNumbers,
    closedThrough: c.closedThrough ?? null,
    subscriptionActive: c.subscriptionActive,
    accounts: { ...c.accounts },
    entities: Object.fromEntries(c.store.types().map((t) => [t, c.store.count(t)])),
  };
}
