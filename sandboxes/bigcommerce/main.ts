/**
 * `npm run sandbox:bigcommerce`: a BigCommerce stand-in for offline development.
 * Env: BC_SANDBOX_PORT (3100), BC_CLIENT_ID, BC_CLIENT_SECRET, APP_URL (http://localhost:3000),
 * optional BC_STORE_HASH (fixed seed store hash, so an app's stored tokens keep pointing at it).
 */
import { startBigCommerceSandbox } from './bigcommerce-sandbox';

async function main(): Promise<void> {
  const appUrl = (process.env.APP_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const port = Number(process.env.BC_SANDBOX_PORT ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`BC_SANDBOX_PORT must be a port number, got ${process.env.BC_SANDBOX_PORT}`);
  const sandbox = await startBigCommerceSandbox({
    port,
    ...(process.env.BC_STORE_HASH ? { storeHash: process.env.BC_STORE_HASH } : {}),
    app: {
      name: 'QuickBooks Sync (local)',
      clientId: process.env.BC_CLIENT_ID ?? 'sandbox-client-id',
      clientSecret: process.env.BC_CLIENT_SECRET ?? 'sandbox-client-secret',
      authCallbackUrl: `${appUrl}/api/bigcommerce/auth`,
      loadCallbackUrl: `${appUrl}/api/bigcommerce/load`,
      uninstallCallbackUrl: `${appUrl}/api/bigcommerce/uninstall`,
      removeUserCallbackUrl: `${appUrl}/api/bigcommerce/remove-user`,
    },
  });
  console.log(`BigCommerce sandbox on ${sandbox.url} (store ${sandbox.storeHash})`);
  console.log(`  login/API base:  ${sandbox.loginUrl}`);
  console.log(`  control panel:   ${sandbox.controlPanelUrl()}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the BigCommerce sandbox…`);
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
