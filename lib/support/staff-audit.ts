/**
 * Every support staff action lands in Firestore `supportAudit`: who (username), what (action), which store, when,
 * from which address, plus small details (filters, job ids). Callers await it before doing or showing anything,
 * so an action that could not be audited does not happen (fail closed). Never pass secrets or passwords.
 *
 * Other support routes (e.g. a later "replay" action) get a bound `audit` in their handler context from
 * lib/http/support-api-route.ts, or call recordStaffAction directly.
 */
import { Timestamp } from 'firebase-admin/firestore';
import type { StaffAction, StaffAuditEntry, SupportRepository } from '@/lib/firestore/support-repository';

export type { StaffAction, StaffAuditEntry } from '@/lib/firestore/support-repository';

export interface StaffActor {
  username: string;
  ip: string;
}

export type StaffAuditDetail = NonNullable<StaffAuditEntry['detail']>;

export interface StaffActionFields {
  storeHash?: string;
  detail?: StaffAuditDetail;
}

const MAX_TEXT = 200;
const MAX_LIST = 50;

function bounded(detail: StaffAuditDetail): StaffAuditDetail {
  return Object.fromEntries(
    Object.entries(detail)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => {
        if (typeof value === 'string') return [key, value.slice(0, MAX_TEXT)];
        if (Array.isArray(value)) return [key, value.slice(0, MAX_LIST).map((item) => item.slice(0, MAX_TEXT))];
        return [key, value];
      }),
  );
}

export async function recordStaffAction(
  repo: Pick<SupportRepository, 'appendAudit'>,
  actor: StaffActor,
  action: StaffAction,
  fields: StaffActionFields = {},
  now: number = Date.now(),
): Promise<void> {
  await repo.appendAudit({
    username: actor.username,
    action,
    ip: actor.ip,
    at: Timestamp.fromMillis(now),
    ...(fields.storeHash ? { storeHash: fields.storeHash } : {}),
    ...(fields.detail && Object.keys(fields.detail).length > 0 ? { detail: bounded(fields.detail) } : {}),
  });
}
