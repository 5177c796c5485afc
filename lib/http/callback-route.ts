/**
 * BigCommerce's browser callbacks (auth, load) render inside the control-panel iframe, so their failures
 * answer an HTML page with the right status instead of JSON.
 */
import type { NextApiRequest, NextApiResponse } from 'next';
import { logger } from '@/lib/log/logger';
import { toErrorAnswer } from './api-route';
import { renderMessagePage } from './html-page';

const TITLES: Record<number, string> = {
  400: 'This request could not be completed',
  401: 'We could not verify this request',
  403: 'Access denied',
  404: 'Not found',
  405: 'Not allowed',
  502: 'BigCommerce is not answering',
  500: 'Something went wrong',
};

export function callbackRoute(handler: (req: NextApiRequest, res: NextApiResponse) => Promise<void>) {
  return async (req: NextApiRequest, res: NextApiResponse) => {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendHtml(res, 405, { title: TITLES[405] ?? '', message: 'BigCommerce callbacks are GET requests.' });
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      const answer = toErrorAnswer(error);
      if (answer.status >= 500) logger.error('callback failed', { path: req.url?.split('?')[0], error });
      else logger.warn('callback refused', { path: req.url?.split('?')[0], error });
      sendHtml(res, answer.status, {
        title: TITLES[answer.status] ?? TITLES[500] ?? '',
        message: answer.message,
        hint: 'If this keeps happening, open the app again from Apps › My Apps in your BigCommerce control panel.',
      });
    }
  };
}

export function sendHtml(res: NextApiResponse, status: number, page: Parameters<typeof renderMessagePage>[0]) {
  res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8').setHeader('Cache-Control', 'no-store');
  res.send(renderMessagePage(page));
}
