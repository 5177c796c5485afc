/**
 * What the worker does with each job: order jobs bring QuickBooks to the order's current state
 * (sync-order.ts); customer jobs push contact and address changes to the QuickBooks customers that stand
 * for the BigCommerce customer (customers are created by their first order, not by their sign-up); backfill
 * jobs advance the store's historical backfill by one page.
 */
import type { AppDeps } from '@/lib/app-deps';
import { bigCommerceClientFor } from '@/lib/app-lifecycle/store-access';
import { readCustomer } from '@/lib/bigcommerce/customer-reader';
import { NotConnectedError } from '@/lib/quickbooks-connection/token-manager';
import { runBackfillPage } from './backfill';
import { updateCustomer } from './customer-resolver';
import type { JobHandler } from './job-queue';
import { syncOrder } from './sync-order';

async function syncCustomer(deps: AppDeps, storeHash: string, customerId: number): Promise<void> {
  const subject = `customer-${customerId}`;
  const store = await deps.stores.getStore(storeHash);
  if (!store || store.cancelledAt) return;
  const connection = await deps.quickbooks.connections.get(storeHash);
  if (!connection || connection.status !== 'connected') throw new NotConnectedError(storeHash);
  const customer = await readCustomer(bigCommerceClientFor(deps.config, store, deps.fetchImpl), customerId);
  if (!customer) {
    await deps.sync.audit.append(storeHash, { subject, type: 'outcome', summary: 'The customer no longer exists in BigCommerce; nothing changed.' });
    return;
  }
  const qbo = deps.quickbooks.access.clientFor(storeHash, connection.realmId);
  const result = await updateCustomer({ qbo, maps: deps.sync.maps, storeHash }, customer);
  await deps.sync.audit.append(storeHash, {
    subject,
    type: 'outcome',
    summary:
      result.status === 'updated'
        ? `Updated QuickBooks customer(s) ${result.qboIds.join(', ')} from BigCommerce.`
        : 'Not in QuickBooks yet: the customer is created with their first posted order.',
  });
}

export function createJobHandler(deps: AppDeps): JobHandler {
  return async (job) => {
    switch (job.kind) {
      case 'order':
        // A backfill asked for this order explicitly (backfill-order-job.ts): its runs, retries included, post it
        // even though it was placed before the start date.
        await syncOrder(deps, job.storeHash, Number(job.subjectId), { ignoreStartDate: job.ignoreStartDate === true });
        return;
      case 'customer':
        await syncCustomer(deps, job.storeHash, Number(job.subjectId));
        return;
      case 'backfill':
        await runBackfillPage(deps, job.storeHash);
        return;
    }
  };
}
