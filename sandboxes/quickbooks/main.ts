/**
 * `npx tsx sandboxes/quickbooks/main.ts`: a QuickBooks Online stand-in for offline development.
 * Env: QBO_SANDBOX_PORT (3200), QBO_CLIENT_ID, QBO_CLIENT_SECRET, QBO_REDIRECT_URI (comma-separated allowed),
 * optional QBO_REALM_ID (fixed realm id for the seeded company, so stored connections keep working).
 */
import { startQuickBooksSandbox } from './quickbooks-sandbox';

async function main(): Promise<void> {
  const port = Number(process.env.QBO_SANDBOX_PORT ?? 3200);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`QBO_SANDBOX_PORT must be a port number, got ${process.env.QBO_SANDBOX_PORT}`);
  const redirectUris = (process.env.QBO_REDIRECT_URI ?? 'http://localhost:3000/api/quickbooks/callback').split(',').map((u) => u.trim()).filter(Boolean);
  const sandbox = await startQuickBooksSandbox({
    port,
    clientId: process.env.QBO_CLIENT_ID ?? 'sandbox-qbo-client-id',
    clientSecret: process.env.QBO_CLIENT_SECRET ?? 'sandbox-qbo-client-secret',
    redirectUris,
    companies: [{ country: 'US', automatedSalesTax: true, name: 'Sandbox Company_US_1', ...(process.env.QBO_REALM_ID ? { realmId: process.env.QBO_REALM_ID } : {}) }],
  });
  console.log(`QuickBooks sandbox on ${sandbox.url} (realm ${sandbox.realmId})`);
  console.log(`  authorize (consent): ${sandbox.authorizeUrl}`);
  console.log(`  token endpoint:      ${sandbox.tokenUrl}`);
  console.log(`  revoke endpoint:     ${sandbox.revokeUrl}`);
  console.log(`  API base:            ${sandbox.apiBaseUrl}`);
  console.log(`  JWKS / userinfo:     ${sandbox.jwksUrl} · ${sandbox.userInfoUrl}`);
  console.log(`  state:               ${sandbox.url}/__sandbox/state`);
  console.log(`  redirect URIs:       ${redirectUris.join(', ')}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the QuickBooks sandbox…`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
