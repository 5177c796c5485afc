import { FaultInjector } from './fault-injection';

describe('FaultInjector', () => {
  it('applies a probability rule to about that share of matching requests, leaving the rest to later rules', () => {
    // A deterministic "random": 0.00, 0.01, … 0.99, repeating — exactly 10 of every 100 draws are < 0.1.
    let draw = 0;
    const injector = new FaultInjector(() => (draw++ % 100) / 100);
    injector.inject({ method: 'POST', path: '/salesreceipt', status: 503, probability: 0.1, times: Number.POSITIVE_INFINITY });
    injector.inject({ method: 'POST', path: '/salesreceipt', status: 429, times: 5 });
    const outcomes = Array.from({ length: 100 }, () => injector.take('POST', '/v3/company/1/salesreceipt', '1')?.status ?? 200);
    expect(outcomes.filter((status) => status === 503)).toHaveLength(10);
    // Requests the 10 % rule let through fall to the next rule (5 × 429), then pass.
    expect(outcomes.filter((status) => status === 429)).toHaveLength(5);
    expect(outcomes.filter((status) => status === 200)).toHaveLength(85);
    // Queries don't match the rule at all.
    expect(injector.take('GET', '/v3/company/1/query', '1')).toBeUndefined();
  });
});
