/**
 * Orders placed in the BigCommerce sandbox and what became of them in the QuickBooks sandbox: when each order
 * was placed, when its sales document came to exist (the sandbox's commit, observed in-process), and what
 * QuickBooks holds at the end (duplicates, missing orders, totals that differ from BigCommerce's by a cent).
 */
import { parseMinor } from '../../lib/money/money';
import { defaultSyncSettings, docNumberFor } from '../../lib/sync/sync-settings';
import { CENT } from '../../sandboxes/bigcommerce/money';
import type { ProductionStack, ProvisionedStore } from '../stack/production-stack';

export interface PlacedOrder {
  storeHash: string;
  realmId: string;
  orderId: number;
  docNumber: string;
  placedAt: number;
  totalCents: number;
}

interface Posting {
  at: number;
  totalCents: number;
}

/** Seeded catalog products without variants (111 Terrarium, 113 Brewer, 114 Chemex, 115 PDF guide). */
const PRODUCTS = [111, 113, 114, 115];
/** Seeded registered customers. */
const CUSTOMERS = [1, 2];

const SALES_DOCUMENTS = new Set(['SalesReceipt', 'Invoice']);

/** Where one order's time went, in ms (see OrderTraffic.phases). */
export interface OrderPhases {
  /** Order placed → its store/order/created webhook sent. */
  webhookSent: number;
  /** The app's answer to that webhook. */
  ack: number;
  /** Ack → the app's first BigCommerce request for the order arrives (queue pickup, claim, run setup). */
  ackToOrderRead: number;
  /** BigCommerce answers (the simulated latency). */
  orderRead: number;
  /** The order's answer → QuickBooks commits the sales document (mapping, ledger, request). */
  readToCommit: number;
  /** QuickBooks answers (the simulated latency). */
  commitAnswer: number;
}

const ORDER_PATH = /^\/v[23]\/orders\/(\d+)(?:\/|$)/;

export class OrderTraffic {
  private readonly postings = new Map<string, Posting[]>();
  /** First BigCommerce request for each order (storeHash/orderId → arrival time). */
  private readonly orderReads = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly prefix = defaultSyncSettings().docNumberPrefix;
  private sequence = 0;

  constructor(private readonly stack: ProductionStack) {
    const stopReads = stack.bc.onRequest((event) => {
      const orderId = ORDER_PATH.exec(event.path)?.[1];
      const key = `${event.storeHash}/${orderId}`;
      if (orderId && !this.orderReads.has(key)) this.orderReads.set(key, event.at);
    });
    const stopCommits = stack.qbo.onCommit((event) => {
      if (!event.created || !SALES_DOCUMENTS.has(event.type)) return;
      const docNumber = typeof event.entity.DocNumber === 'string' ? event.entity.DocNumber : '';
      const key = `${event.realmId}/${docNumber}`;
      const total = typeof event.entity.TotalAmt === 'number' ? parseMinor(event.entity.TotalAmt, 'USD') : Number.NaN;
      this.postings.set(key, [...(this.postings.get(key) ?? []), { at: event.at, totalCents: total }]);
    });
    this.unsubscribe = () => {
      stopReads();
      stopCommits();
    };
  }

  /**
   * One order: a registered customer, one to three catalog lines, shipping and 8.25 % tax, paid (status
   * Awaiting Fulfillment, a posting status). `variant` spreads customers and products over the orders.
   */
  place(store: ProvisionedStore, variant = this.sequence++): PlacedOrder {
    const lineCount = 1 + (variant % 3);
    // The first line is always a physical product (an order of digital goods alone has no shipping).
    const lines = Array.from({ length: lineCount }, (_, index) => ({ product_id: PRODUCTS[((variant % 3) + index) % PRODUCTS.length]!, quantity: 1 + ((variant + index) % 2) }));
    const placedAt = Date.now();
    const order = this.stack.bc.admin.createOrder(store.storeHash, {
      customer_id: CUSTOMERS[variant % CUSTOMERS.length],
      lines,
      shipping: { cost: '7.50' },
      tax: { rate: '8.25' },
      status_id: 11,
      skip_inventory: true,
    });
    const totalUnits = Number(order.totalIncTax);
    if (!Number.isInteger(totalUnits / CENT)) throw new Error(`order ${order.id} total is not whole cents`);
    return { storeHash: store.storeHash, realmId: store.realmId, orderId: order.id, docNumber: docNumberFor({ docNumberPrefix: this.prefix }, order.id), placedAt, totalCents: totalUnits / CENT };
  }

  /** Orders that make every customer and product known to QuickBooks (not measured). */
  warmUp(store: ProvisionedStore): PlacedOrder[] {
    return CUSTOMERS.map((customerId, index) => {
      const placedAt = Date.now();
      const order = this.stack.bc.admin.createOrder(store.storeHash, {
        customer_id: customerId,
        lines: PRODUCTS.map((productId) => ({ product_id: productId, quantity: 1 })),
        shipping: { cost: '7.50' },
        tax: { rate: '8.25' },
        status_id: 11,
        skip_inventory: true,
      });
      return { storeHash: store.storeHash, realmId: store.realmId, orderId: order.id, docNumber: docNumberFor({ docNumberPrefix: this.prefix }, order.id), placedAt: placedAt + index, totalCents: Number(order.totalIncTax) / CENT };
    });
  }

  /**
   * When the app learned its order was posted: QuickBooks committed the document, and its answer (the sandbox
   * adds the simulated latency after committing) reached the app.
   */
  postedAt(order: PlacedOrder): number | undefined {
    const committedAt = this.postings.get(`${order.realmId}/${order.docNumber}`)?.[0]?.at;
    return committedAt === undefined ? undefined : committedAt + this.stack.qbo.state.latencyMs;
  }

  /**
   * Resolves once every order has its document, or (then some are missing) when no new one was posted for
   * stallMs, and at the latest after timeoutMs.
   */
  async waitForPosted(orders: readonly PlacedOrder[], timeoutMs: number, stallMs = timeoutMs): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let posted = -1;
    let progressAt = Date.now();
    for (;;) {
      const now = orders.filter((order) => this.postedAt(order) !== undefined).length;
      if (now === orders.length) return true;
      if (now > posted) {
        posted = now;
        progressAt = Date.now();
      }
      if (Date.now() > deadline || Date.now() - progressAt > stallMs) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * The order's path from placement to posted, phase by phase (undefined until it is posted). Times come from
   * the sandboxes: when the webhook went out and was answered, when the app's first request for the order
   * arrived at BigCommerce, when QuickBooks committed the document.
   */
  phases(order: PlacedOrder): OrderPhases | undefined {
    const committedAt = this.postings.get(`${order.realmId}/${order.docNumber}`)?.[0]?.at;
    const readAt = this.orderReads.get(`${order.storeHash}/${order.orderId}`);
    const created = this.stack.bc.webhooks.log.find(
      (delivery) => delivery.storeHash === order.storeHash && delivery.scope === 'store/order/created' && delivery.payload.data.id === order.orderId,
    );
    const attempt = created?.attempts[0];
    if (committedAt === undefined || readAt === undefined || !attempt) return undefined;
    const bcLatencyMs = this.stack.bc.state.config.latencyMs;
    return {
      webhookSent: attempt.at - order.placedAt,
      ack: attempt.durationMs,
      ackToOrderRead: readAt - (attempt.at + attempt.durationMs),
      orderRead: bcLatencyMs,
      readToCommit: committedAt - (readAt + bcLatencyMs),
      commitAnswer: this.stack.qbo.state.latencyMs,
    };
  }

  /** Duplicates (extra documents for one order, in QuickBooks' final state), missing orders, wrong totals. */
  audit(orders: readonly PlacedOrder[]): { duplicates: number; missing: number; mismatched: number } {
    let duplicates = 0;
    let missing = 0;
    let mismatched = 0;
    const byRealm = new Map<string, Map<string, Array<Record<string, unknown>>>>();
    const documentsOf = (realmId: string) => {
      let documents = byRealm.get(realmId);
      if (!documents) {
        documents = new Map();
        const company = this.stack.qbo.state.company(realmId);
        for (const type of SALES_DOCUMENTS) {
          for (const entity of company.store.list(type)) {
            const docNumber = String(entity.DocNumber ?? '');
            documents.set(docNumber, [...(documents.get(docNumber) ?? []), entity]);
          }
        }
        byRealm.set(realmId, documents);
      }
      return documents;
    };
    for (const order of orders) {
      const found = documentsOf(order.realmId).get(order.docNumber) ?? [];
      if (found.length === 0) {
        missing += 1;
        continue;
      }
      duplicates += found.length - 1;
      if (found.some((entity) => parseMinor(entity.TotalAmt as number, 'USD') !== order.totalCents)) mismatched += 1;
    }
    return { duplicates, missing, mismatched };
  }

  stop(): void {
    this.unsubscribe();
  }
}
