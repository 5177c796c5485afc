/**
 * Builds the dependencies use cases need from the validated config. API routes call this; tests build
 * their own with the same shape.
 */
import { getConfig, type AppConfig } from '@/lib/env';
import { getFirestoreDb } from '@/lib/firestore/firestore-client';
import { StoreRepository } from '@/lib/firestore/store-repository';

export interface AppDeps {
  config: AppConfig;
  stores: StoreRepository;
  fetchImpl: typeof fetch;
}

export function getAppDeps(): AppDeps {
  return { config: getConfig(), stores: new StoreRepository(getFirestoreDb()), fetchImpl: fetch };
}
