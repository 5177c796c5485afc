/**
 * Thin-route plumbing: dispatch by method, map the closed set of typed errors to HTTP once, and make sure
 * an unexpected failure answers a generic 500 without leaking details (the details go to the log, redacted).
 */
import type { NextApiRequest, NextApiResponse } from 'next';
import { ZodError } from 'zod';
import { ActivityNotFoundError } from '@/lib/activity/sync-activity';
import {
  InvalidCallbackRequestError,
  NotAStoreUserError,
  StoreNotInstalledError,
} from '@/lib/app-lifecycle/lifecycle-errors';
import { InvalidAppSessionError } from '@/lib/app-session/session-token';
import {
  BigCommerceAuthError,
  BigCommerceRequestError,
  BigCommerceUnavailableError,
} from '@/lib/bigcommerce/bigcommerce-errors';
import { InvalidSignedPayloadError } from '@/lib/bigcommerce/signed-payload';
import { logger } from '@/lib/log/logger';
import { isQuickBooksError } from '@/lib/quickbooks/quickbooks-errors';
import { ReconnectRequiredError, TokenEndpointUnavailableError } from '@/lib/quickbooks-connection/intuit-oauth';
import { QuickBooksUnavailableError } from '@/lib/quickbooks-connection/quickbooks-connection-view';
import { NotConnectedError } from '@/lib/quickbooks-connection/token-manager';
import { BackfillConflictError } from '@/lib/sync/backfill';
import { WebhookRejectedError } from '@/lib/sync/webhook-intake';

export type ApiHandler = (req: NextApiRequest, res: NextApiResponse) => Promise<void> | void;

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
}

/** The one mapping from domain errors to HTTP answers. */
export function toErrorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpError) return { status: error.status, code: 'bad_request', message: error.message };
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => issue.path.join('.') || 'request').join(', ');
    return { status: 400, code: 'invalid_request', message: `Invalid request: ${fields}` };
  }
  if (error instanceof InvalidSignedPayloadError || error instanceof InvalidAppSessionError) {
    return { status: 401, code: 'unauthenticated', message: 'The request could not be verified. Open the app again from the BigCommerce control panel.' };
  }
  if (error instanceof NotAStoreUserError) {
    return { status: 403, code: 'forbidden', message: error.message };
  }
  if (error instanceof StoreNotInstalledError) {
    return { status: 404, code: 'not_installed', message: error.message };
  }
  if (error instanceof InvalidCallbackRequestError || error instanceof BigCommerceRequestError) {
    return { status: 400, code: 'invalid_request', message: error.message };
  }
  if (error instanceof BigCommerceAuthError) {
    return { status: 502, code: 'bigcommerce_auth', message: 'BigCommerce refused the app credentials.' };
  }
  if (error instanceof BigCommerceUnavailableError) {
    return { status: 502, code: 'bigcommerce_unavailable', message: 'BigCommerce did not answer; please try again.' };
  }
  if (error instanceof ActivityNotFoundError) {
    return { status: 404, code: 'not_found', message: error.message };
  }
  if (error instanceof BackfillConflictError) {
    return { status: 409, code: 'conflict', message: error.message };
  }
  if (error instanceof WebhookRejectedError) {
    return { status: error.status, code: 'webhook_rejected', message: error.message };
  }
  if (error instanceof NotConnectedError) {
    return { status: 409, code: 'quickbooks_not_connected', message: 'QuickBooks is not connected. Connect it first.' };
  }
  if (error instanceof ReconnectRequiredError) {
    return { status: 409, code: 'quickbooks_needs_reconnect', message: error.message };
  }
  if (error instanceof TokenEndpointUnavailableError || error instanceof QuickBooksUnavailableError || isQuickBooksError(error)) {
    return { status: 502, code: 'quickbooks_unavailable', message: 'QuickBooks did not answer as expected; please try again.' };
  }
  return { status: 500, code: 'internal', message: 'Something went wrong on our side; it has been logged.' };
}

export function apiRoute(handlers: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', ApiHandler>>): ApiHandler {
  return async (req, res) => {
    const handler = handlers[req.method as keyof typeof handlers];
    if (!handler) {
      res.setHeader('Allow', Object.keys(handlers).join(', '));
      res.status(405).json({ error: { code: 'method_not_allowed', message: `${req.method} is not allowed here` } });
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      const answer = toErrorAnswer(error);
      if (answer.status >= 500) logger.error('request failed', { path: req.url?.split('?')[0], error });
      if (res.headersSent) return;
      res.status(answer.status).json({ error: { code: answer.code, message: answer.message } });
    }
  };
}

/** A single query parameter as a string (Next gives string | string[] | undefined). */
export function queryParam(req: NextApiRequest, name: string): string | undefined {
  const value = req.query[name];
  return Array.isArray(value) ? undefined : value;
}
