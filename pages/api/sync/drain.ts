/**
 * POST (Authorization: Bearer $SYNC_DRAIN_SECRET): one queue pass for external schedulers on hosts where no
 * process stays up (serverless). 404 when no secret is configured; 401 for a wrong one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { getAppDeps } from '@/lib/app-deps';
import { apiRoute, HttpError } from '@/lib/http/api-route';
import { createJobHandler } from '@/lib/sync/job-handler';

const digest = (value: string) => createHash('sha256').update(value).digest();

export default apiRoute({
  POST: async (req, res) => {
    const deps = getAppDeps();
    const secret = deps.config.sync.drainSecret;
    if (!secret) throw new HttpError(404, 'The drain endpoint is not enabled (set SYNC_DRAIN_SECRET).');
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(secret))) throw new HttpError(401, 'Wrong or missing drain secret.');
    const summary = await deps.jobs.runDue({ handler: createJobHandler(deps), limit: 50 });
    res.status(200).json(summary);
  },
});
