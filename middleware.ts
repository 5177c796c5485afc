/**
 * App pages live in the BigCommerce control-panel iframe: allow exactly the control-panel origins to frame
 * them (never X-Frame-Options, which would blank the iframe). Read per request so one build serves any
 * deployment's BC_CONTROL_PANEL_ORIGINS.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { frameAncestorsPolicy } from '@/lib/http/security-headers';

export const config = { runtime: 'nodejs', matcher: '/((?!_next/static|_next/image|favicon.ico).*)' };

export function middleware(request: NextRequest) {
  const response = NextResponse.next();
  response.headers.set('Content-Security-Policy', frameAncestorsPolicy(request.nextUrl.pathname, process.env.BC_CONTROL_PANEL_ORIGINS));
  return response;
}
