import { parseOrigins } from '@/lib/env';

/** Paths that must never be framed (staff-only pages added later live under /support). */
const UNFRAMEABLE = /^\/support(\/|$)/;

export function frameAncestorsPolicy(pathname: string, configuredOrigins: string | undefined): string {
  if (UNFRAMEABLE.test(pathname)) return "frame-ancestors 'none'";
  return `frame-ancestors 'self' ${parseOrigins(configuredOrigins).join(' ')}`;
}
