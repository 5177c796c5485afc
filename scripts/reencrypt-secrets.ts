/**
 * `npm run secrets:reencrypt`: after adding a key to ENCRYPTION_KEYS and making it ENCRYPTION_ACTIVE_KEY_ID,
 * re-seal every stored secret with it. Safe to run repeatedly; prints counts, never secrets.
 */
import { loadEnvConfig } from '@next/env';
import path from 'node:path';

async function main() {
  loadEnvConfig(path.resolve(__dirname, '..'));
  const { getConfig } = await import('../lib/env');
  const { getFirestoreDb } = await import('../lib/firestore/firestore-client');
  const { resealSecrets } = await import('../lib/crypto/reseal-secrets');
  const config = getConfig();
  const report = await resealSecrets(getFirestoreDb(), config.encryption);
  console.log(
    `Active key ${config.encryption.activeKeyId}: scanned ${report.scanned} documents, re-sealed ${report.resealed} secrets, ${report.failed.length} failed.`,
  );
  for (const failure of report.failed) console.error(`  ${failure.path}#${failure.field}: ${failure.reason}`);
  process.exit(report.failed.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
