/**
 * jest globalTeardown: stops the emulator test/global-setup.ts started (and declared on globalThis). No export:
 * test data is disposable.
 */
export default async function globalTeardown(): Promise<void> {
  const emulator = globalThis.__firestoreEmulator;
  globalThis.__firestoreEmulator = undefined;
  await emulator?.stop();
}
