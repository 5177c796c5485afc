/** What a "Retry" did: how many orders run again, which order numbers were unknown, or why it failed. */
import { Box, Message } from '@bigcommerce/big-design';
import type { ReplayOrders } from '@/lib/client/use-replay-orders';

export function ReplayNotice({ replay }: { replay: Pick<ReplayOrders, 'error' | 'result' | 'dismiss'> }) {
  const { error, result, dismiss } = replay;
  if (error) {
    return (
      <Box marginBottom="medium">
        <Message type="error" header="Could not retry" messages={[{ text: error }]} onClose={dismiss} />
      </Box>
    );
  }
  if (!result) return null;
  const texts = [
    {
      text:
        result.queued === 0
          ? 'Nothing was queued.'
          : `${result.queued} order${result.queued === 1 ? '' : 's'} will sync again within seconds (#${result.orderIds.join(', #')}). Anything already in QuickBooks is not posted twice.`,
    },
    ...(result.unknown.length > 0 ? [{ text: `No sync activity for order${result.unknown.length === 1 ? '' : 's'} #${result.unknown.join(', #')}; nothing was done for ${result.unknown.length === 1 ? 'it' : 'them'}.` }] : []),
  ];
  return (
    <Box marginBottom="medium" role="status">
      <Message type={result.queued > 0 ? 'success' : 'warning'} header={result.queued > 0 ? 'Retry started' : 'Nothing to retry'} messages={texts} onClose={dismiss} />
    </Box>
  );
}
