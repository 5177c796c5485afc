/**
 * jest globalSetup: one Firestore emulator for the whole run. Workers are forked after this, so the env vars
 * set here reach every test file. A caller that already runs an emulator (FIRESTORE_EMULATOR_HOST set) keeps it.
 */
import {
  DEFAULT_PROJECT_ID,
  isFirestoreEmulatorUp,
  startFirestoreEmulator,
  type FirestoreEmulator,
} from '../scripts/firestore-emulator';

declare global {
  // Read by test/global-teardown.ts, which runs in the same process.
  var __firestoreEmulator: FirestoreEmulator | undefined;
}

export default async function globalSetup(): Promise<void> {
  // google-gax asks google-auth for the "universe domain" before every new Firestore channel, even against the
  // emulator, and google-auth then probes the GCE metadata server (network, up to seconds when it's blackholed).
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const existing = process.env.FIRESTORE_EMULATOR_HOST;
  if (existing) {
    process.env.FIREBASE_PROJECT_ID ??= DEFAULT_PROJECT_ID;
    // Fail once, clearly, instead of every Firestore test timing out.
    if (!(await isFirestoreEmulatorUp(existing))) {
      throw new Error(`FIRESTORE_EMULATOR_HOST=${existing} is set, but no Firestore emulator answers there`);
    }
    return;
  }
  const emulator = await startFirestoreEmulator({ quiet: true });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  process.env.FIREBASE_PROJECT_ID = emulator.projectId;
  globalThis.__firestoreEmulator = emulator;
}
