/**
 * Shared shapes for the REST routes. Handlers are synchronous functions from a parsed request to a
 * response value, so the pipeline (auth, quota, faults, latency) wraps them all the same way.
 */
import type { AppLifecycle, ScopeFamily } from '../app-lifecycle';
import type { Params } from '../http-kit';
import type { AccessToken, ModelContext, Store } from '../sandbox-state';

export interface RestRequest {
  method: string;
  path: string;
  params: Params;
  query: URLSearchParams;
  body: unknown;
  store: Store;
  token: AccessToken;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RestServices {
  ctx: ModelContext;
  lifecycle: AppLifecycle;
  /** The sandbox origin, for the v2 `url` fields. */
  apiBase(): string;
}

export type ScopeRule = readonly (readonly [ScopeFamily, 'read' | 'write'])[];

export interface RestRoute {
  api: 'v2' | 'v3';
  /** Any one of these grants access; null = no scope needed (hooks use the account's default scope). */
  scopes: ScopeRule | null;
  handle(req: RestRequest, services: RestServices): RestResponse;
}

export const STATUS_DOC = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export function json(body: unknown, status = 200, contentType?: string): RestResponse {
  return { status, body, ...(contentType ? { contentType } : {}) };
}

/** BigCommerce answers empty collections with 204 and no body (v2 lists, v3 transactions). */
export function noContent(): RestResponse {
  return { status: 204 };
}

/** v2 errors are arrays of {status, message}. */
export function v2Error(status: number, message: string): RestResponse {
  return { status, body: [{ status, message }] };
}

/** v3 errors are {status, title, type, errors}. */
export function v3Error(status: number, title: string, errors: Record<string, string> = {}, contentType?: string): RestResponse {
  return { status, body: { status, title, type: STATUS_DOC, errors }, ...(contentType ? { contentType } : {}) };
}

export function apiError(api: 'v2' | 'v3', status: number, message: string): RestResponse {
  return api === 'v2' ? v2Error(status, message) : v3Error(status, message);
}

/** A query problem found while parsing filters: carried up to the handler as an error response. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d{1,15}$/.test(raw)) throw new QueryError(400, `The filter '${name}' must be an integer.`, name);
  return Number(raw);
}

export function intListParam(query: URLSearchParams, name: string): number[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.every((p) => /^\d{1,15}$/.test(p))) throw new QueryError(422, `The filter '${name}' must be a comma-separated list of integers.`, name);
  return parts.map(Number);
}

export function stringListParam(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return raw.split(',').map((p) => p.trim()).filter(Boolean);
}

export function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  // Accepts RFC 2822 and ISO 8601 (both documented for v2 filters) and unix seconds.
  const ms = /^\d{9,11}$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  if (Number.isNaN(ms)) throw new QueryError(400, `The filter '${name}' must be a date in RFC 2822 or ISO 8601 format.`, name);
  return ms;
}

export interface PageParams {
  page: number;
  limit: number;
}

/**
 * page ≥ 1 and 1 ≤ limit ≤ max. v2 clamps an over-large limit (its spec sets no maximum, the docs say 250);
 * v3 endpoints whose spec declares a maximum reject it with 422.
 */
export function pageParams(query: URLSearchParams, defaults: { limit: number; max: number; overMax: 'clamp' | 'reject' }, status = 422): PageParams {
  const page = intParam(query, 'page') ?? 1;
  let limit = intParam(query, 'limit') ?? defaults.limit;
  if (page < 1) throw new QueryError(status, "The filter 'page' must be 1 or more.", 'page');
  if (limit < 1) throw new QueryError(status, "The filter 'limit' must be 1 or more.", 'limit');
  if (limit > defaults.max) {
    if (defaults.overMax === 'reject') throw new QueryError(status, `The filter 'limit' must be ${defaults.max} or less.`, 'limit');
    limit = defaults.max;
  }
  return { page, limit };
}
