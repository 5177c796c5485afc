/**
 * How long one Firestore operation takes against the stack's emulator on this machine, idle: the unit most of
 * the app's own latency is made of (an order's run is a dozen or so sequential round trips). Measured from the
 * driver process with firebase-admin, on a scratch collection the app never reads.
 */
import { randomBytes } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { ProductionStack } from '../stack/production-stack';
import { percentiles } from './scenarios';

export interface RoundTrips {
  /** Median ms of one document read, one write, one read-then-write transaction, one small query. */
  readMs: number;
  writeMs: number;
  transactionMs: number;
  queryMs: number;
}

const SAMPLES = 30;

export async function measureFirestoreRoundTrips(stack: ProductionStack): Promise<RoundTrips> {
  const app = initializeApp({ projectId: stack.firestore.projectId }, `bench-round-trips-${randomBytes(4).toString('hex')}`);
  try {
    const db = getFirestore(app);
    db.settings({ host: stack.firestore.host, ssl: false });
    const collection = db.collection('bench-round-trips');
    const doc = collection.doc('probe');
    await doc.set({ n: 0 });
    const median = async (operation: (i: number) => Promise<unknown>) => {
      const times: number[] = [];
      // Two unmeasured rounds first: connection set-up and JIT are not what the app pays per operation.
      for (let i = -2; i < SAMPLES; i += 1) {
        const started = performance.now();
        await operation(i);
        if (i >= 0) times.push(performance.now() - started);
      }
      return Math.round(percentiles(times).p50 * 10) / 10;
    };
    return {
      readMs: await median(() => doc.get()),
      writeMs: await median((i) => doc.set({ n: i })),
      transactionMs: await median(() =>
        db.runTransaction(async (tx) => {
          const current = await tx.get(doc);
          tx.set(doc, { n: Number(current.get('n') ?? 0) + 1 });
        }),
      ),
      queryMs: await median(() => collection.where('n', '>=', 0).limit(5).get()),
    };
  } finally {
    await deleteApp(app);
  }
}
