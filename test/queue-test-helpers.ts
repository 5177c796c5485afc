/** Working the sync queue from integration tests, the way the in-process worker does, but on demand. */
import { getAppDeps } from '@/lib/app-deps';
import { createJobHandler } from '@/lib/sync/job-handler';
import { JobQueue } from '@/lib/sync/job-queue';
import { getTestDb } from '@/test/firestore-test-helpers';
import type { AppHarness } from '@/test/app-harness';

/**
 * Every webhook delivered, then worker passes until the store's queue has nothing due. Retries come back
 * after milliseconds instead of seconds (same queue, shorter backoff), so failure scenarios finish quickly.
 */
export async function drainQueue(harness: AppHarness, storeHash: string, passes = 5, clock: () => number = Date.now): Promise<void> {
  await harness.sandbox.webhooksIdle();
  const deps = getAppDeps();
  const queue = new JobQueue({ db: getTestDb(), connections: deps.quickbooks.connections, backoff: { baseMs: 20, capMs: 100 }, clock });
  const handler = createJobHandler(deps);
  for (let pass = 0; pass < passes; pass += 1) {
    const summary = await queue.runDue({ handler });
    if (summary.claimed === 0 && summary.retried === 0) {
      const pending = (await queue.counts(storeHash)).pending;
      if (pending === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
  }
}
