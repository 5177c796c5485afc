/**
 * "Preview an order": the exact QuickBooks document a chosen BigCommerce order would become now, computed by
 * the same code that posts it, with nothing written anywhere.
 *
 * The posting path resolves the customer, items and house items, creating what QuickBooks lacks and
 * remembering ids in Firestore. A preview runs that path against dry stand-ins: a QuickBooks client whose
 * reads go to QuickBooks but whose writes (create, update, void, batch creates) are answered locally with
 * placeholder ids and listed as "would create", and id-map repositories whose writes are dropped. The
 * stand-ins delegate to the real objects through their prototype, so every read behaves exactly as in a
 * posting.
 */
import { z } from 'zod';
import type { AppDeps } from '@/lib/app-deps';
import type { BatchItem, BatchItemResult, QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import { mapOrderNow } from './sync-order';

export interface PlannedCreate {
  entity: string;
  /** The placeholder id the preview document uses for it. */
  id: string;
  name: string;
}

export type OrderPreview =
  | {
      ok: true;
      orderId: number;
      orderStatus: string;
      entity: 'SalesReceipt' | 'Invoice';
      /** The payload that would be sent, placeholder ids included. */
      document: object;
      expected: { totalCents: number; taxCents: number; currency: string };
      roundingCents?: number;
      /** Customers and items QuickBooks doesn't have yet; posting creates them first. */
      wouldCreate: PlannedCreate[];
      /** Already in QuickBooks: posting again would update it in place (if anything changed), never duplicate it. */
      alreadyPosted?: { entity: string; docNumber: string; qboId?: string; status: string };
    }
  | { ok: false; orderId: number; reason: string };

/** The route's [orderId]: a BigCommerce order number. 0 passes a digits check but is no order (the reader throws). */
export const PreviewOrderIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'an order number')
  .transform(Number)
  .pipe(z.number().int().positive('an order number'));

export async function previewOrder(deps: AppDeps, storeHash: string, orderId: number): Promise<OrderPreview> {
  const planned: PlannedCreate[] = [];
  const dryDeps: AppDeps = {
    ...deps,
    sync: {
      ...deps.sync,
      maps: withoutWrites(deps.sync.maps, ['setCustomer', 'setItem', 'setItems']),
      houseItems: withoutWrites(deps.sync.houseItems, ['set']),
    },
  };
  const result = await mapOrderNow(dryDeps, storeHash, orderId, (qbo) => recordingWrites(qbo, planned));
  if (!result.ok) return { ok: false, orderId, reason: result.reason };
  const { mapped, snapshot, posted } = result;
  return {
    ok: true,
    orderId,
    orderStatus: snapshot.order.status,
    entity: mapped.entity,
    document: mapped.payload,
    expected: mapped.expected,
    ...(mapped.rounding ? { roundingCents: mapped.rounding.cents } : {}),
    wouldCreate: planned,
    ...(posted ? { alreadyPosted: { entity: posted.entity, docNumber: posted.docNumber, status: posted.status, ...(posted.qboId ? { qboId: posted.qboId } : {}) } } : {}),
  };
}

/** A stand-in for `repository` whose named write methods do nothing; everything else is the original. */
export function withoutWrites<T extends object>(repository: T, writes: ReadonlyArray<keyof T>): T {
  const standIn = Object.create(repository) as T;
  for (const method of writes) Object.defineProperty(standIn, method, { value: async () => undefined });
  return standIn;
}

/** A stand-in QuickBooks client: reads are real; writes are answered locally and recorded in `planned`. */
export function recordingWrites(qbo: QuickBooksClient, planned: PlannedCreate[]): QuickBooksClient {
  const standIn = Object.create(qbo) as QuickBooksClient;
  const pretend = (entity: string, payload: object): Record<string, unknown> => {
    const id = `preview-${entity.toLowerCase()}-${planned.length + 1}`;
    const fields = payload as Record<string, unknown>;
    const name = String(fields['DisplayName'] ?? fields['Name'] ?? fields['DocNumber'] ?? entity);
    planned.push({ entity, id, name });
    return { ...fields, Id: id, SyncToken: '0' };
  };
  Object.defineProperties(standIn, {
    create: { value: async (entity: string, payload: object) => pretend(entity, payload) },
    update: { value: async (_entity: string, payload: Record<string, unknown>) => ({ ...payload }) },
    void: { value: async (_entity: string, payload: Record<string, unknown>) => ({ ...payload }) },
    batch: {
      value: async (items: readonly BatchItem[]): Promise<BatchItemResult[]> => {
        const queries = items.filter((item) => item.operation === 'query');
        const answered = queries.length > 0 ? await qbo.batch(queries) : [];
        return items.map((item): BatchItemResult => {
          if (item.operation === 'query') return answered.find((result) => result.bId === item.bId)!;
          const value = item.operation === 'create' ? pretend(item.entity, item.payload) : { ...(item.payload as Record<string, unknown>) };
          return { bId: item.bId, ok: true, value };
        });
      },
    },
  });
  return standIn;
}
