/**
 * Runs once when the Next.js server starts: validate the environment so a misconfigured deployment fails
 * at start-up with the list of what is missing, not on the first merchant's click.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadConfig, ConfigError } = await import('@/lib/env');
  try {
    loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
