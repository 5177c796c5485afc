/** BigCommerce's fixed order statuses (ids never change; labels are customisable, not here). */
export interface OrderStatus {
  id: number;
  name: string;
  description: string;
  /** sort_order in the control panel (from the spec's count example). */
  sortOrder: number;
}

export const ORDER_STATUSES: readonly OrderStatus[] = [
  { id: 0, name: 'Incomplete', sortOrder: 0, description: 'An incomplete order happens when a shopper reached the payment page, but did not complete the transaction.' },
  { id: 1, name: 'Pending', sortOrder: 1, description: 'Customer started the checkout process, but did not complete it.' },
  { id: 2, name: 'Shipped', sortOrder: 8, description: 'Order has been shipped, but receipt has not been confirmed; seller has used the Ship Items action.' },
  { id: 3, name: 'Partially Shipped', sortOrder: 6, description: 'Only some items in the order have been shipped, due to some products being pre-order only or other reasons.' },
  { id: 4, name: 'Refunded', sortOrder: 11, description: 'Seller has used the Refund action.' },
  { id: 5, name: 'Cancelled', sortOrder: 9, description: 'Seller has cancelled an order, due to a stock inconsistency or other reasons.' },
  { id: 6, name: 'Declined', sortOrder: 10, description: 'Seller has marked the order as declined for lack of manual payment, or other reasons.' },
  { id: 7, name: 'Awaiting Payment', sortOrder: 2, description: 'Customer has completed checkout process, but payment has yet to be confirmed.' },
  { id: 8, name: 'Awaiting Pickup', sortOrder: 5, description: 'Order has been pulled, and is awaiting customer pickup from a seller-specified location.' },
  { id: 9, name: 'Awaiting Shipment', sortOrder: 4, description: 'Order has been pulled and packaged, and is awaiting collection from a shipping provider.' },
  { id: 10, name: 'Completed', sortOrder: 7, description: 'Client has paid for their digital product and their file(s) are available for download.' },
  { id: 11, name: 'Awaiting Fulfillment', sortOrder: 3, description: 'Customer has completed the checkout process and payment has been confirmed.' },
  { id: 12, name: 'Manual Verification Required', sortOrder: 13, description: 'Order is on hold while some aspect needs to be manually confirmed.' },
  { id: 13, name: 'Disputed', sortOrder: 14, description: 'Customer has initiated a dispute resolution process for the PayPal transaction that paid for the order.' },
  { id: 14, name: 'Partially Refunded', sortOrder: 12, description: 'Seller has partially refunded the order.' },
];

export function statusName(id: number): string {
  return ORDER_STATUSES[id]?.name ?? 'Unknown';
}

/** Statuses in which money has been taken. */
export const PAID_STATUS_IDS: ReadonlySet<number> = new Set([2, 3, 8, 9, 10, 11]);
/** Statuses in which the payment is authorised but not captured (or pending for offline methods). */
export const AWAITING_PAYMENT_STATUS_IDS: ReadonlySet<number> = new Set([1, 7, 12]);
