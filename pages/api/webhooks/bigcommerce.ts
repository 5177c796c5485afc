/**
 * BigCommerce webhooks (every registered scope): verify, persist, enqueue, answer 200 in milliseconds, then
 * nudge the in-process worker. The raw body is read here (signatures are computed over the exact bytes).
 */
import type { NextApiRequest } from 'next';
import { getAppDeps } from '@/lib/app-deps';
import { apiRoute } from '@/lib/http/api-route';
import { logger } from '@/lib/log/logger';
import { runningSyncWorker } from '@/lib/sync/sync-worker';
import { MAX_WEBHOOK_BODY_BYTES, receiveWebhook, WebhookRejectedError } from '@/lib/sync/webhook-intake';

export const config = { api: { bodyParser: false } };

async function readRawBody(req: NextApiRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_WEBHOOK_BODY_BYTES) throw new WebhookRejectedError(413, 'webhook body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export default apiRoute({
  POST: async (req, res) => {
    const result = await receiveWebhook(getAppDeps(), {
      rawBody: await readRawBody(req),
      contentType: req.headers['content-type'],
      headers: req.headers,
    });
    res.status(200).json({ received: true, duplicate: result.duplicate });
    if (result.job && !result.duplicate) void runningSyncWorker()?.kick();
    await result.afterAck?.().catch((error: unknown) => logger.warn('webhook: could not mark the event enqueued (a redelivery will enqueue again)', { storeHash: result.storeHash, error }));
  },
});
