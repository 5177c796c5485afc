/**
 * How the QuickBooks callback page words each connect outcome (and which HTTP status it answers). The same
 * words reach the app in the iframe through postMessage, so the merchant reads one story in both places.
 */
import type { ConnectOutcome } from './connect-quickbooks';

export interface OutcomePage {
  status: number;
  title: string;
  message: string;
  hint?: string;
}

const START_AGAIN = 'Start again from the QuickBooks panel in the app (Apps › My Apps › QuickBooks Sync).';

const INVALID_STATE: Record<Extract<ConnectOutcome, { kind: 'invalid_state' }>['reason'], string> = {
  malformed: 'This page was not opened from the app, so nothing was connected.',
  unknown: 'This connection request was not started from the app, so nothing was connected.',
  expired: 'This connection request expired (they last 10 minutes), so nothing was connected.',
  replayed: 'This connection request was already used; each one works once. Nothing more was changed.',
  not_a_user: 'The person who started this connection no longer has access to the app for this store.',
};

export function describeConnectOutcome(outcome: ConnectOutcome): OutcomePage {
  switch (outcome.kind) {
    case 'connected':
      return {
        status: 200,
        title: `Connected to ${outcome.companyName}`,
        message: 'QuickBooks is connected. You can close this window and continue in the app.',
      };
    case 'denied':
      return {
        status: 200,
        title: 'QuickBooks was not connected',
        message: 'You chose not to allow access, so nothing was changed. You can connect any time from the app.',
      };
    case 'company_mismatch':
      return {
        status: 409,
        title: 'A different QuickBooks company was chosen',
        message: `This store already posts to ${outcome.postedCompanyName}, but you picked ${outcome.chosenCompanyName}. Nothing was changed.`,
        hint: 'To move this store to another company, choose "Switch company" in the app and confirm.',
      };
    case 'invalid_state':
      return { status: 400, title: 'This link cannot be used', message: INVALID_STATE[outcome.reason], hint: START_AGAIN };
    case 'failed':
      return { status: 502, title: 'QuickBooks was not connected', message: outcome.reason, hint: START_AGAIN };
  }
}
