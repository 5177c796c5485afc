/**
 * Builds the dependencies use cases need from the validated config. API routes call this; tests build
 * their own with the same shape.
 */
import { getConfig, type AppConfig } from '@/lib/env';
import { CompanyProfileRepository } from '@/lib/firestore/company-profile-repository';
import { EventRepository } from '@/lib/firestore/event-repository';
import { getFirestoreDb } from '@/lib/firestore/firestore-client';
import { OAuthStateRepository } from '@/lib/firestore/oauth-state-repository';
import { QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import { StoreRepository } from '@/lib/firestore/store-repository';
import { createQuickBooksAccess, type QuickBooksAccess } from '@/lib/quickbooks-connection/quickbooks-access';
import { JobQueue } from '@/lib/sync/job-queue';

export interface QuickBooksDeps {
  connections: QuickBooksConnectionRepository;
  oauthStates: OAuthStateRepository;
  profiles: CompanyProfileRepository;
  access: QuickBooksAccess;
}

export interface AppDeps {
  config: AppConfig;
  stores: StoreRepository;
  quickbooks: QuickBooksDeps;
  jobs: JobQueue;
  events: EventRepository;
  fetchImpl: typeof fetch;
}

export function getAppDeps(): AppDeps {
  const config = getConfig();
  const db = getFirestoreDb();
  const connections = new QuickBooksConnectionRepository(db);
  return {
    config,
    stores: new StoreRepository(db),
    quickbooks: {
      connections,
      oauthStates: new OAuthStateRepository(db),
      profiles: new CompanyProfileRepository(db),
      access: createQuickBooksAccess(config, connections),
    },
    jobs: new JobQueue({ db, connections }),
    events: new EventRepository(db),
    fetchImpl: fetch,
  };
}
