/**
 * firebase-admin, initialised once per process. Production uses a service account (FIREBASE_SERVICE_ACCOUNT_JSON,
 * or Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS or the host's metadata server);
 * local dev and tests use Google's Firestore emulator (FIRESTORE_EMULATOR_HOST), which needs no credentials.
 */
import { applicationDefault, cert, getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { getConfig } from '@/lib/env';

const APP_NAME = 'qbo-sync';

// Next.js bundles each route separately in dev, so a module-level cache would be per route while the
// firebase-admin app registry is per process: keep the one Firestore instance on globalThis.
const holder = globalThis as typeof globalThis & { __qboSyncFirestore?: Firestore };

function initApp(): App {
  const { projectId, emulatorHost, serviceAccountJson } = getConfig().firestore;
  if (emulatorHost) return initializeApp({ projectId }, APP_NAME);
  const credential = serviceAccountJson ? cert(JSON.parse(serviceAccountJson)) : applicationDefault();
  return initializeApp({ projectId, credential }, APP_NAME);
}

export function getFirestoreDb(): Firestore {
  if (!holder.__qboSyncFirestore) {
    const existing = getApps().find((app) => app.name === APP_NAME);
    const db = getFirestore(existing ?? initApp());
    // Optional fields are written as absent rather than failing the whole write (settings are once per instance).
    if (!existing) db.settings({ ignoreUndefinedProperties: true });
    holder.__qboSyncFirestore = db;
  }
  return holder.__qboSyncFirestore;
}
