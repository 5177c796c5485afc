/**
 * In-process mutual exclusion by key, for find-or-create steps that concurrent jobs of one QuickBooks company
 * share (the same customer, the same SKU). Jobs of one realm run only in the process holding the realm's lease
 * (lib/sync/job-queue.ts), so a lock here is enough to keep two orders of the same new customer from both
 * creating it (the second create would collide on DisplayName and come back as a "(BC #id)" twin).
 *
 * withKeys takes every key of a step at once, in sorted order, so two steps sharing several keys (two orders
 * with overlapping SKUs) cannot deadlock. Waiters are served first come, first served.
 */

const tails = new Map<string, Promise<void>>();

/** Runs `work` once no other holder of any of `keys` is running; the keys are free again when it settles. */
export async function withKeys<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
  const unique = [...new Set(keys)].sort();
  const releases: Array<() => void> = [];
  try {
    for (const key of unique) {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      releases.push(() => {
        release();
        // Last in line: forget the key, so the map only holds keys in use.
        if (tails.get(key) === tail) tails.delete(key);
      });
      await previous;
    }
    return await work();
  } finally {
    for (const release of releases) release();
  }
}

/** How many keys are held or awaited right now (tests: nothing leaks). */
export function heldKeyCount(): number {
  return tails.size;
}
