import { RateLimiter } from './rate-limiter';

describe('RateLimiter (fixed windows per store)', () => {
  test('counts down, refuses with X-Retry-After, and starts a new window after windowMs', () => {
    let now = 1_000;
    const limiter = new RateLimiter(() => ({ quota: 2, windowMs: 30_000 }), () => now);
    expect(limiter.take('s').headers['X-Rate-Limit-Requests-Left']).toBe('1');
    now += 10_000;
    const second = limiter.take('s');
    expect([second.allowed, second.headers['X-Rate-Limit-Requests-Left'], second.headers['X-Rate-Limit-Time-Reset-Ms']]).toEqual([true, '0', '20000']);
    now += 5_500;
    const refused = limiter.take('s');
    expect(refused.allowed).toBe(false);
    expect(refused.headers).toEqual({
      'X-Rate-Limit-Time-Window-Ms': '30000',
      'X-Rate-Limit-Time-Reset-Ms': '14500',
      'X-Rate-Limit-Requests-Quota': '2',
      'X-Rate-Limit-Requests-Left': '0',
      'X-Retry-After': '15',
    });
    expect(limiter.take('other').allowed).toBe(true);
    expect(limiter.peek('s').allowed).toBe(false);
    now += 14_500;
    expect(limiter.take('s')).toMatchObject({ allowed: true, headers: { 'X-Rate-Limit-Requests-Left': '1', 'X-Rate-Limit-Time-Reset-Ms': '30000' } });
  });
});
