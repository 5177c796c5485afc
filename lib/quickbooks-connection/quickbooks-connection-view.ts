/**
 * What the app (and later the support view) shows about a store's QuickBooks connection: its state in
 * plain language, the company, its facts, how much of its lists we hold, and how much work waits on it.
 */
import type { AppDeps } from '@/lib/app-deps';
import type { CompanyFacts, CompanyLists, CompanyProfile } from './company-profile';
import { currentCompanyProfile, refreshCompanyProfile } from './company-profile-refresh';
import { NotConnectedError } from './token-manager';

export type ConnectionState = 'not_connected' | 'connected' | 'needs_reconnect' | 'disconnected';

export interface QuickBooksConnectionView {
  status: ConnectionState;
  companyName?: string;
  realmId?: string;
  connectedAt?: string;
  statusReason?: string;
  statusChangedAt?: string;
  /** The store has posted to a company: connecting another one needs the merchant's confirmation. */
  hasPosted: boolean;
  /** Jobs waiting for the connection to work again. */
  parkedJobs: number;
  facts?: CompanyFacts;
  listCounts?: Record<keyof CompanyLists, number>;
  profileRefreshedAt?: string;
  profileError?: string;
}

function countLists(lists: CompanyLists): Record<keyof CompanyLists, number> {
  return Object.fromEntries(Object.entries(lists).map(([name, items]) => [name, (items as unknown[]).length])) as Record<
    keyof CompanyLists,
    number
  >;
}

function withProfile(view: QuickBooksConnectionView, profile: CompanyProfile | undefined): QuickBooksConnectionView {
  if (!profile) return view;
  return { ...view, facts: profile.facts, listCounts: countLists(profile.lists), profileRefreshedAt: profile.refreshedAt };
}

export async function getQuickBooksConnectionView(deps: AppDeps, storeHash: string): Promise<QuickBooksConnectionView> {
  const [connection, counts] = await Promise.all([deps.quickbooks.connections.get(storeHash), deps.jobs.counts(storeHash)]);
  if (!connection) return { status: 'not_connected', hasPosted: false, parkedJobs: counts.parked ?? 0 };
  const view: QuickBooksConnectionView = {
    status: connection.status,
    companyName: connection.companyName,
    realmId: connection.realmId,
    connectedAt: connection.connectedAt.toDate().toISOString(),
    statusReason: connection.statusReason,
    statusChangedAt: connection.statusChangedAt.toDate().toISOString(),
    hasPosted: (connection.postedRealmIds ?? []).length > 0,
    parkedJobs: counts.parked ?? 0,
  };
  if (connection.status !== 'connected') return view;
  const { profile, refreshError } = await currentCompanyProfile(deps, storeHash, connection.realmId);
  return { ...withProfile(view, profile), profileError: refreshError };
}

/** The merchant asked for fresh facts and lists now (after changing something in QuickBooks). */
export async function refreshProfileNow(deps: AppDeps, storeHash: string): Promise<CompanyProfile> {
  const connection = await deps.quickbooks.connections.get(storeHash);
  if (!connection || connection.status !== 'connected') throw new NotConnectedError(storeHash);
  return refreshCompanyProfile(deps, storeHash, connection.realmId);
}

/** The full cached lists, for settings and mapping screens. */
export async function getCompanyProfile(deps: AppDeps, storeHash: string): Promise<CompanyProfile> {
  const connection = await deps.quickbooks.connections.get(storeHash);
  if (!connection || connection.status !== 'connected') throw new NotConnectedError(storeHash);
  const { profile, refreshError } = await currentCompanyProfile(deps, storeHash, connection.realmId);
  if (!profile) throw new QuickBooksUnavailableError(refreshError ?? 'QuickBooks did not answer.');
  return profile;
}

export class QuickBooksUnavailableError extends Error {
  constructor(reason: string) {
    super(`QuickBooks could not be read: ${reason}`);
    this.name = 'QuickBooksUnavailableError';
  }
}
