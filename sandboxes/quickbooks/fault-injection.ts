/**
 * Scripted failures for resilience tests: for the next N requests matching realm / method / path, answer
 * with a chosen status or Intuit fault, add latency, reset the connection before processing, or — the
 * ambiguous case clients must survive — "commit, then drop": apply the write, then destroy the socket or
 * answer 504, so the client can't tell whether it happened.
 */
import type { Json } from './json';

export interface FaultRule {
  /** Only requests for this realm (v3 API); omit for any. */
  realmId?: string;
  /** HTTP method, case-insensitive; omit for any. */
  method?: string;
  /** Matched against the URL path: a RegExp, or a string that is a substring (case-insensitive) or a glob with `*`. */
  path?: string | RegExp;
  /** How many matching requests the rule applies to (default 1). Infinity (or -1 over HTTP) = until cleared. */
  times?: number;
  /** Applies to a matching request with this chance (0 < p ≤ 1, default 1): "10 % of creates fail". */
  probability?: number;
  /** Answer with this status without processing the request. */
  status?: number;
  /** Intuit fault for the answer (code/message/detail); default depends on the status. */
  fault?: { code: string; message?: string; detail?: string; type?: string };
  /** Raw JSON body instead of a fault. */
  body?: Json;
  /** Extra delay before answering (alone: the request is processed normally, just slower). */
  latencyMs?: number;
  /** Process (commit) the request, then drop the response: 'destroy' the socket or answer '504'. */
  commitThenDrop?: 'destroy' | '504';
  /** Destroy the connection before processing anything. */
  reset?: boolean;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  matcher: (path: string) => boolean;
}

function pathMatcher(pattern: FaultRule['path']): (path: string) => boolean {
  if (pattern === undefined) return () => true;
  if (pattern instanceof RegExp) return (path) => pattern.test(path);
  const lower = pattern.toLowerCase();
  if (!lower.includes('*')) return (path) => path.toLowerCase().includes(lower);
  const regex = new RegExp(`^${lower.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (path) => regex.test(path.toLowerCase());
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  /** How many requests each kind of fault has hit (for assertions). */
  fired = 0;

  /** `random`: [0, 1), for probability rules (injectable for tests). */
  constructor(private readonly random: () => number = Math.random) {}

  inject(rule: FaultRule): void {
    const times = rule.times === undefined ? 1 : rule.times < 0 ? Infinity : rule.times;
    if (!(times > 0)) return;
    this.rules.push({ rule, remaining: times, matcher: pathMatcher(rule.path) });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule, times: r.remaining }));
  }

  /** The first rule matching this request, consumed by one use. */
  take(method: string, path: string, realmId: string | undefined): FaultRule | undefined {
    const index = this.rules.findIndex(({ rule, matcher }) =>
      (rule.method === undefined || rule.method.toUpperCase() === method.toUpperCase()) &&
      (rule.realmId === undefined || rule.realmId === realmId) &&
      matcher(path) &&
      (rule.probability === undefined || this.random() < rule.probability));
    const active = this.rules[index];
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules.splice(index, 1);
    this.fired += 1;
    return active.rule;
  }
}
