/**
 * Key rotation: re-seal every stored secret that was sealed with a key other than the active one.
 * SEALED_FIELDS lists where secrets live; a module that stores a new secret adds its location here.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { isSecretBox, needsReseal, openSecret, sealSecret, type KeyRing } from './secret-box';

interface SealedLocation {
  /** Collection group holding the documents. */
  collectionGroup: string;
  fields: string[];
  /** The associated data the field was sealed with. */
  context(documentPath: string, field: string): string;
}

export const SEALED_FIELDS: SealedLocation[] = [
  {
    collectionGroup: 'stores',
    fields: ['accessToken', 'webhookSecret'],
    context: (documentPath, field) => `${documentPath}#${field}`,
  },
  {
    // stores/{hash}/quickbooks/connection (lib/quickbooks-connection/token-manager.ts seals these)
    collectionGroup: 'quickbooks',
    fields: ['accessToken', 'refreshToken'],
    context: (documentPath, field) => `${documentPath}#${field}`,
  },
];

export interface ResealReport {
  scanned: number;
  resealed: number;
  failed: Array<{ path: string; field: string; reason: string }>;
}

export async function resealSecrets(db: Firestore, keyRing: KeyRing, locations = SEALED_FIELDS): Promise<ResealReport> {
  const report: ResealReport = { scanned: 0, resealed: 0, failed: [] };
  for (const location of locations) {
    const snapshot = await db.collectionGroup(location.collectionGroup).get();
    for (const doc of snapshot.docs) {
      report.scanned += 1;
      const updates: Record<string, unknown> = {};
      for (const field of location.fields) {
        const box: unknown = doc.get(field);
        if (!isSecretBox(box) || !needsReseal(box, keyRing)) continue;
        const context = location.context(doc.ref.path, field);
        try {
          updates[field] = sealSecret(openSecret(box, context, keyRing), context, keyRing);
        } catch (error) {
          report.failed.push({ path: doc.ref.path, field, reason: error instanceof Error ? error.message : 'unknown' });
        }
      }
      if (Object.keys(updates).length > 0) {
        // Only write if the box did not change meanwhile (another reseal or a token refresh).
        await doc.ref.update(updates, { lastUpdateTime: doc.updateTime });
        report.resealed += Object.keys(updates).length;
      }
    }
  }
  return report;
}
