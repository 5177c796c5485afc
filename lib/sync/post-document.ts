/**
 * Exactly-once creation of one QuickBooks document, guarded by the ledger:
 *
 *   1. begin: a `pending` ledger entry with a deterministic requestid exists before anything is sent;
 *   2. an entry that was already pending (an earlier attempt timed out, got a 5xx, or its process died) means
 *      the document may exist: look it up by DocNumber first and adopt it if found;
 *   3. create with the requestid (QuickBooks answers a repeated requestid with the original response);
 *   4. verify what QuickBooks stored against what BigCommerce charged, to the cent;
 *   5. record the id, SyncToken, DocNumber and totals.
 *
 * An ambiguous failure in 3 is rethrown (the queue retries with backoff) and lands in 2 next time; a total
 * that QuickBooks computed differently is recorded and reported as needing attention, never accepted silently.
 */
import type { AuditLogRepository } from '@/lib/firestore/audit-log-repository';
import type { LedgerEntity, LedgerEntry, LedgerRepository } from '@/lib/firestore/ledger-repository';
import { formatMinor, parseMinor } from '@/lib/money/money';
import { qboSql, type QuickBooksClient, type QuickBooksQuery } from '@/lib/quickbooks/quickbooks-client';
import { NeedsAttentionError } from './job-errors';

export interface PostDocumentDeps {
  qbo: QuickBooksClient;
  ledger: LedgerRepository;
  audit: AuditLogRepository;
  storeHash: string;
}

export interface DocumentToPost {
  key: string;
  orderId: number;
  subject: string;
  entity: LedgerEntity;
  docNumber: string;
  payload: object;
  expected: { totalCents: number; taxCents?: number; currency: string };
  /** Fingerprint of the BigCommerce data behind the payload (edits after posting compare it). */
  sourceHash: string;
  /** How to find this document if an earlier attempt created it (default: by DocNumber; Payments need one). */
  findExisting?: (qbo: QuickBooksClient) => Promise<StoredDocument | undefined>;
}

export interface StoredDocument {
  Id: string;
  SyncToken: string;
  DocNumber?: string;
  TotalAmt?: number;
  TxnTaxDetail?: { TotalTax?: number };
}

const amountOf = (value: number | undefined, currency: string) => parseMinor(value ?? 0, currency);

/** Documents we may have created already, by DocNumber (every sales entity we post is filterable by it). */
const BY_DOC_NUMBER: Record<Exclude<LedgerEntity, 'Payment'>, (docNumber: string) => QuickBooksQuery> = {
  SalesReceipt: (docNumber) => qboSql`SELECT * FROM SalesReceipt WHERE DocNumber = ${docNumber}`,
  Invoice: (docNumber) => qboSql`SELECT * FROM Invoice WHERE DocNumber = ${docNumber}`,
  RefundReceipt: (docNumber) => qboSql`SELECT * FROM RefundReceipt WHERE DocNumber = ${docNumber}`,
  CreditMemo: (docNumber) => qboSql`SELECT * FROM CreditMemo WHERE DocNumber = ${docNumber}`,
};

async function lookUp(qbo: QuickBooksClient, document: DocumentToPost): Promise<StoredDocument | undefined> {
  if (document.findExisting) return document.findExisting(qbo);
  if (document.entity === 'Payment') return undefined;
  return (await qbo.query<StoredDocument>(BY_DOC_NUMBER[document.entity](document.docNumber)))[0];
}

export async function postDocument(deps: PostDocumentDeps, realmId: string, document: DocumentToPost): Promise<LedgerEntry> {
  const { qbo, ledger, audit, storeHash } = deps;
  const { entry, resumed } = await ledger.begin(storeHash, {
    key: document.key,
    orderId: document.orderId,
    realmId,
    entity: document.entity,
    docNumber: document.docNumber,
  });
  if (entry.status === 'posted') return entry;

  let stored: StoredDocument | undefined;
  if (resumed) {
    stored = await lookUp(qbo, document);
    if (stored) {
      await audit.append(storeHash, {
        subject: document.subject,
        type: 'decided',
        summary: `An earlier attempt had already created ${document.entity} ${document.docNumber} (QuickBooks id ${stored.Id}); adopted it instead of posting again.`,
      });
    }
  }
  if (!stored) {
    // The request is written to the timeline while it is sent (the ledger entry, not this, guards against twins).
    const [, created] = await Promise.all([
      audit.append(storeHash, {
        subject: document.subject,
        type: 'quickbooks-request',
        summary: `Create ${document.entity} ${document.docNumber}`,
        detail: document.payload,
      }),
      qbo.create<StoredDocument>(document.entity, document.payload, { requestId: entry.requestId }),
    ]);
    stored = created;
    await audit.append(storeHash, {
      subject: document.subject,
      type: 'quickbooks-response',
      summary: `${document.entity} ${document.docNumber} created: QuickBooks id ${stored.Id}, total ${stored.TotalAmt ?? '—'}`,
      detail: { Id: stored.Id, SyncToken: stored.SyncToken, DocNumber: stored.DocNumber, TotalAmt: stored.TotalAmt, TxnTaxDetail: stored.TxnTaxDetail },
    });
  }

  const { currency } = document.expected;
  const totalCents = amountOf(stored.TotalAmt, currency);
  const taxCents = amountOf(stored.TxnTaxDetail?.TotalTax, currency);
  await ledger.markPosted(storeHash, document.key, {
    qboId: stored.Id,
    syncToken: stored.SyncToken,
    totalCents,
    taxCents,
    currency,
    sourceHash: document.sourceHash,
  });
  const totalsDiffer = totalCents !== document.expected.totalCents;
  const taxDiffers = document.expected.taxCents !== undefined && taxCents !== document.expected.taxCents;
  if (totalsDiffer || taxDiffers) {
    throw new NeedsAttentionError(
      `${document.entity} ${document.docNumber} was posted, but QuickBooks shows total ${formatMinor(totalCents, currency)} ` +
        `and tax ${formatMinor(taxCents, currency)} where BigCommerce charged ${formatMinor(document.expected.totalCents, currency)}` +
        `${document.expected.taxCents !== undefined ? ` and tax ${formatMinor(document.expected.taxCents, currency)}` : ''}. ` +
        'Check the tax and discount settings for this order in QuickBooks.',
    );
  }
  return { ...entry, status: 'posted', qboId: stored.Id, syncToken: stored.SyncToken, totalCents, taxCents, currency };
}
