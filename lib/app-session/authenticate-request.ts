/**
 * Every app API route starts here: verify the bearer session token, then confirm in Firestore that the
 * store is still installed and the user still belongs to it (remove_user and uninstall take effect at once).
 * The returned storeHash is the only store the route may touch.
 */
import type { AppDeps } from '@/lib/app-deps';
import { NotAStoreUserError } from '@/lib/app-lifecycle/lifecycle-errors';
import type { StoreRecord, StoreUser } from '@/lib/firestore/store-repository';
import { InvalidAppSessionError, verifyAppSessionToken } from './session-token';

export interface AuthenticatedRequest {
  storeHash: string;
  userId: number;
  store: StoreRecord;
  user: StoreUser;
}

export function bearerToken(authorization: string | string[] | undefined): string {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = header ? /^Bearer ([A-Za-z0-9._-]+)$/.exec(header.trim()) : null;
  if (!match?.[1]) throw new InvalidAppSessionError('missing bearer token');
  return match[1];
}

export async function authenticateAppRequest(
  deps: AppDeps,
  authorization: string | string[] | undefined,
): Promise<AuthenticatedRequest> {
  const session = verifyAppSessionToken(bearerToken(authorization), deps.config.session);
  const { store, user } = await deps.stores.getStoreAndUser(session.storeHash, session.userId);
  if (!store || !user) throw new NotAStoreUserError();
  return { ...session, store, user };
}
