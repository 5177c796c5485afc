/**
 * An order cancelled (or declined) after its QuickBooks document was posted: the document is reversed
 * exactly once, and nothing more is posted for the order afterwards.
 *
 *   open period    → the document is voided (an invoice's payment first: QuickBooks refuses to void an
 *                    invoice with a payment applied);
 *   closed period  → the document's date is on or before the company's book close date, or QuickBooks
 *                    answers 6210 (the profile was stale) → a Credit Memo mirroring the document, dated in
 *                    the first open period (cancellation-mapper), posted exactly once through the ledger.
 *
 * A first create that ended ambiguously (ledger entry still pending) is settled without creating anything:
 * if QuickBooks has the document it is adopted and reversed; if not, the entry is closed and nothing is sent.
 */
import type { AppDeps } from '@/lib/app-deps';
import type { LedgerEntry } from '@/lib/firestore/ledger-repository';
import { qboSql, type QuickBooksClient } from '@/lib/quickbooks/quickbooks-client';
import { QuickBooksClosedPeriodError } from '@/lib/quickbooks/quickbooks-errors';
import type { SalesTransaction } from '@/lib/quickbooks/quickbooks-types';
import type { CompanyFacts } from '@/lib/quickbooks-connection/company-profile';
import { cancellationDocNumber, inClosedPeriod, mapCancellationCreditMemo } from './mappers/cancellation-mapper';
import { storeDate, type StoreTimeZone } from './mappers/document-common';
import { postDocument } from './post-document';

export interface CancellationRun {
  deps: AppDeps;
  storeHash: string;
  realmId: string;
  qbo: QuickBooksClient;
  facts: CompanyFacts;
  docNumberPrefix: string;
  storeTimeZone: StoreTimeZone;
  subject: string;
  orderId: number;
}

export type Reversal = { how: 'voided'; docNumber: string } | { how: 'credited'; docNumber: string; creditMemo: string } | { how: 'nothing-posted' };

type SalesEntity = 'SalesReceipt' | 'Invoice';
type StoredSales = SalesTransaction & { Id: string; SyncToken: string };

export const cancellationLedgerKey = (orderId: number) => `cancel-${orderId}`;

/**
 * Reverses the order's posted (or ambiguously pending) sales document. `payment` is the invoice's posted
 * payment ledger entry, if any.
 */
export async function reverseCancelledOrder(run: CancellationRun, sales: LedgerEntry, payment: LedgerEntry | undefined): Promise<Reversal> {
  const entity = sales.entity as SalesEntity;
  const original = sales.status === 'pending' ? await settlePending(run, sales) : await run.qbo.read<StoredSales>(entity, sales.qboId!);
  if (!original) return { how: 'nothing-posted' };

  if (!inClosedPeriod(original.TxnDate, run.facts.bookCloseDate)) {
    try {
      if (entity === 'Invoice' && payment?.status === 'posted') await voidPayment(run, payment);
      await audit(run, `Void ${entity} ${sales.docNumber} (order cancelled)`);
      const voided = await run.qbo.void<{ SyncToken: string }>(entity, { Id: original.Id, SyncToken: original.SyncToken });
      await run.deps.sync.ledger.markVoided(run.storeHash, sales.key, voided.SyncToken);
      return { how: 'voided', docNumber: sales.docNumber };
    } catch (error) {
      if (!(error instanceof QuickBooksClosedPeriodError)) throw error;
      await audit(run, `QuickBooks refused to void ${entity} ${sales.docNumber}: its period is closed. Reversing it with a credit memo instead.`);
    }
  }
  const creditMemo = await postReversal(run, entity, original);
  await run.deps.sync.ledger.markVoided(run.storeHash, sales.key, original.SyncToken, creditMemo);
  return { how: 'credited', docNumber: sales.docNumber, creditMemo };
}

/** The ambiguous first create: adopt the document if QuickBooks has it, else close the entry unsent. */
async function settlePending(run: CancellationRun, sales: LedgerEntry): Promise<StoredSales | undefined> {
  const entity = sales.entity as SalesEntity;
  const query = entity === 'Invoice' ? qboSql`SELECT * FROM Invoice WHERE DocNumber = ${sales.docNumber}` : qboSql`SELECT * FROM SalesReceipt WHERE DocNumber = ${sales.docNumber}`;
  const [found] = await run.qbo.query<StoredSales>(query);
  if (!found) {
    await run.deps.sync.ledger.markVoided(run.storeHash, sales.key, '');
    await audit(run, `${entity} ${sales.docNumber} was never created in QuickBooks and the order is now cancelled: nothing to post or reverse.`);
    return undefined;
  }
  await audit(run, `An earlier attempt had created ${entity} ${sales.docNumber} (QuickBooks id ${found.Id}); reversing it now that the order is cancelled.`);
  return found;
}

async function voidPayment(run: CancellationRun, payment: LedgerEntry): Promise<void> {
  const current = await run.qbo.read<{ Id: string; SyncToken: string }>('Payment', payment.qboId!);
  await audit(run, `Void Payment ${payment.docNumber} first (QuickBooks won't void an invoice with a payment applied)`);
  const voided = await run.qbo.void<{ SyncToken: string }>('Payment', { Id: current.Id, SyncToken: current.SyncToken });
  await run.deps.sync.ledger.markVoided(run.storeHash, payment.key, voided.SyncToken);
}

async function postReversal(run: CancellationRun, entity: SalesEntity, original: StoredSales): Promise<string> {
  const { payload, expected } = mapCancellationCreditMemo({
    orderId: run.orderId,
    docNumberPrefix: run.docNumberPrefix,
    original,
    originalEntity: entity,
    homeCurrency: run.facts.homeCurrency,
    usSalesTax: run.facts.taxModel !== 'tax-codes',
    cancelledOn: storeDate(new Date().toISOString(), run.storeTimeZone),
    ...(run.facts.bookCloseDate ? { bookCloseDate: run.facts.bookCloseDate } : {}),
  });
  const docNumber = cancellationDocNumber(run.docNumberPrefix, run.orderId);
  await postDocument({ qbo: run.qbo, ledger: run.deps.sync.ledger, audit: run.deps.sync.audit, storeHash: run.storeHash }, run.realmId, {
    key: cancellationLedgerKey(run.orderId),
    orderId: run.orderId,
    subject: run.subject,
    entity: 'CreditMemo',
    docNumber,
    payload,
    expected,
    sourceHash: original.Id,
  });
  return docNumber;
}

function audit(run: CancellationRun, summary: string): Promise<void> {
  return run.deps.sync.audit.append(run.storeHash, { subject: run.subject, type: 'decided', summary }).then(() => undefined);
}
