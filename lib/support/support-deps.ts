/**
 * What the support view's use cases need, built from the validated config. Support routes call getSupportDeps();
 * tests build the same shape against the emulator.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { getConfig, type AppConfig } from '@/lib/env';
import { AuditLogRepository } from '@/lib/firestore/audit-log-repository';
import { EventRepository } from '@/lib/firestore/event-repository';
import { getFirestoreDb } from '@/lib/firestore/firestore-client';
import { JobRepository } from '@/lib/firestore/job-repository';
import { LedgerRepository } from '@/lib/firestore/ledger-repository';
import { QuickBooksConnectionRepository } from '@/lib/firestore/quickbooks-connection-repository';
import { StoreRepository } from '@/lib/firestore/store-repository';
import { SupportRepository } from '@/lib/firestore/support-repository';
import type { SyncActivityDeps } from '@/lib/activity/sync-activity';

export interface SupportDeps extends SyncActivityDeps {
  config: AppConfig;
  stores: StoreRepository;
  connections: QuickBooksConnectionRepository;
  support: SupportRepository;
  jobs: JobRepository;
  ledger: LedgerRepository;
  events: EventRepository;
  audit: AuditLogRepository;
  /** ms since the epoch; injectable for tests. */
  clock: () => number;
}

export function createSupportDeps(config: AppConfig, db: Firestore, clock: () => number = Date.now): SupportDeps {
  return {
    config,
    stores: new StoreRepository(db),
    connections: new QuickBooksConnectionRepository(db),
    support: new SupportRepository(db),
    jobs: new JobRepository(db),
    ledger: new LedgerRepository(db),
    events: new EventRepository(db),
    audit: new AuditLogRepository(db),
    clock,
  };
}

export function getSupportDeps(): SupportDeps {
  return createSupportDeps(getConfig(), getFirestoreDb());
}
