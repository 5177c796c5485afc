/**
 * firebase-admin, initialised once per process. Production uses a service account (FIREBASE_SERVICE_ACCOUNT_JSON,
 * or Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS or the host's metadata server);
 * local dev and tests use Google's Firestore emulator (FIRESTORE_EMULATOR_HOST), which needs no credentials.
 */
import { applicationDefault, cert, getApps, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { getConfig } from '@/lib/env';

const APP_NAME = 'qbo-sync';

let db: Firestore | undefined;

function initApp(): App {
  const existing = getApps().find((app) => app.name === APP_NAME);
  if (existing) return existing;
  const { projectId, emulatorHost, serviceAccountJson } = getConfig().firestore;
  if (emulatorHost) return initializeApp({ projectId }, APP_NAME);
  const credential = serviceAccountJson ? cert(JSON.parse(serviceAccountJson)) : applicationDefault();
  return initializeApp({ projectId, credential }, APP_NAME);
}

export function getFirestoreDb(): Firestore {
  if (!db) {
    db = getFirestore(initApp());
    // Optional fields are written as absent rather than failing the whole write.
    db.settings({ ignoreUndefinedProperties: true });
  }
  return db;
}
