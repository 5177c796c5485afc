/**
 * Builds the dependencies use cases need from the validated config. API routes call this; tests build
 * their own with the same shape.
 */
import type { SyncActivityDeps } from '@/lib/activity/sync-activity';
import { getConfig, type AppConfig } from '@/lib/env';
import { CompanyProfileRepository } from '@/lib/firestore/company-profile-repository';
import { AuditLogRepository } from '@/lib/firestore/audit-log-repository';
import { BackfillRepository } from '@/lib/firestore/backfill-repository';
import { EventRepository } from '@/lib/firestore/event-repository';
import { HouseItemsRepository } from '@/lib/firestore/house-items-repository';
import { JobRepository } from '@/lib/firestore/job-repository';
import { LedgerRepository } from '@/lib/firestore/ledger-repository';
import { SettingsRepository } from '@/lib/firestore/settings-repository';
import { SyncMapsRepository } from '@/lib/firestore/sync-maps-repository';
import { getFirestoreDb } from '@/lib/firestore/firestore-client';
import { OAuthStateRepository } from '@/lib/firestore/oauth-state-repository';
import { QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import { StoreRepository } from '@/lib/firestore/store-repository';
import { createQuickBooksAccess, type QuickBooksAccess } from '@/lib/quickbooks-connection/quickbooks-access';
import { JobQueue } from '@/lib/sync/job-queue';
import { UncachedCompanyProfileRepository, UncachedHouseItemsRepository, UncachedSyncMapsRepository } from '@/lib/sync/reference-mode';

export interface QuickBooksDeps {
  connections: QuickBooksConnectionRepository;
  oauthStates: OAuthStateRepository;
  profiles: CompanyProfileRepository;
  access: QuickBooksAccess;
}

/** What the sync keeps per store: settings, the posting ledger, id maps, house items, the activity log, backfills. */
export interface SyncStores {
  settings: SettingsRepository;
  ledger: LedgerRepository;
  maps: SyncMapsRepository;
  houseItems: HouseItemsRepository;
  audit: AuditLogRepository;
  backfills: BackfillRepository;
}

export interface AppDeps {
  config: AppConfig;
  stores: StoreRepository;
  quickbooks: QuickBooksDeps;
  jobs: JobQueue;
  /**
   * The queue's job records: read directly by the activity views, and written by the backfill for the orders it
   * runs outside the queue (lib/sync/backfill-order-job.ts). Everything else goes through `jobs`.
   */
  jobRecords: JobRepository;
  events: EventRepository;
  sync: SyncStores;
  fetchImpl: typeof fetch;
}

/** What the activity read model needs, from the app's dependencies. */
export function activityDepsOf(deps: AppDeps): SyncActivityDeps {
  return { jobs: deps.jobRecords, ledger: deps.sync.ledger, events: deps.events, audit: deps.sync.audit };
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
      profiles: config.sync.optimizations ? new CompanyProfileRepository(db) : new UncachedCompanyProfileRepository(db),
      access: createQuickBooksAccess(config, connections),
    },
    jobs: new JobQueue({ db, connections }),
    jobRecords: new JobRepository(db),
    events: new EventRepository(db),
    sync: {
      settings: new SettingsRepository(db),
      ledger: new LedgerRepository(db),
      maps: config.sync.optimizations ? new SyncMapsRepository(db) : new UncachedSyncMapsRepository(db),
      houseItems: config.sync.optimizations ? new HouseItemsRepository(db) : new UncachedHouseItemsRepository(db),
      audit: new AuditLogRepository(db),
      backfills: new BackfillRepository(db),
    },
    fetchImpl: fetch,
  };
}
