/**
 * Keeps the cached company profile (facts + lists) current: read at connect, again when older than a day
 * (checked whenever the connection is viewed or work needs it), and on demand from the app.
 */
import type { AppDeps } from '@/lib/app-deps';
import { isProfileStale, readCompanyProfile, type CompanyProfile } from './company-profile';

export async function refreshCompanyProfile(deps: AppDeps, storeHash: string, realmId: string): Promise<CompanyProfile> {
  const client = deps.quickbooks.access.clientFor(storeHash, realmId);
  const profile = await readCompanyProfile(client);
  await deps.quickbooks.profiles.save(storeHash, realmId, profile);
  await deps.quickbooks.connections.update(storeHash, { companyName: profile.facts.companyName });
  return profile;
}

/**
 * The current company's profile, refreshed first when missing, stale, or of another company. A failed
 * refresh falls back to the cached profile (with the error) rather than hiding what we know.
 */
export async function currentCompanyProfile(
  deps: AppDeps,
  storeHash: string,
  realmId: string,
): Promise<{ profile?: CompanyProfile; refreshError?: string }> {
  const usable = (await deps.quickbooks.profiles.getForRealm(storeHash, realmId))?.profile;
  if (usable && !isProfileStale(usable)) return { profile: usable };
  try {
    return { profile: await refreshCompanyProfile(deps, storeHash, realmId) };
  } catch (failure) {
    return { profile: usable, refreshError: failure instanceof Error ? failure.message : 'QuickBooks did not answer.' };
  }
}
