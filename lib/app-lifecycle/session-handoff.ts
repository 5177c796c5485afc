/**
 * Hands the iframe its session: a callback stores a one-time code (2 minutes, hashed) and redirects the page
 * to `{path}?exchange={code}`; the page redeems it once for a short-lived session token held in memory.
 */
import { Timestamp } from 'firebase-admin/firestore';
import type { AppDeps } from '@/lib/app-deps';
import { SESSION_CODE_TTL_SECONDS, signAppSessionToken } from '@/lib/app-session/session-token';
import { newStoreScopedCode, parseStoreScopedCode } from '@/lib/crypto/store-scoped-code';
import { NotAStoreUserError } from './lifecycle-errors';

export async function issueSessionCode(deps: AppDeps, storeHash: string, userId: number, path: string) {
  const { code, codeHash } = newStoreScopedCode(storeHash);
  await deps.stores.saveSessionCode(storeHash, codeHash, {
    userId,
    path,
    expiresAt: Timestamp.fromMillis(Date.now() + SESSION_CODE_TTL_SECONDS * 1000),
  });
  return code;
}

export interface RedeemedSession {
  token: string;
  expiresAt: number;
  storeHash: string;
  userId: number;
}

export async function redeemSessionCode(deps: AppDeps, rawCode: unknown): Promise<RedeemedSession> {
  const parsed = parseStoreScopedCode(rawCode);
  if (!parsed) throw new NotAStoreUserError();
  const code = await deps.stores.consumeSessionCode(parsed.storeHash, parsed.codeHash);
  if (!code || code.expiresAt.toMillis() < Date.now()) throw new NotAStoreUserError();
  const { store, user } = await deps.stores.getStoreAndUser(parsed.storeHash, code.userId);
  if (!store || !user) throw new NotAStoreUserError();
  const session = { storeHash: parsed.storeHash, userId: code.userId };
  return { ...signAppSessionToken(session, deps.config.session), ...session };
}

/** Sliding renewal while the merchant keeps the app open: a valid session buys a fresh one. */
export function renewSession(deps: AppDeps, session: { storeHash: string; userId: number }): RedeemedSession {
  return { ...signAppSessionToken(session, deps.config.session), ...session };
}
