import { heldKeyCount, withKeys } from './keyed-lock';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withKeys', () => {
  it('runs holders of the same key one after another, in arrival order, and different keys side by side', async () => {
    const log: string[] = [];
    const step = (name: string, keys: string[], ms: number) =>
      withKeys(keys, async () => {
        log.push(`${name}+`);
        await sleep(ms);
        log.push(`${name}-`);
        return name;
      });
    const results = await Promise.all([step('a', ['sku-1'], 30), step('b', ['sku-1'], 5), step('c', ['sku-2'], 5)]);
    expect(results).toEqual(['a', 'b', 'c']);
    // c did not wait for a; b started only after a finished.
    expect(log.indexOf('c-')).toBeLessThan(log.indexOf('a-'));
    expect(log.indexOf('b+')).toBeGreaterThan(log.indexOf('a-'));
    expect(heldKeyCount()).toBe(0);
  });

  it('never deadlocks on overlapping key sets taken in different orders', async () => {
    let inside = 0;
    let most = 0;
    const step = (keys: string[]) =>
      withKeys(keys, async () => {
        inside += 1;
        most = Math.max(most, inside);
        await sleep(2);
        inside -= 1;
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => step(i % 2 ? ['x', 'y'] : ['y', 'x'])));
    expect(most).toBe(1);
    expect(heldKeyCount()).toBe(0);
  });

  it('frees the keys when the work fails', async () => {
    await expect(withKeys(['k'], async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withKeys(['k'], async () => 'next')).resolves.toBe('next');
    expect(heldKeyCount()).toBe(0);
  });
});
