/**
 * BigCommerce webhook intake: verify, persist, enqueue, answer, in milliseconds. Work happens later in the
 * worker (thin payloads: the worker re-reads the current record anyway).
 *
 *  1. envelope: JSON with scope, producer "stores/{hash}", hash, created_at, data (else 400, nothing written);
 *  2. store: the producer's store must be installed (else 401); the per-store secret header BigCommerce echoes
 *     is compared in constant time (missing → 401, wrong → 403); Standard Webhooks signature verified when the
 *     headers are present (bad or stale → 401);
 *  3. persist: stores/{hash}/events/{event id} (payload hash + scope + event time: a redelivery is recognised),
 *     then the job the event concerns is enqueued (repeats coalesce into one job), then the event is marked
 *     enqueued. A crash between the two leaves an event not yet enqueued: its redelivery enqueues it.
 *
 * Orders, their refunds and their status changes all drive one job per order ("bring QuickBooks to this order's
 * current state"), so events arriving out of order or a refund before its order cannot post things twice or
 * in the wrong order. Customers and their addresses drive one job per customer.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import { openWebhookSecret } from '@/lib/app-lifecycle/store-access';
import { WEBHOOK_SECRET_HEADER } from '@/lib/bigcommerce/webhook-registration';
import type { JobKind } from '@/lib/firestore/job-repository';
import type { StoreRecord } from '@/lib/firestore/store-repository';
import { logger } from '@/lib/log/logger';

export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export class WebhookRejectedError extends Error {
  constructor(
    public readonly status: 400 | 401 | 403 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRejectedError';
  }
}

const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/).transform(Number)]);

/** The last second a Firestore Timestamp holds (9999-12-31T23:59:59Z): created_at becomes one. */
const LAST_TIMESTAMP_SECONDS = 253_402_300_799;
const MAX_DATA_DEPTH = 8;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `data` is stored as sent (the event document), so it must be something Firestore takes: field names non-empty,
 * at most 1,500 bytes and not `__…__`, no array directly inside an array, not nested deeper than a few levels,
 * strings that are valid UTF-16. BigCommerce's own payloads are ids a level or two deep; anything else is refused
 * as malformed (400) instead of failing the write (500, and BigCommerce retrying it for two days).
 */
export function isStorableWebhookData(value: unknown, depth = 0, insideArray = false): boolean {
  if (typeof value === 'string') return !LONE_SURROGATE.test(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth >= MAX_DATA_DEPTH) return false;
  if (Array.isArray(value)) return !insideArray && value.every((item) => isStorableWebhookData(item, depth + 1, true));
  return Object.entries(value).every(
    ([key, item]) =>
      key !== '' &&
      Buffer.byteLength(key, 'utf8') <= 1_500 &&
      !/^__.*__$/.test(key) &&
      !LONE_SURROGATE.test(key) &&
      isStorableWebhookData(item, depth + 1, false),
  );
}

const Envelope = z.object({
  scope: z.string().regex(/^store\/[A-Za-z/_]{1,80}$/), // camelCase: store/order/statusUpdated
  store_id: z.union([z.string(), z.number()]).optional(),
  producer: z.string().regex(/^stores\/[a-z0-9]{1,64}$/),
  created_at: z.number().int().nonnegative().max(LAST_TIMESTAMP_SECONDS),
  hash: z.string().regex(/^[a-f0-9]{40}$/i),
  data: z.record(z.string(), z.unknown()).refine((data) => isStorableWebhookData(data), { message: 'not a storable payload' }),
});
export type WebhookEnvelope = z.infer<typeof Envelope>;

const OrderData = z.object({ id: numericId });
const CustomerData = z.object({ id: numericId });
const AddressData = z.object({ address: z.object({ customer_id: numericId }) });

/** The job a scope drives, or undefined for scopes we accept and only record. */
export function jobForEvent(envelope: WebhookEnvelope): { kind: JobKind; subjectId: string } | undefined {
  const { scope, data } = envelope;
  if (scope.startsWith('store/order/')) return { kind: 'order', subjectId: String(OrderData.parse(data).id) };
  if (scope.startsWith('store/customer/address/')) {
    return { kind: 'customer', subjectId: String(AddressData.parse(data).address.customer_id) };
  }
  if (scope === 'store/customer/created' || scope === 'store/customer/updated') {
    return { kind: 'customer', subjectId: String(CustomerData.parse(data).id) };
  }
  return undefined;
}

export interface IntakeRequest {
  rawBody: Buffer;
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

export interface IntakeResult {
  storeHash: string;
  duplicate: boolean;
  job?: { kind: JobKind; subjectId: string };
  /**
   * Bookkeeping that may run after the 200 (the job is already durable): marks the event enqueued, so a
   * redelivery is recognised as a duplicate. If it never runs, a redelivery enqueues again, which coalesces.
   */
  afterAck?: () => Promise<void>;
}

/**
 * Store records of recent webhooks, for at most STORE_CACHE_MS: a burst of webhooks for one store reads it once.
 * Only a match is trusted from the cache; an unknown store or a secret that doesn't match is re-read (a reinstall
 * rotates the secret) before anything is refused.
 */
const STORE_CACHE_MS = 10_000;
const STORE_CACHE_MAX = 5_000;
const storeCache = new Map<string, { store: StoreRecord; at: number }>();

async function storeFor(deps: AppDeps, storeHash: string, fresh: boolean): Promise<StoreRecord | undefined> {
  const cached = storeCache.get(storeHash);
  if (!fresh && cached && Date.now() - cached.at < STORE_CACHE_MS) return cached.store;
  const store = await deps.stores.getStore(storeHash);
  if (store) {
    if (storeCache.size >= STORE_CACHE_MAX) storeCache.clear();
    storeCache.set(storeHash, { store, at: Date.now() });
  } else {
    storeCache.delete(storeHash);
  }
  return store;
}

const header = (headers: IntakeRequest['headers'], name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function sameSecret(given: string, expected: string): boolean {
  // Hash first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Standard Webhooks (HMAC-SHA256 of "id.timestamp.body", keyed with the app's client secret). */
function verifySignature(request: IntakeRequest, clientSecret: string, now: number): void {
  const id = header(request.headers, 'webhook-id');
  const timestamp = header(request.headers, 'webhook-timestamp');
  const signatures = header(request.headers, 'webhook-signature');
  if (id === undefined && timestamp === undefined && signatures === undefined) return;
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookRejectedError(401, 'incomplete webhook signature headers');
  }
  if (Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new WebhookRejectedError(401, 'webhook signature timestamp outside the allowed window');
  }
  const expected = createHmac('sha256', clientSecret)
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), request.rawBody]))
    .digest();
  const valid = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new WebhookRejectedError(401, 'webhook signature does not match');
}

function parseEnvelope(request: IntakeRequest): WebhookEnvelope {
  if (request.rawBody.length > MAX_WEBHOOK_BODY_BYTES) throw new WebhookRejectedError(413, 'webhook body too large');
  const type = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new WebhookRejectedError(415, 'webhooks must be application/json');
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw new WebhookRejectedError(400, 'webhook body is not JSON');
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) throw new WebhookRejectedError(400, 'webhook body is not a BigCommerce webhook');
  return envelope.data;
}

/**
 * The identity of one event. BigCommerce's `hash` is the SHA-1 of `data` alone, and `data` is only ids: every
 * store/order/updated of one order has the same hash. Scope and event time (created_at, which a redelivery
 * repeats) complete it, so redeliveries are recognised and later updates are not mistaken for them.
 */
export function eventIdOf(envelope: Pick<WebhookEnvelope, 'scope' | 'hash' | 'created_at'>): string {
  return createHash('sha256').update(`${envelope.scope}|${envelope.hash.toLowerCase()}|${envelope.created_at}`).digest('hex').slice(0, 40);
}

export async function receiveWebhook(deps: AppDeps, request: IntakeRequest, now = Date.now()): Promise<IntakeResult> {
  const envelope = parseEnvelope(request);
  const storeHash = envelope.producer.slice('stores/'.length);
  const secret = header(request.headers, WEBHOOK_SECRET_HEADER);
  let store = await storeFor(deps, storeHash, false);
  if (!store || !secret || !sameSecret(secret, openWebhookSecret(deps.config, store))) store = await storeFor(deps, storeHash, true);
  if (!store) throw new WebhookRejectedError(401, 'unknown store');
  if (!secret) throw new WebhookRejectedError(401, 'missing webhook secret');
  if (!sameSecret(secret, openWebhookSecret(deps.config, store))) throw new WebhookRejectedError(403, 'wrong webhook secret');
  verifySignature(request, deps.config.bigcommerce.clientSecret, now);

  let job: IntakeResult['job'];
  try {
    job = jobForEvent(envelope);
  } catch {
    throw new WebhookRejectedError(400, `webhook data does not fit ${envelope.scope}`);
  }

  const eventId = eventIdOf(envelope);
  const recorded = await deps.events.record(storeHash, eventId, {
    scope: envelope.scope,
    data: envelope.data,
    createdAt: Timestamp.fromMillis(envelope.created_at * 1000),
    receivedAt: Timestamp.fromMillis(now),
    subject: job ? `${job.kind}-${job.subjectId}` : null,
    enqueued: false,
    expiresAt: Timestamp.fromMillis(now + EVENT_RETENTION_MS),
  });
  if (recorded === 'already-enqueued') return { storeHash, duplicate: true, job };

  if (envelope.scope === 'store/app/uninstalled') {
    // The store itself was cancelled at BigCommerce: stop working for it (the uninstall callback purges data).
    await deps.stores.markCancelled(storeHash, Timestamp.fromMillis(now));
    logger.warn('BigCommerce store cancelled', { storeHash });
  }
  if (job) await deps.jobs.enqueue(storeHash, job);
  return { storeHash, duplicate: false, job, afterAck: () => deps.events.markEnqueued(storeHash, eventId) };
}

/** Events are kept for the activity timeline and pruned by a TTL policy on expiresAt. */
export const EVENT_RETENTION_MS = 30 * 24 * 3_600_000;
