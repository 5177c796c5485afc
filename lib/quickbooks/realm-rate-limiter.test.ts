/**
 * RealmRateLimiter on a fake clock: outcomes (how many ran at once, how many started per window, in which
 * order, what is left in memory), not its internals.
 */
import {
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_MAX_PER_MINUTE,
  RealmRateLimiter,
  sharedRealmRateLimiter,
  type RealmRateLimiterOptions,
} from './realm-rate-limiter';

const WINDOW = 60_000;

/** Lets every pending promise continuation run (setImmediate comes after the microtask queue drains). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A manual clock and timer list shared by the limiter and the tasks under test. */
class FakeTime {
  now = 1_000_000;
  sleepCalls = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  private seq = 0;

  readonly clock = (): number => this.now;

  readonly sleep = (ms: number): Promise<void> => {
    this.sleepCalls += 1;
    return new Promise<void>((resolve) => {
      this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve });
    });
  };

  /** Moves the clock without firing timers: a timer that is late, as real ones can be. */
  jump(ms: number): void {
    this.now += ms;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    await settle();
    for (;;) {
      const next = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.now = next.at;
      next.resolve();
      await settle();
    }
    this.now = target;
    await settle();
  }

  /** Advances in steps until every promise has settled (or fails after maxMs of fake time). */
  async runUntil(done: () => boolean, stepMs: number, maxMs: number): Promise<void> {
    for (let elapsed = 0; !done(); elapsed += stepMs) {
      if (elapsed > maxMs) throw new Error(`still not done after ${maxMs} ms of fake time`);
      await this.advance(stepMs);
    }
  }
}

function limiterOn(time: FakeTime, options: RealmRateLimiterOptions = {}): RealmRateLimiter {
  return new RealmRateLimiter({ clock: time.clock, sleep: time.sleep, ...options });
}

/** Tracks how many tasks run at once. */
class Gauge {
  current = 0;
  max = 0;
  async around<T>(work: () => Promise<T>): Promise<T> {
    this.current += 1;
    this.max = Math.max(this.max, this.current);
    try {
      return await work();
    } finally {
      this.current -= 1;
    }
  }
}

/** Resolves when told to: a task whose end the test controls. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function settledCount(promises: ReadonlyArray<Promise<unknown>>, finished: Set<Promise<unknown>>): () => boolean {
  for (const promise of promises) void promise.then(() => finished.add(promise), () => finished.add(promise));
  return () => finished.size === promises.length;
}

/** The largest number of starts inside any half-open window [t, t + windowMs). */
function maxStartsInAnyWindow(starts: readonly number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let max = 0;
  for (let from = 0, to = 0; from < sorted.length; from += 1) {
    while (to < sorted.length && (sorted[to] ?? 0) < (sorted[from] ?? 0) + windowMs) to += 1;
    max = Math.max(max, to - from);
  }
  return max;
}

describe('RealmRateLimiter', () => {
  it('never runs more than maxConcurrent tasks of a realm at once, and uses all of them', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxConcurrent: 10 });
    const gauge = new Gauge();
    let statsMax = 0;
    const tasks = Array.from({ length: 50 }, (_, index) =>
      limiter.run('realm-1', () =>
        gauge.around(async () => {
          statsMax = Math.max(statsMax, limiter.stats('realm-1').inFlight);
          await time.sleep(5 + (index % 7));
          return index;
        }),
      ),
    );
    await time.runUntil(settledCount(tasks, new Set()), 1, 10_000);
    expect(await Promise.all(tasks)).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(gauge.max).toBe(10);
    expect(statsMax).toBe(10);
    expect(limiter.stats('realm-1')).toEqual({ realmId: 'realm-1', inFlight: 0, startedInWindow: 50, waiting: 0 });
  });

  it('never starts more than maxPerMinute in any window, and waits on a timer rather than polling', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxConcurrent: 100, maxPerMinute: 20 });
    const starts: number[] = [];
    const tasks = Array.from({ length: 70 }, () =>
      limiter.run('realm-1', async () => {
        starts.push(time.now);
      }),
    );
    await settle();
    expect(starts).toHaveLength(20);
    expect(limiter.stats('realm-1')).toEqual({ realmId: 'realm-1', inFlight: 0, startedInWindow: 20, waiting: 50 });
    // One pending wake-up for the whole queue, not one per waiter and not a spinning loop.
    expect(time.pendingTimers).toBe(1);

    await time.runUntil(settledCount(tasks, new Set()), 1_000, 10 * WINDOW);
    await Promise.all(tasks);
    expect(starts).toHaveLength(70);
    expect(maxStartsInAnyWindow(starts, WINDOW)).toBe(20);
    // 70 starts at 20 per window: batches at 0, 1, 2 and 3 windows later, each as soon as the window allows.
    const first = starts[0] ?? 0;
    expect([...new Set(starts)].map((at) => at - first)).toEqual([0, WINDOW, 2 * WINDOW, 3 * WINDOW]);
    expect(time.sleepCalls).toBe(3);
  });

  it('counts a sliding window of start times, not fixed minutes', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxPerMinute: 3 });
    const starts: number[] = [];
    const record = () => limiter.run('realm-1', async () => void starts.push(time.now));
    await record();
    await time.advance(30_000);
    await record();
    await record();
    // Full: the 4th may start only when the first start (at +0) leaves the window, at +60 s.
    const fourth = record();
    await time.advance(29_999);
    expect(starts).toHaveLength(3);
    await time.advance(1);
    await fourth;
    const first = starts[0] ?? 0;
    expect(starts.map((at) => at - first)).toEqual([0, 30_000, 30_000, 60_000]);
  });

  it('serves callers waiting for a slot in arrival order', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxConcurrent: 2 });
    const order: string[] = [];
    const gates = ['first', 'second'].map(() => deferred());
    const running = gates.map((gate, index) =>
      limiter.run('realm-1', async () => {
        order.push(`running-${index}`);
        await gate.promise;
      }),
    );
    const queued = ['a', 'b', 'c', 'd', 'e'].map((name) => limiter.run('realm-1', async () => void order.push(name)));
    await settle();
    expect(limiter.stats('realm-1')).toMatchObject({ inFlight: 2, waiting: 5 });
    gates[1]?.resolve();
    await settle();
    expect(order).toEqual(['running-0', 'running-1', 'a', 'b', 'c', 'd', 'e']);
    gates[0]?.resolve();
    await Promise.all([...running, ...queued]);
  });

  it('never lets a newcomer overtake the queue, even when its wake-up timer is late', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxPerMinute: 1 });
    const order: string[] = [];
    const task = (name: string) => limiter.run('realm-1', async () => void order.push(name));
    await task('a');
    const b = task('b'); // the window is full: b waits for a's start to leave it
    await settle();
    time.jump(WINDOW + 5); // room again, but b's timer has not fired yet
    const c = task('c');
    await settle();
    expect(order).toEqual(['a', 'b']); // c queued behind b instead of taking the free room
    await b;
    await time.advance(WINDOW);
    await c;
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('keeps arrival order when the window, not concurrency, holds callers back', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxPerMinute: 2 });
    const order: number[] = [];
    const tasks = Array.from({ length: 7 }, (_, index) => limiter.run('realm-1', async () => void order.push(index)));
    await time.runUntil(settledCount(tasks, new Set()), WINDOW, 10 * WINDOW);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('releases the slot when a task throws or rejects, and passes the error through', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxConcurrent: 1 });
    const boom = new Error('boom');
    const failing = limiter.run('realm-1', async () => {
      throw boom;
    });
    const throwingSynchronously = limiter.run('realm-1', () => {
      throw new TypeError('not even a promise');
    });
    const after = limiter.run('realm-1', async () => 'ran');
    await expect(failing).rejects.toBe(boom);
    await expect(throwingSynchronously).rejects.toThrow(TypeError);
    await expect(after).resolves.toBe('ran');
    expect(limiter.stats('realm-1')).toMatchObject({ inFlight: 0, waiting: 0, startedInWindow: 3 });
  });

  it('keeps realms independent: a saturated realm delays no other', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxConcurrent: 2, maxPerMinute: 3 });
    const gate = deferred();
    // realm-busy: two tasks hold both slots, one more uses up the window, and more callers queue behind.
    const busy = Array.from({ length: 6 }, () => limiter.run('realm-busy', () => gate.promise));
    await settle();
    expect(limiter.stats('realm-busy')).toMatchObject({ inFlight: 2, waiting: 4 });

    const other = await Promise.all(Array.from({ length: 3 }, (_, index) => limiter.run('realm-other', async () => index)));
    expect(other).toEqual([0, 1, 2]);
    expect(time.now).toBe(1_000_000); // no fake time had to pass

    gate.resolve();
    await settle();
    // realm-busy's window is full (3 starts), so its remaining waiters still wait; realm-other was unaffected.
    expect(limiter.stats('realm-busy')).toMatchObject({ inFlight: 0, startedInWindow: 3, waiting: 3 });
    await time.runUntil(settledCount(busy, new Set()), WINDOW, 5 * WINDOW);
  });

  it('drops the state of realms that went idle, keeping memory bounded', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time, { maxPerMinute: 5 });
    for (const realmId of ['r1', 'r2', 'r3']) {
      await Promise.all(Array.from({ length: 5 }, () => limiter.run(realmId, async () => undefined)));
    }
    expect(limiter.allStats().map((stats) => stats.realmId)).toEqual(['r1', 'r2', 'r3']);

    const sixth = limiter.run('r1', async () => undefined); // waits: r1's window is full
    await time.advance(WINDOW / 2);
    expect(limiter.allStats()).toEqual([
      { realmId: 'r1', inFlight: 0, startedInWindow: 5, waiting: 1 },
      { realmId: 'r2', inFlight: 0, startedInWindow: 5, waiting: 0 },
      { realmId: 'r3', inFlight: 0, startedInWindow: 5, waiting: 0 },
    ]);

    await time.advance(WINDOW / 2);
    await sixth;
    // r2 and r3 are quiet for a full window: gone. r1 started its sixth call just now.
    expect(limiter.allStats()).toEqual([{ realmId: 'r1', inFlight: 0, startedInWindow: 1, waiting: 0 }]);

    await time.advance(WINDOW);
    expect(limiter.allStats()).toEqual([]);
    expect(limiter.trackedRealms).toBe(0);
    expect(limiter.stats('r2')).toEqual({ realmId: 'r2', inFlight: 0, startedInWindow: 0, waiting: 0 });
    expect(time.pendingTimers).toBe(0);
  });

  it('drops idle realms on ordinary use too, without anyone asking for stats', async () => {
    const time = new FakeTime();
    const limiter = limiterOn(time);
    for (let index = 0; index < 100; index += 1) await limiter.run(`realm-${index}`, async () => undefined);
    expect(limiter.trackedRealms).toBe(100);
    await time.advance(WINDOW);
    await limiter.run('realm-new', async () => undefined);
    expect(limiter.trackedRealms).toBe(1);
  });

  it('defaults to 10 concurrent and 480 per minute, and shares one instance per process', () => {
    const limiter = new RealmRateLimiter();
    expect([limiter.maxConcurrent, limiter.maxPerMinute, limiter.windowMs]).toEqual([10, 480, 60_000]);
    expect([DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_PER_MINUTE]).toEqual([10, 480]);
    expect(sharedRealmRateLimiter()).toBe(sharedRealmRateLimiter());
    expect(sharedRealmRateLimiter().maxConcurrent).toBe(10);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => new RealmRateLimiter({ maxConcurrent: 0 })).toThrow(RangeError);
    expect(() => new RealmRateLimiter({ maxPerMinute: 1.5 })).toThrow(RangeError);
    expect(() => new RealmRateLimiter({ windowMs: Number.NaN })).toThrow(RangeError);
  });
});
