import type { AppDeps } from '@/lib/app-deps';
import { isStorableWebhookData, receiveWebhook, WebhookRejectedError } from './webhook-intake';

const envelope = (overrides: Record<string, unknown> = {}) => ({
  scope: 'store/order/updated',
  producer: 'stores/abc123',
  created_at: 1_772_000_000,
  hash: 'a'.repeat(40),
  data: { type: 'order', id: 5 },
  ...overrides,
});

/** The envelope is checked before anything is read or written: deps are never touched for a malformed one. */
async function rejection(body: string): Promise<unknown> {
  const untouchable = new Proxy({}, { get: () => { throw new Error('deps touched'); } }) as AppDeps;
  return receiveWebhook(untouchable, { rawBody: Buffer.from(body, 'utf8'), contentType: 'application/json', headers: {} }).catch((error: unknown) => error);
}

describe('webhook envelope', () => {
  it.each([
    ['created_at past year 9999', JSON.stringify(envelope({ created_at: 1e12 }))],
    ['an empty field name in data', JSON.stringify(envelope({ data: { id: 1, '': 'x' } }))],
    ['a reserved field name in data', JSON.stringify(envelope({ data: { id: 1, __name__: 'x' } }))],
    ['a 1,600-byte field name in data', JSON.stringify(envelope({ data: { id: 1, ['k'.repeat(1_600)]: 'x' } }))],
    ['nested arrays in data', JSON.stringify(envelope({ data: { id: 1, list: [[1], [2]] } }))],
    ['data nested 40 levels deep', JSON.stringify(envelope({ data: { id: 1, deep: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) } }))],
    ['a lone surrogate in data', JSON.stringify(envelope()).replace('"data":{', '"data":{"odd":"\\ud800",')],
  ])('refuses %s with 400 before touching anything (Firestore refused the write: 500)', async (_label, body) => {
    const error = await rejection(body);
    expect(error).toBeInstanceOf(WebhookRejectedError);
    expect((error as WebhookRejectedError).status).toBe(400);
  });

  it('accepts what BigCommerce sends', () => {
    for (const data of [
      { type: 'order', id: 5 },
      { type: 'order', id: 5, status: { previous_status_id: 1, new_status_id: 11 } },
      { type: 'order', id: 5, refund: { refund_id: 3 } },
      { type: 'customer', id: 9, address: { customer_id: 4 } },
      { type: 'product', id: 7, inventory: { product_id: 7, method: 'absolute', value: 3, variant_id: [1, 2] } },
      { note: 'Café ☕️ 👩🏽‍💻 مرحبا', list: [{ inner: [1, 2] }] },
    ]) {
      expect(isStorableWebhookData(data)).toBe(true);
    }
  });
});
