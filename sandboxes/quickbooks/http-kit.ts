/**
 * Request/response helpers on plain node:http: a bounded body reader and a JSON writer that renders money
 * fields with two decimals like Intuit ("TotalAmt": 30.00), which JSON.stringify alone cannot do.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './json';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readText(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new HttpError(413, 'request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Form or JSON body as flat strings (token and revoke endpoints accept both). */
export function parseFlatBody(text: string, contentType: string | undefined): Record<string, string> {
  if (!text.trim()) return {};
  if ((contentType ?? '').includes('json') || text.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
        return out;
      }
    } catch {
      return {};
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Fields Intuit renders as money (2 decimals). Rates, quantities and unit prices keep their precision. */
const MONEY_KEYS = new Set([
  'Amount', 'TotalAmt', 'HomeTotalAmt', 'Balance', 'HomeBalance', 'TotalTax', 'UnappliedAmt', 'NetAmountTaxable',
  'RemainingCredit', 'BalanceWithJobs', 'CurrentBalance', 'CurrentBalanceWithSubAccounts', 'TaxInclusiveAmount',
  'OverrideDeltaAmount', 'Deposit', 'OpenBalance',
]);
const MARK = '\u0001';
const MARKED = /"\\u0001(-?\d+\.\d\d)"/g;

export function stringifyQbo(value: Json | object): string {
  return JSON.stringify(value, (key, v: unknown) => (MONEY_KEYS.has(key) && typeof v === 'number' && Number.isFinite(v) ? `${MARK}${v.toFixed(2)}` : v)).replace(MARKED, '$1');
}

export function sendRaw(res: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: Json | object, headers: Record<string, string> = {}): void {
  sendRaw(res, status, stringifyQbo(body), 'application/json;charset=UTF-8', headers);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  sendRaw(res, status, html, 'text/html; charset=utf-8', { 'Cache-Control': 'no-store' });
}

export function redirect(res: ServerResponse, location: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0 });
  res.end();
}
