/**
 * stores/{storeHash}/events/{event id}: every BigCommerce webhook event we accepted, keyed by its identity
 * (BigCommerce's payload hash + scope + event time, see eventIdOf: a redelivery maps to the same document). Feeds the per-order activity timeline
 * and is pruned by a TTL policy on `expiresAt` (firestore.indexes.json).
 */
import { FieldValue, type Firestore, type Timestamp } from 'firebase-admin/firestore';
import { storeRef } from './store-repository';

export interface WebhookEvent {
  scope: string;
  data: Record<string, unknown>;
  /** When BigCommerce says it happened. */
  createdAt: Timestamp;
  receivedAt: Timestamp;
  /** The job it drives ("order-123"), or null for events we only record. */
  subject: string | null;
  /** The job was enqueued: a redelivery needs nothing more. */
  enqueued: boolean;
  /** Redeliveries of the same payload seen after the first. */
  redeliveries?: number;
  expiresAt: Timestamp;
}

export type RecordOutcome = 'new' | 'pending-enqueue' | 'already-enqueued';

function eventRef(db: Firestore, storeHash: string, hash: string) {
  return storeRef(db, storeHash).collection('events').doc(hash);
}

export class EventRepository {
  constructor(private readonly db: Firestore) {}

  /** Stores the event once; a redelivery only bumps its counter. */
  async record(storeHash: string, hash: string, event: WebhookEvent): Promise<RecordOutcome> {
    const ref = eventRef(this.db, storeHash, hash);
    try {
      await ref.create(event);
      return 'new';
    } catch (error) {
      if ((error as { code?: number }).code !== 6) throw error; // 6 = ALREADY_EXISTS
    }
    await ref.update({ redeliveries: FieldValue.increment(1) });
    const existing = (await ref.get()).data() as WebhookEvent | undefined;
    // Not yet enqueued: the first delivery is mid-flight or crashed; enqueueing again is harmless (coalesces).
    return existing?.enqueued ? 'already-enqueued' : 'pending-enqueue';
  }

  async markEnqueued(storeHash: string, hash: string): Promise<void> {
    await eventRef(this.db, storeHash, hash).update({ enqueued: true });
  }

  /** The store's most recently received webhook event (single-field index on receivedAt), for webhook health. */
  async lastReceived(storeHash: string): Promise<(WebhookEvent & { hash: string }) | undefined> {
    const snapshot = await storeRef(this.db, storeHash).collection('events').orderBy('receivedAt', 'desc').limit(1).get();
    const doc = snapshot.docs[0];
    return doc ? { hash: doc.id, ...(doc.data() as WebhookEvent) } : undefined;
  }

  /** Events about one subject ("order-123"), oldest first, for the activity timeline. */
  async listForSubject(storeHash: string, subject: string, limit = 100): Promise<Array<WebhookEvent & { hash: string }>> {
    const snapshot = await storeRef(this.db, storeHash)
      .collection('events')
      .where('subject', '==', subject)
      .orderBy('receivedAt', 'asc')
      .limit(limit)
      .get();
    return snapshot.docs.map((doc) => ({ hash: doc.id, ...(doc.data() as WebhookEvent) }));
  }
}
