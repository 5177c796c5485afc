/**
 * The merchant's sync activity inside the iframe: the shared read model (lib/activity/sync-activity.ts), scoped to
 * the session's store by the caller, with one addition the merchant needs to read the books right: a voided
 * document that QuickBooks could not void (closed period) says which credit memo reversed it instead
 * (`reversedBy` on the ledger entry). Only voided documents cost the extra read.
 */
import {
  ActivityNotFoundError,
  getOrderTimeline,
  listSyncActivity,
  type ActivityDocument,
  type ActivityItem,
  type ActivityQuery,
  type OrderTimeline,
  type SyncActivityDeps,
} from './sync-activity';

export interface MerchantActivityDocument extends ActivityDocument {
  /** DocNumber of the credit memo that reversed this (voided) document, when it could not be voided itself. */
  reversedBy?: string;
}

export interface MerchantActivityItem extends Omit<ActivityItem, 'document'> {
  document?: MerchantActivityDocument;
}

export interface MerchantActivityPage {
  items: MerchantActivityItem[];
  nextCursor?: string;
}

export interface MerchantOrderTimeline extends Omit<OrderTimeline, 'job' | 'documents'> {
  job?: MerchantActivityItem;
  documents: MerchantActivityDocument[];
}

async function reversals(deps: SyncActivityDeps, storeHash: string, documents: readonly ActivityDocument[]): Promise<Map<string, string>> {
  const voided = documents.filter((document) => document.status === 'voided').map((document) => document.key);
  const entries = await deps.ledger.getMany(storeHash, [...new Set(voided)]);
  const reversedBy = new Map<string, string>();
  for (const [key, entry] of entries) if (entry.reversedBy) reversedBy.set(key, entry.reversedBy);
  return reversedBy;
}

function marked(document: ActivityDocument, reversedBy: Map<string, string>): MerchantActivityDocument {
  const by = reversedBy.get(document.key);
  return by ? { ...document, reversedBy: by } : document;
}

function markItem(item: ActivityItem, reversedBy: Map<string, string>): MerchantActivityItem {
  return item.document ? { ...item, document: marked(item.document, reversedBy) } : item;
}

export async function listMerchantActivity(deps: SyncActivityDeps, storeHash: string, query: ActivityQuery): Promise<MerchantActivityPage> {
  const page = await listSyncActivity(deps, storeHash, query);
  const reversedBy = await reversals(
    deps,
    storeHash,
    page.items.flatMap((item) => (item.document ? [item.document] : [])),
  );
  return { ...page, items: page.items.map((item) => markItem(item, reversedBy)) };
}

/** One order's timeline, or undefined when the store has no sync activity for it. */
export async function findMerchantOrderTimeline(deps: SyncActivityDeps, storeHash: string, orderId: number): Promise<MerchantOrderTimeline | undefined> {
  let timeline: OrderTimeline;
  try {
    timeline = await getOrderTimeline(deps, storeHash, orderId);
  } catch (error) {
    if (error instanceof ActivityNotFoundError) return undefined;
    throw error;
  }
  const reversedBy = await reversals(deps, storeHash, [...timeline.documents, ...(timeline.job?.document ? [timeline.job.document] : [])]);
  const { job, documents, ...rest } = timeline;
  return {
    ...rest,
    ...(job ? { job: markItem(job, reversedBy) } : {}),
    documents: documents.map((document) => marked(document, reversedBy)),
  };
}
