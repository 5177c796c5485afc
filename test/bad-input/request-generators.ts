/**
 * Deterministic generators of hostile HTTP requests for the bad-input suite (test/bad-input/bad-input.test.ts).
 *
 * Every request is built from a seeded PRNG (never Math.random), so a failure names a request that the same
 * seed builds again. Each one records its target (the route pattern), the family of attack, what exactly is wrong
 * with it, and whether the app must reject it:
 *
 *  - mustReject: a 4xx answer is required and nothing may be written to Firestore (unless `writesByDesign`
 *    says why this particular refusal is recorded, e.g. failed staff sign-ins are throttled and audited);
 *  - otherwise the request is authorized but odd: it may succeed (and write) or be refused, never 5xx.
 *
 * Requests that carry a real credential and would change state if accepted (a valid webhook, a valid load JWT,
 * a valid session on a state-changing route) always target the sacrificial store B, never store A (the store the
 * odd-but-valid orders are posted from), so the suite cannot pause, disconnect or uninstall A by accident.
 */
import { createHash, createHmac } from 'node:crypto';

// ---------------------------------------------------------------------------------------------------------
// PRNG and small helpers
// ---------------------------------------------------------------------------------------------------------

/** mulberry32: tiny, fast, good enough to vary test input; same seed → same sequence. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  const string = (length: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_') =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const hex = (length: number) => string(length, '0123456789abcdef');
  return { next, int, pick, string, hex, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof seededRandom>;

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export type HeaderValue = string | string[];

export interface GeneratedRequest {
  /** Sequence number (stable for a seed). */
  id: number;
  /** Route pattern as in APP_ROUTES, e.g. /api/app/activity/[orderId]. */
  target: string;
  /** Kind of attack: jwt, bearer, query, body-json, oversized, content-type, method, webhook-auth, ... */
  family: string;
  /** What is wrong with this request, in words. */
  flaw: string;
  method: string;
  /** Path and query exactly as sent (already percent-encoded where needed). */
  path: string;
  headers: Record<string, HeaderValue>;
  body?: Buffer;
  /** 4xx required, and no Firestore write (unless writesByDesign). */
  mustReject: boolean;
  /** Why this refusal writes by design; such requests run in their own batch. */
  writesByDesign?: string;
  /** The server may close the connection instead of answering (bodies of several MB, oversized request lines). */
  closeOk?: boolean;
}

export interface GeneratorContext {
  seed: number;
  /** Route patterns served (APP_ROUTES keys, read at run time: new routes are covered by the generic families). */
  routes: readonly string[];
  appOrigin: string;
  /** Store A: installed, QuickBooks connected, live. Only refused requests and read-only odd ones touch it. */
  storeHash: string;
  ownerId: number;
  sessionToken: string;
  webhookSecret: string;
  /** An order of store A with sync activity (valid value for [orderId]). */
  orderId: number;
  /** Store B: installed, not connected; valid-but-odd state-changing requests go here. */
  otherStoreHash: string;
  otherOwnerId: number;
  otherSessionToken: string;
  otherWebhookSecret: string;
  /** A store hash that was never installed. */
  unknownStoreHash: string;
  clientId: string;
  clientSecret: string;
  sessionSecret: string;
  drainSecret: string;
  /** `name=value` of a signed-in staff member's support cookie. */
  supportCookie: string;
  supportCookieName: string;
  /** The QuickBooks callback URL (path and query) of store A's completed connect: its state is consumed. */
  consumedCallbackPath: string;
  /** Unix seconds the generated timestamps are relative to. */
  nowSeconds: number;
}

// ---------------------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------------------

export const UNICODE_SAMPLES = [
  'Café ☕️🎉',
  '👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈',
  'مرحبا بالعالم',
  'שלום עולם',
  '\u202Egnp.exe\u202C',
  'Z̸̡̢͎a̷̧͙l̶̠͝g̷̣̈́o̵̗͒',
  'e\u0301\u0302\u0303\u0304\u0305',
  '日本語のテキスト',
  '漢字한국어',
  '\uFEFFbom',
  '\u200B\u200C\u200D',
  '𝕳𝖊𝖑𝖑𝖔',
  'İıßẞ',
  '\u0000nul',
  '\u0007\u001b[31mansi',
  'tab\tnew\nline\r',
];

/** Raw percent-encoded query/path values that do not decode cleanly. */
const RAW_ENCODED = ['%FF', '%C0%AF', '%ED%A0%80', '%E2%82', '%', '%zz', '%00', 'a%00b', '%25', '%2e%2e%2f%2e%2e%2f', '%u0041'];

const NUMBER_SAMPLES = ['-1', '0', '-0', '1e309', 'NaN', 'Infinity', '-Infinity', '0x10', '1.5', '9007199254740993', '99999999999999999999999', ' 5 ', '+5', '05', '1_000', '1e3', '٣'];

const TRAVERSAL_SAMPLES = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '....//....//',
  '/etc/passwd',
  'file:///etc/passwd',
  'http://evil.example/',
  '//evil.example',
  'javascript:alert(1)',
  '%2e%2e%2f',
  '..%252f..%252f',
  '${jndi:ldap://x}',
  '{{7*7}}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__proto__[admin]', 'constructor[prototype][x]', 'valueOf'];

/** A query-string value, percent-encoded (lone surrogates and NULs included, written as raw bytes). */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // Lone surrogates: send their (invalid) CESU-8 bytes.
    return Array.from(value)
      .map((ch) => {
        try {
          return encodeURIComponent(ch);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
}

/** `?a=1&b=2` from pairs; `raw: true` sends the value as given. */
function query(pairs: Array<[string, string] | [string, string, 'raw']>): string {
  if (pairs.length === 0) return '';
  return `?${pairs.map(([key, value, raw]) => `${raw ? key : enc(key)}=${raw ? value : enc(value)}`).join('&')}`;
}

// ---------------------------------------------------------------------------------------------------------
// JWTs
// ---------------------------------------------------------------------------------------------------------

function hmacJwt(header: object, payload: unknown, secret: string, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  const head = b64url(JSON.stringify(header));
  const body = b64url(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const signature = createHmac(algorithm, secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** Cuts of a token: at every segment boundary (with and without the dot) and inside each segment. */
export function truncations(token: string): Array<{ token: string; flaw: string }> {
  const dots = [...token.matchAll(/\./g)].map((match) => match.index ?? 0);
  const cuts = new Set<number>([0, 1]);
  for (const dot of dots) [dot - 1, dot, dot + 1].forEach((cut) => cuts.add(cut));
  const segments = [0, ...dots.map((dot) => dot + 1), token.length + 1];
  for (let i = 0; i + 1 < segments.length; i += 1) cuts.add(Math.floor(((segments[i] ?? 0) + (segments[i + 1] ?? 0)) / 2));
  cuts.add(token.length - 1);
  return [...cuts]
    .filter((cut) => cut >= 0 && cut < token.length)
    .sort((a, b) => a - b)
    .map((cut) => ({ token: token.slice(0, cut), flaw: `truncated to ${cut} of ${token.length} characters` }));
}

/** BigCommerce signed_payload_jwt claims (as the sandbox signs them), for store B's owner unless told. */
function bcClaims(ctx: GeneratorContext, overrides: Record<string, unknown> = {}) {
  const iat = ctx.nowSeconds;
  return {
    aud: ctx.clientId,
    iss: 'bc',
    iat,
    nbf: iat - 5,
    exp: iat + 86_400,
    jti: 'bad-input-jti',
    operation: 'payload_jwt',
    sub: `stores/${ctx.otherStoreHash}`,
    user: { id: ctx.otherOwnerId, email: 'owner@example.com', locale: 'en-US' },
    owner: { id: ctx.otherOwnerId, email: 'owner@example.com' },
    url: '/',
    channel_id: null,
    ...overrides,
  };
}

/**
 * signed_payload_jwt tokens that must all be refused: every one has at least one defect (signature, algorithm,
 * time, audience, issuer, subject or shape). The claims name store B, so a verifier bug cannot hurt store A.
 */
export function forgedSignedPayloads(ctx: GeneratorContext, rng: Random): Array<{ token: string; flaw: string }> {
  const hs = { alg: 'HS256', typ: 'JWT' };
  const good = (claims: unknown) => hmacJwt(hs, claims, ctx.clientSecret);
  const claims = bcClaims(ctx);
  const { sub: _sub, ...noSub } = claims;
  const { aud: _aud, ...noAud } = claims;
  const { iss: _iss, ...noIss } = claims;
  const { exp: _exp, ...noExp } = claims;
  const { user: _user, ...noUser } = claims;
  const tokens: Array<{ token: string; flaw: string }> = [
    { token: `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`, flaw: 'alg none, empty signature' },
    { token: `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(claims))}`, flaw: 'alg none, two segments' },
    { token: `${b64url(JSON.stringify({ alg: 'NONE' }))}.${b64url(JSON.stringify(claims))}.`, flaw: 'alg NONE' },
    { token: `${b64url(JSON.stringify({ alg: 'nOnE' }))}.${b64url(JSON.stringify(claims))}.${b64url('x')}`, flaw: 'alg nOnE with junk signature' },
    { token: hmacJwt(hs, claims, 'not-the-client-secret'), flaw: 'HS256 with the wrong secret' },
    { token: hmacJwt(hs, claims, ''), flaw: 'HS256 with an empty secret' },
    { token: hmacJwt(hs, claims, ctx.sessionSecret), flaw: 'HS256 with the app session secret' },
    { token: hmacJwt({ alg: 'RS256', typ: 'JWT' }, claims, ctx.clientSecret), flaw: 'RS256 header, HMAC signature (algorithm confusion)' },
    { token: hmacJwt({ alg: 'ES256', typ: 'JWT' }, claims, ctx.clientSecret), flaw: 'ES256 header' },
    { token: hmacJwt({ alg: 'HS512', typ: 'JWT' }, claims, ctx.clientSecret, 'sha512'), flaw: 'HS512 with the right secret (algorithm not allowed)' },
    { token: hmacJwt({ alg: 'HS256', typ: 'JWT', kid: '../../etc/passwd' }, claims, 'x'), flaw: 'kid path traversal, wrong secret' },
    { token: hmacJwt({ alg: 'HS256', jku: 'http://evil.example/jwks' }, claims, 'x'), flaw: 'jku header, wrong secret' },
    { token: good({ ...claims, exp: ctx.nowSeconds - 60, iat: ctx.nowSeconds - 3600, nbf: ctx.nowSeconds - 3605 }), flaw: 'expired a minute ago' },
    { token: good({ ...claims, exp: ctx.nowSeconds - 11 }), flaw: 'expired 11 s ago (beyond the 10 s tolerance)' },
    { token: good({ ...claims, exp: 0 }), flaw: 'exp 0' },
    { token: good({ ...claims, exp: -1 }), flaw: 'exp negative' },
    { token: good({ ...claims, exp: 'tomorrow' }), flaw: 'exp a string' },
    { token: good(noExp), flaw: 'no exp claim' },
    { token: good({ ...claims, nbf: ctx.nowSeconds + 3600 }), flaw: 'not valid before an hour from now' },
    { token: good({ ...claims, aud: 'someone-else' }), flaw: 'wrong aud' },
    { token: good({ ...claims, aud: [] }), flaw: 'aud empty array' },
    { token: good({ ...claims, aud: [`${ctx.clientId}x`] }), flaw: 'aud array without the client id' },
    { token: good(noAud), flaw: 'no aud' },
    { token: good({ ...claims, iss: 'BC' }), flaw: 'wrong iss (case)' },
    { token: good({ ...claims, iss: 'evil' }), flaw: 'wrong iss' },
    { token: good(noIss), flaw: 'no iss' },
    { token: good(noSub), flaw: 'missing sub' },
    { token: good({ ...claims, sub: '' }), flaw: 'empty sub' },
    { token: good({ ...claims, sub: 'stores/' }), flaw: 'sub without a hash' },
    { token: good({ ...claims, sub: `stores/${ctx.otherStoreHash.toUpperCase()}X` }), flaw: 'sub upper-case' },
    { token: good({ ...claims, sub: `stores/${ctx.otherStoreHash}/../${ctx.storeHash}` }), flaw: 'sub path traversal' },
    { token: good({ ...claims, sub: ctx.otherStoreHash }), flaw: 'sub without stores/ (store_hash style)' },
    { token: good({ ...claims, sub: 42 }), flaw: 'sub a number' },
    { token: good({ ...claims, sub: [`stores/${ctx.otherStoreHash}`] }), flaw: 'sub an array' },
    { token: good({ ...claims, sub: `stores/${'a'.repeat(65)}` }), flaw: 'sub hash 65 characters' },
    { token: good(noUser), flaw: 'no user' },
    { token: good({ ...claims, user: { id: '1', email: 'a@b.c' } }), flaw: 'user.id a string' },
    { token: good({ ...claims, user: { id: 0, email: 'a@b.c' } }), flaw: 'user.id 0' },
    { token: good({ ...claims, user: { id: -5, email: 'a@b.c' } }), flaw: 'user.id negative' },
    { token: good({ ...claims, user: { id: 1.5, email: 'a@b.c' } }), flaw: 'user.id fractional' },
    { token: good({ ...claims, user: { id: 1, email: 'x'.repeat(400) } }), flaw: 'user.email 400 characters' },
    { token: good({ ...claims, user: null }), flaw: 'user null' },
    { token: good({ ...claims, owner: undefined }), flaw: 'no owner' },
    { token: good({ ...claims, url: 'x'.repeat(3000) }), flaw: 'url over 2,048 characters' },
    { token: good({ ...claims, channel_id: 'one' }), flaw: 'channel_id a string' },
    { token: good('"just a string"'), flaw: 'payload is a JSON string' },
    { token: good('[1,2,3]'), flaw: 'payload is a JSON array' },
    { token: good('null'), flaw: 'payload is null' },
    { token: good('{"exp":'), flaw: 'payload is truncated JSON' },
    { token: good({ ...claims, ...Object.fromEntries([['__proto__', { admin: true }]]) }), flaw: '__proto__ claim, otherwise fine but exp forged below' },
    { token: `${good(claims)}x`, flaw: 'signature with a trailing character' },
    { token: `${good(claims)}.${b64url('extra')}`, flaw: 'four segments' },
    { token: `.${good(claims)}`, flaw: 'leading dot' },
    { token: good(claims).replace(/\./g, '..'), flaw: 'doubled dots' },
    { token: `${rng.string(36)}.${rng.string(120)}.${rng.string(43)}`, flaw: 'garbage base64url in every segment' },
    { token: `${b64url(JSON.stringify(hs))}.${rng.string(200, 'ABCDEFabcdef+/=')}.${rng.string(43)}`, flaw: 'payload in standard base64 with padding' },
    { token: `${b64url(JSON.stringify(hs))}.${b64url(Buffer.from([0xff, 0xfe, 0x00, 0x7b]))}.${rng.string(43)}`, flaw: 'payload is not UTF-8' },
    { token: `!!!.@@@.###`, flaw: 'not base64url at all' },
    { token: '..', flaw: 'only dots' },
    { token: 'a.b.c', flaw: 'three one-character segments' },
    { token: ' '.repeat(10), flaw: 'spaces' },
    { token: good({ ...claims, pad: 'p'.repeat(10_240) }), flaw: '10 KB token (over the length limit)' },
    { token: good({ ...claims, exp: ctx.nowSeconds - 60, pad: 'p'.repeat(5_800) }), flaw: 'just under the length limit but expired' },
    { token: `${rng.string(10_240)}`, flaw: '10 KB of random characters' },
  ];
  // A well-formed __proto__ token is still valid: make it unusable so the list holds refusals only.
  tokens.splice(
    tokens.findIndex((entry) => entry.flaw.startsWith('__proto__ claim')),
    1,
    { token: hmacJwt(hs, JSON.stringify(claims).replace('{', '{"__proto__":{"admin":true},'), 'wrong-secret'), flaw: '__proto__ claim, wrong secret' },
  );
  for (const cut of truncations(good(claims))) tokens.push({ token: cut.token, flaw: `valid token ${cut.flaw}` });
  // Flipped bits: one character of each segment changed.
  const valid = good(claims);
  for (const position of [3, valid.indexOf('.') + 5, valid.lastIndexOf('.') + 3, valid.length - 2]) {
    const ch = valid[position] === 'A' ? 'B' : 'A';
    tokens.push({ token: `${valid.slice(0, position)}${ch}${valid.slice(position + 1)}`, flaw: `one character changed at ${position}` });
  }
  return tokens;
}

/** Session tokens (Authorization: Bearer …) that must be refused: forged, truncated, expired, not a member. */
export function forgedBearers(ctx: GeneratorContext, rng: Random): Array<{ authorization?: HeaderValue; flaw: string }> {
  const hs = { alg: 'HS256', typ: 'JWT' };
  const iat = ctx.nowSeconds;
  const claims = { uid: ctx.ownerId, sub: ctx.storeHash, iss: 'qbo-sync', aud: 'qbo-sync-app', iat, exp: iat + 3600, jti: rng.string(16) };
  const signed = (payload: unknown, secret = ctx.sessionSecret) => hmacJwt(hs, payload, secret);
  const entries: Array<{ authorization?: HeaderValue; flaw: string }> = [
    { flaw: 'no Authorization header' },
    { authorization: '', flaw: 'empty Authorization header' },
    { authorization: 'Bearer', flaw: 'Bearer without a token' },
    { authorization: 'Bearer ', flaw: 'Bearer and a space' },
    { authorization: `bearer ${ctx.sessionToken}x`, flaw: 'lower-case scheme, altered token' },
    { authorization: `Basic ${b64url('admin:admin')}`, flaw: 'Basic credentials' },
    { authorization: `Token ${ctx.sessionToken.slice(0, -2)}`, flaw: 'other scheme, truncated token' },
    { authorization: `Bearer ${ctx.sessionToken.slice(0, -1)}`, flaw: 'valid token missing its last character' },
    { authorization: `Bearer ${ctx.sessionToken} ${ctx.sessionToken}`, flaw: 'two tokens' },
    { authorization: `Bearer ${ctx.sessionToken}\t`.replace('\t', '%09'), flaw: 'token with a percent-encoded tab' },
    { authorization: `Bearer ${signed(claims, 'wrong-secret')}`, flaw: 'HS256 with the wrong secret' },
    { authorization: `Bearer ${signed(claims, ctx.clientSecret)}`, flaw: 'signed with the BigCommerce client secret' },
    { authorization: `Bearer ${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(claims))}.`, flaw: 'alg none' },
    { authorization: `Bearer ${hmacJwt({ alg: 'RS256' }, claims, ctx.sessionSecret)}`, flaw: 'RS256 header' },
    { authorization: `Bearer ${hmacJwt({ alg: 'HS512' }, claims, ctx.sessionSecret, 'sha512')}`, flaw: 'HS512 with the right secret' },
    { authorization: `Bearer ${signed({ ...claims, exp: iat - 60 })}`, flaw: 'expired' },
    { authorization: `Bearer ${signed({ ...claims, nbf: iat + 3600 })}`, flaw: 'not yet valid' },
    { authorization: `Bearer ${signed({ ...claims, iss: 'bc' })}`, flaw: 'wrong issuer' },
    { authorization: `Bearer ${signed({ ...claims, aud: ctx.clientId })}`, flaw: 'wrong audience' },
    { authorization: `Bearer ${signed({ ...claims, sub: undefined })}`, flaw: 'no subject' },
    { authorization: `Bearer ${signed({ ...claims, sub: ctx.storeHash.toUpperCase() })}`, flaw: 'subject upper-case' },
    { authorization: `Bearer ${signed({ ...claims, sub: `stores/${ctx.storeHash}` })}`, flaw: 'subject in callback form' },
    { authorization: `Bearer ${signed({ ...claims, uid: String(ctx.ownerId) })}`, flaw: 'uid a string' },
    { authorization: `Bearer ${signed({ ...claims, uid: 0 })}`, flaw: 'uid 0' },
    { authorization: `Bearer ${signed({ ...claims, uid: 987_654_321 })}`, flaw: 'validly signed, uid is not a user of the store' },
    { authorization: `Bearer ${signed({ ...claims, sub: ctx.otherStoreHash })}`, flaw: 'validly signed, user of A claims store B' },
    { authorization: `Bearer ${signed({ ...claims, sub: ctx.unknownStoreHash })}`, flaw: 'validly signed, store never installed' },
    { authorization: `Bearer ${signed('"string"')}`, flaw: 'payload a JSON string' },
    { authorization: `Bearer ${signed({ ...claims, pad: 'p'.repeat(5_000) })}`, flaw: 'over 4 KB' },
    { authorization: `Bearer ${rng.string(10_240)}`, flaw: '10 KB of random characters' },
    { authorization: `Bearer ${rng.string(20)}.${rng.string(30)}.${rng.string(43)}`, flaw: 'garbage segments' },
    { authorization: `Bearer ${Buffer.from('tökén', 'utf8').toString('latin1')}`, flaw: 'non-ASCII bytes' },
    { authorization: [`Bearer ${ctx.sessionToken.slice(0, 20)}`, `Bearer ${ctx.sessionToken}`], flaw: 'header sent twice, first one broken' },
  ];
  for (const cut of truncations(ctx.sessionToken)) entries.push({ authorization: `Bearer ${cut.token}`, flaw: `session token ${cut.flaw}` });
  return entries;
}

// ---------------------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------------------

const text = (value: string) => Buffer.from(value, 'utf8');

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether Next's body parser would accept this as JSON: it decodes with iconv-lite, which drops one leading BOM,
 * and treats an empty body as {}. Such a body reaches the handler, so it is not "malformed" for Next's routes.
 */
const parsedByNext = new WeakMap<Buffer, boolean>();
export function nextParsesAsJson(body: Buffer): boolean {
  let parses = parsedByNext.get(body);
  if (parses === undefined) {
    const decoded = body.toString('utf8').replace(/^\uFEFF/, '');
    parses = decoded.length === 0 || isJson(decoded);
    parsedByNext.set(body, parses);
  }
  return parses;
}

let staticMalformed: Array<{ body: Buffer; flaw: string }> | undefined;
/** The fixed part of malformedJsonBodies, built once (some are hundreds of KB; requests share the buffers). */
function staticMalformedBodies(): Array<{ body: Buffer; flaw: string }> {
  staticMalformed ??= [
    { body: text('{'), flaw: 'lone brace' },
    { body: text('{"a":'), flaw: 'truncated after a key' },
    { body: text('{"a":1,}'), flaw: 'trailing comma' },
    { body: text("{'a':1}"), flaw: 'single quotes' },
    { body: text('{a:1}'), flaw: 'unquoted key' },
    { body: text('{"a":NaN}'), flaw: 'NaN token' },
    { body: text('{"a":Infinity}'), flaw: 'Infinity token' },
    { body: text('{"a":-Infinity}'), flaw: '-Infinity token' },
    { body: text('{"a":undefined}'), flaw: 'undefined token' },
    { body: text('{"a":01}'), flaw: 'leading zero' },
    { body: text('{"a":0x10}'), flaw: 'hex number' },
    { body: text('// comment\n{}'), flaw: 'comment' },
    { body: Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x7b, 0x7d]), flaw: 'two BOMs' },
    { body: text('{"a":"\\x41"}'), flaw: 'invalid escape' },
    { body: text('{"a":"\\u12"}'), flaw: 'short unicode escape' },
    { body: text('{"a":"line\nbreak"}'), flaw: 'raw newline inside a string' },
    { body: text('{"a":1}{"b":2}'), flaw: 'two documents' },
    { body: text('[1,2'), flaw: 'unterminated array' },
    { body: text('"unterminated'), flaw: 'unterminated string' },
    { body: text('nul'), flaw: 'truncated literal' },
    { body: text('<xml/>'), flaw: 'XML' },
    { body: text('a=1&b=2'), flaw: 'form encoding' },
    { body: text('\u0000'), flaw: 'NUL byte' },
    { body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]), flaw: 'invalid UTF-8 where a value should be' },
    { body: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), flaw: 'UTF-16 LE with BOM' },
    { body: text(' '.repeat(100) + '{' + ' '.repeat(100)), flaw: 'whitespace around a lone brace' },
    { body: text('['.repeat(100_000)), flaw: '100,000 unclosed brackets' },
    { body: text('{"a":'.repeat(20_000)), flaw: '20,000 unclosed objects' },
    { body: text(`[${'1,'.repeat(150_000)}]`), flaw: 'huge array with a trailing comma' },
    { body: text(`{"s":"${'x'.repeat(200_000)}`), flaw: 'long unterminated string' },
  ];
  return staticMalformed;
}

/** Bodies that are not JSON at all (Content-Type says JSON): Next's parser must answer 400. */
export function malformedJsonBodies(rng: Random, sample = '{"code":"abc","nested":{"list":[1,2,3]}}'): Array<{ body: Buffer; flaw: string }> {
  const bodies = [...staticMalformedBodies()];
  for (const cut of [1, 5, Math.floor(sample.length / 2), sample.length - 1]) {
    bodies.push({ body: text(sample.slice(0, cut)), flaw: `valid JSON truncated to ${cut} of ${sample.length} bytes` });
  }
  for (let i = 0; i < 4; i += 1) {
    const position = rng.int(1, sample.length - 2);
    const mangled = `${sample.slice(0, position)}${rng.pick(['"', '{', ']', ':', ',', '\\'])}${sample.slice(position)}`;
    // A stray character inside a string can leave valid JSON: only keep what really is malformed.
    if (!isJson(mangled)) bodies.push({ body: text(mangled), flaw: `stray character at ${position}` });
  }
  return bodies;
}

/** Well-formed JSON that is the wrong shape for any of the app's bodies. */
let wrongShapes: Array<{ body: Buffer; flaw: string }> | undefined;
export function wrongShapeJsonBodies(): Array<{ body: Buffer; flaw: string }> {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
  const raw = (value: string) => Buffer.from(value, 'utf8');
  return (wrongShapes ??= [
    { body: raw('null'), flaw: 'null' },
    { body: raw('true'), flaw: 'true' },
    { body: raw('0'), flaw: 'zero' },
    { body: raw('-1e999'), flaw: 'number overflowing to -Infinity' },
    { body: json('a string'), flaw: 'a string' },
    { body: json([]), flaw: 'empty array' },
    { body: json([{ action: 'go-live' }]), flaw: 'array wrapping an object' },
    { body: raw(`${'['.repeat(5_000)}${']'.repeat(5_000)}`), flaw: '5,000 nested arrays' },
    { body: raw(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`), flaw: '2,000 nested objects' },
    { body: raw(`[${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]`), flaw: 'array of 100,000 numbers' },
    { body: raw('{"__proto__":{"admin":true,"live":true},"constructor":{"prototype":{"polluted":1}}}'), flaw: '__proto__ and constructor keys' },
    { body: raw('{"a":1,"a":2,"a":[3]}'), flaw: 'duplicate keys' },
    { body: raw('{"\\u0000":"\\u0000","\\ud800":"\\udfff"}'), flaw: 'NUL and lone-surrogate escapes' },
    { body: json({ '': '', ' ': ' ' }), flaw: 'empty and blank keys' },
    { body: json({ x: 'y'.repeat(500_000) }), flaw: 'half a megabyte string' },
  ]);
}

const ONE_MB = 1024 * 1024;

/** Bodies over a limit: just over, and a few MB. */
const oversizedBodies = new Map<number, Buffer>();
/** A JSON body of exactly `size` bytes (built once per size; requests share the buffer). */
function paddedJson(size: number): Buffer {
  let body = oversizedBodies.get(size);
  if (!body) {
    const head = '{"pad":"';
    body = Buffer.from(`${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`, 'utf8');
    oversizedBodies.set(size, body);
  }
  return body;
}

/** Routes that also get a body of several MB (the parser's path is the same for every route: a few suffice). */
const HUGE_BODY_ROUTES = new Set(['/api/webhooks/bigcommerce', '/api/app/session', '/api/app/onboarding', '/api/support/login', '/api/bigcommerce/load', '/api/sync/drain']);

/** Bodies over a route's limit: one byte over, and for a few routes 3 MB. */
function oversized(limit: number, route: string): Array<{ body: Buffer; flaw: string; closeOk: boolean }> {
  return [
    { body: paddedJson(limit + 1), flaw: `JSON one byte over the ${limit}-byte limit`, closeOk: false },
    ...(HUGE_BODY_ROUTES.has(route) ? [{ body: paddedJson(3 * ONE_MB), flaw: 'JSON of 3 MB', closeOk: true }] : []),
  ];
}

const CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----bad-input',
  'multipart/form-data',
  'application/json; charset=utf-16',
  'application/json; charset=bogus-charset',
  'application/json;charset=',
  'application/json, text/plain',
  'APPLICATION/JSON',
  'application/jsonx',
  'application/xml',
  'application/octet-stream',
  '*/*',
  ';;;',
  'application/json; boundary=x; charset=utf-8; charset=latin1',
];

function contentTypeBody(type: string, payload: Record<string, unknown>): Buffer {
  const json = JSON.stringify(payload);
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return Buffer.from(new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, String(v)])).toString(), 'utf8');
  }
  if (type.startsWith('multipart')) {
    return Buffer.from(`------bad-input\r\nContent-Disposition: form-data; name="body"\r\n\r\n${json}\r\n------bad-input--\r\n`, 'utf8');
  }
  if (type.includes('utf-16')) return Buffer.from(`\ufeff${json}`, 'utf16le');
  return Buffer.from(json, 'utf8');
}

// ---------------------------------------------------------------------------------------------------------
// Route knowledge
// ---------------------------------------------------------------------------------------------------------

type RouteKind = 'app' | 'session' | 'support-public' | 'support-staff' | 'browser-callback' | 'server-callback' | 'qbo-callback' | 'webhook' | 'drain';

interface RouteInfo {
  kind: RouteKind;
  /** Methods the route answers; undefined: not known to this file (a route added later). */
  methods?: readonly string[];
  /** Bodies that must be refused with a valid credential (each route validates its own). */
  badBodies?: Partial<Record<string, Array<{ body: unknown; flaw: string }>>>;
  /** Query strings that must be refused with a valid credential (GET). */
  badQueries?: Array<{ query: string; flaw: string }>;
  /** Read-only with a valid credential and any query: store A may take odd query strings. */
  readOnlyGet?: boolean;
}

function kindOf(route: string): RouteKind {
  if (route === '/api/app/session') return 'session';
  if (route === '/api/support/login') return 'support-public';
  if (route.startsWith('/api/support/')) return 'support-staff';
  if (route === '/api/bigcommerce/auth' || route === '/api/bigcommerce/load') return 'browser-callback';
  if (route.startsWith('/api/bigcommerce/')) return 'server-callback';
  if (route === '/api/quickbooks/callback') return 'qbo-callback';
  if (route.startsWith('/api/webhooks/')) return 'webhook';
  if (route === '/api/sync/drain') return 'drain';
  return 'app';
}

const ACTIVITY_BAD_QUERIES: Array<{ query: string; flaw: string }> = [
  { query: query([['limit', '0']]), flaw: 'limit 0' },
  { query: query([['limit', '-1']]), flaw: 'limit negative' },
  { query: query([['limit', '101']]), flaw: 'limit over the maximum' },
  { query: query([['limit', 'NaN']]), flaw: 'limit NaN' },
  { query: query([['limit', '1e309']]), flaw: 'limit overflowing to Infinity' },
  { query: query([['limit', '1.5']]), flaw: 'limit fractional' },
  { query: query([['limit', '10'], ['limit', '20']]), flaw: 'limit repeated (array)' },
  { query: query([['status', 'done'], ['status', 'dead']]), flaw: 'status repeated (array)' },
  { query: query([['status', 'DONE']]), flaw: 'status not one of the statuses' },
  { query: query([['status', '__proto__']]), flaw: 'status __proto__' },
  { query: query([['kind', 'refund']]), flaw: 'unknown kind' },
  { query: query([['kind', 'constructor']]), flaw: 'kind constructor' },
  { query: query([['from', '2026-02-30']]), flaw: 'from an impossible date' },
  { query: query([['from', '2026-13-01']]), flaw: 'from month 13' },
  { query: query([['from', 'yesterday']]), flaw: 'from not a date' },
  { query: query([['from', '0000-01-01']]), flaw: 'from year 0' },
  { query: query([['from', '2026-03-01'], ['to', '2026-01-01']]), flaw: 'from after to' },
  { query: query([['from', '2026-01-01T25:61:61Z']]), flaw: 'from an impossible time' },
  { query: query([['to', `2026-01-01${'0'.repeat(60)}`]]), flaw: 'to 70 characters' },
  { query: query([['order', 'abc']]), flaw: 'order not a number' },
  { query: query([['order', '-1']]), flaw: 'order negative' },
  { query: query([['order', '1234567890123456']]), flaw: 'order 16 digits' },
  { query: query([['order', '../../stores']]), flaw: 'order path traversal' },
  { query: query([['cursor', 'not-a-cursor']]), flaw: 'cursor garbage' },
  { query: query([['cursor', b64url('[1,2]')]]), flaw: 'cursor with two fields' },
  { query: query([['cursor', b64url('[-1,0,"x"]')]]), flaw: 'cursor negative seconds' },
  { query: query([['cursor', b64url('[1e15,0,"x"]')]]), flaw: 'cursor seconds beyond year 9999' },
  { query: query([['cursor', b64url('[1,0,"../../x"]')]]), flaw: 'cursor id path traversal' },
  { query: query([['cursor', b64url('{"__proto__":1}')]]), flaw: 'cursor an object' },
  { query: query([['cursor', 'x'.repeat(500)]]), flaw: 'cursor 500 characters' },
  { query: query([['cursor', 'a'], ['cursor', 'b']]), flaw: 'cursor repeated' },
  { query: `?limit=${RAW_ENCODED[0]}`, flaw: 'limit invalid percent-encoding' },
  { query: '?status=%00', flaw: 'status NUL' },
];

const ORDER_ID_BAD = ['abc', '-1', '1.5', '1e5', '0x10', '1234567890123456', '..', '..%2F..%2Fstore', '%00', '%FF', '%E2%82', '%20', enc('١٢٣'), enc('☕'), 'null', 'undefined', '__proto__', 'constructor', 'x'.repeat(2_000)];

function knownRoutes(ctx: GeneratorContext): Record<string, RouteInfo> {
  const backfill = (from: unknown, to: unknown, extra: Record<string, unknown> = {}) => ({ from, to, ...extra });
  return {
    '/api/app/session': {
      kind: 'session',
      methods: ['POST', 'PUT'],
      badBodies: {
        POST: [
          { body: {}, flaw: 'no code' },
          { body: { code: 123 }, flaw: 'code a number' },
          { body: { code: null }, flaw: 'code null' },
          { body: { code: ['a', 'b'] }, flaw: 'code an array' },
          { body: { code: { $gt: '' } }, flaw: 'code an operator object' },
          { body: { code: 'x'.repeat(201) }, flaw: 'code over 200 characters' },
          { body: { code: '' }, flaw: 'empty code' },
          { body: { code: `${ctx.storeHash}.${'A'.repeat(43)}` }, flaw: 'well-formed code that was never issued' },
          { body: { code: `${ctx.storeHash}.${'A'.repeat(42)}` }, flaw: 'code one character short' },
          { body: { code: `${ctx.storeHash.toUpperCase()}.${'A'.repeat(43)}` }, flaw: 'code with an upper-case store' },
          { body: { code: `../${ctx.storeHash}.${'A'.repeat(43)}` }, flaw: 'code with path traversal' },
          { body: { code: `${ctx.unknownStoreHash}.${'B'.repeat(43)}` }, flaw: 'code for a store never installed' },
          { body: { code: 'Ω'.repeat(100) }, flaw: 'code unicode' },
        ],
      },
    },
    '/api/app/store': { kind: 'app', methods: ['GET'], readOnlyGet: true },
    '/api/app/dashboard': { kind: 'app', methods: ['GET'], readOnlyGet: true },
    '/api/app/quickbooks/connect': {
      kind: 'app',
      methods: ['POST'],
      badBodies: {
        POST: [
          { body: { allowCompanySwitch: 'yes' }, flaw: 'allowCompanySwitch a string' },
          { body: { allowCompanySwitch: 1 }, flaw: 'allowCompanySwitch a number' },
          { body: { allowCompanySwitch: false, realmId: '1' }, flaw: 'unknown field (strict)' },
          { body: [], flaw: 'array' },
          { body: 'text', flaw: 'a JSON string' },
          { body: null, flaw: 'null' },
        ],
      },
    },
    '/api/app/quickbooks/connection': { kind: 'app', methods: ['GET', 'DELETE'], readOnlyGet: true },
    '/api/app/quickbooks/profile': { kind: 'app', methods: ['GET', 'POST'] },
    '/api/app/backfill': {
      kind: 'app',
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      readOnlyGet: true,
      badBodies: {
        POST: [
          { body: {}, flaw: 'no dates' },
          { body: backfill('2026-01-02', '2026-01-01'), flaw: 'from after to' },
          { body: backfill('2026-13-01', '2026-12-01'), flaw: 'month 13' },
          { body: backfill('2026-02-30', '2026-03-01'), flaw: 'from an impossible calendar date' },
          { body: backfill('2026-01-01', '2026-04-31'), flaw: 'to an impossible calendar date' },
          { body: backfill('0000-00-00', '0000-00-00'), flaw: 'all zeros' },
          { body: backfill('2026-1-1', '2026-1-2'), flaw: 'dates without leading zeros' },
          { body: backfill(20260101, 20260102), flaw: 'dates as numbers' },
          { body: backfill('2026-01-01', '2026-01-02', { dryRun: 'false' }), flaw: 'dryRun a string' },
          { body: backfill('2026-01-01', '2026-01-02', { storeHash: ctx.otherStoreHash }), flaw: 'unknown field (strict)' },
          { body: backfill(['2026-01-01'], '2026-01-02'), flaw: 'from an array' },
          { body: backfill('2026-01-01T00:00:00Z', '2026-01-02'), flaw: 'from a timestamp' },
        ],
      },
    },
    '/api/app/onboarding': {
      kind: 'app',
      methods: ['POST'],
      badBodies: {
        POST: [
          { body: {}, flaw: 'no action' },
          { body: { action: 'launch' }, flaw: 'unknown action' },
          { body: { action: 'GO-LIVE' }, flaw: 'action in the wrong case' },
          { body: { action: ['go-live'] }, flaw: 'action an array' },
          { body: { action: 'start-date' }, flaw: 'start-date without a date' },
          { body: { action: 'start-date', startDate: '2026-02-30' }, flaw: 'impossible start date' },
          { body: { action: 'start-date', startDate: '2026-02-01T00:00:00Z' }, flaw: 'start date with a time' },
          { body: { action: 'start-date', startDate: 20260201 }, flaw: 'start date a number' },
          { body: { action: 'start-date', startDate: '٢٠٢٦-٠٢-٠١' }, flaw: 'start date in Arabic-Indic digits' },
          { body: { action: '__proto__' }, flaw: 'action __proto__' },
        ],
      },
    },
    '/api/app/activity': { kind: 'app', methods: ['GET'], readOnlyGet: true, badQueries: ACTIVITY_BAD_QUERIES },
    '/api/app/activity/replay': {
      kind: 'app',
      methods: ['POST'],
      badBodies: {
        POST: [
          { body: {}, flaw: 'no orderIds' },
          { body: { orderIds: [] }, flaw: 'empty orderIds' },
          { body: { orderIds: [ctx.orderId, ctx.orderId] }, flaw: 'repeated order' },
          { body: { orderIds: [0] }, flaw: 'order 0' },
          { body: { orderIds: [-ctx.orderId] }, flaw: 'negative order' },
          { body: { orderIds: [1.5] }, flaw: 'fractional order' },
          { body: { orderIds: [String(ctx.orderId)] }, flaw: 'order as a string' },
          { body: { orderIds: [9_007_199_254_740_993] }, flaw: 'order beyond 2^53' },
          { body: { orderIds: Array.from({ length: 101 }, (_, i) => i + 1) }, flaw: '101 orders' },
          { body: { orderIds: Array.from({ length: 50_000 }, (_, i) => i + 1) }, flaw: '50,000 orders' },
          { body: { orderIds: [ctx.orderId], storeHash: ctx.otherStoreHash }, flaw: 'unknown field (strict)' },
          { body: { orderIds: { 0: ctx.orderId } }, flaw: 'orderIds an object' },
        ],
      },
    },
    '/api/app/activity/[orderId]': { kind: 'app', methods: ['GET'], readOnlyGet: true },
    '/api/app/orders/[orderId]/preview': { kind: 'app', methods: ['GET'] },
    '/api/app/settings': {
      kind: 'app',
      methods: ['GET', 'PUT'],
      badBodies: {
        PUT: [
          { body: null, flaw: 'null' },
          { body: [], flaw: 'array' },
          { body: 'live', flaw: 'a JSON string' },
          { body: 42, flaw: 'a number' },
          { body: { live: 'yes' }, flaw: 'live a string' },
          { body: { startDate: '2026-02-30' }, flaw: 'impossible start date' },
        ],
      },
    },
    '/api/app/items': {
      kind: 'app',
      methods: ['GET', 'POST'],
      readOnlyGet: true,
      badQueries: [
        { query: query([['filter', 'everything']]), flaw: 'unknown filter' },
        { query: query([['page', '0']]), flaw: 'page 0' },
        { query: query([['page', 'NaN']]), flaw: 'page NaN' },
        { query: query([['limit', '1000']]), flaw: 'limit over the maximum' },
        { query: query([['search', 's'.repeat(101)]]), flaw: 'search over 100 characters' },
        { query: query([['search', 'a'], ['search', 'b']]), flaw: 'search repeated' },
        { query: query([['unknown', 'x']]), flaw: 'unknown parameter (strict)' },
      ],
      badBodies: {
        POST: [
          { body: {}, flaw: 'no action' },
          { body: { action: 'delete-everything' }, flaw: 'unknown action' },
          { body: { action: 'map', sku: 'A' }, flaw: 'map without itemId' },
          { body: { action: 'map', sku: 's'.repeat(101), itemId: '1' }, flaw: 'sku over 100 characters' },
          { body: { action: 'create', skus: [] }, flaw: 'create nothing' },
          { body: { action: 'unmap', sku: 'A', extra: true }, flaw: 'unknown field (strict)' },
          { body: null, flaw: 'null' },
        ],
      },
    },
    '/api/app/quickbooks/items': {
      kind: 'app',
      methods: ['GET'],
      badQueries: [
        { query: query([['search', 'q'.repeat(101)]]), flaw: 'search over 100 characters' },
        { query: query([['search', 'q'.repeat(10_240)]]), flaw: 'search 10 KB' },
        { query: query([['search', 'a'], ['search', 'b']]), flaw: 'search repeated' },
        { query: query([['constructor', 'x']]), flaw: 'unknown parameter constructor (strict)' },
      ],
    },
    '/api/bigcommerce/auth': { kind: 'browser-callback', methods: ['GET'] },
    '/api/bigcommerce/load': { kind: 'browser-callback', methods: ['GET'] },
    '/api/bigcommerce/uninstall': { kind: 'server-callback', methods: ['GET'] },
    '/api/bigcommerce/remove-user': { kind: 'server-callback', methods: ['GET'] },
    '/api/quickbooks/callback': { kind: 'qbo-callback', methods: ['GET'] },
    '/api/webhooks/bigcommerce': { kind: 'webhook', methods: ['POST'] },
    '/api/sync/drain': { kind: 'drain', methods: ['POST'] },
    '/api/support/login': { kind: 'support-public', methods: ['POST'] },
    '/api/support/logout': { kind: 'support-staff', methods: ['POST'] },
    '/api/support/session': { kind: 'support-staff', methods: ['GET'] },
    '/api/support/stores': {
      kind: 'support-staff',
      methods: ['GET'],
      badQueries: [
        { query: query([['limit', '0']]), flaw: 'limit 0' },
        { query: query([['limit', 'NaN']]), flaw: 'limit NaN' },
        { query: query([['limit', '1e309']]), flaw: 'limit Infinity' },
        { query: query([['cursor', '../../x']]), flaw: 'cursor path traversal' },
        { query: query([['cursor', 'A'.repeat(65)]]), flaw: 'cursor not a store hash' },
        { query: query([['cursor', 'a'], ['cursor', 'b']]), flaw: 'cursor repeated' },
        { query: query([['limit', '5'], ['limit', '6']]), flaw: 'limit repeated' },
      ],
    },
    '/api/support/stores/[storeHash]/activity': { kind: 'support-staff', methods: ['GET'], badQueries: ACTIVITY_BAD_QUERIES },
    '/api/support/stores/[storeHash]/orders/[orderId]': { kind: 'support-staff', methods: ['GET'] },
  };
}

/** The text with one character replaced by a different one (never a no-op). */
function alterAt(value: string, position: number): string {
  const current = value[position];
  return `${value.slice(0, position)}${current === 'A' ? 'B' : 'A'}${value.slice(position + 1)}`;
}
const alterLast = (value: string) => alterAt(value, value.length - 1);

/** A path for a route pattern with its dynamic segments filled. */
function fill(route: string, values: Record<string, string>): string {
  return route.replace(/\[(\w+)\]/g, (_, name: string) => values[name] ?? '1');
}

// ---------------------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------------------

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const ODD_METHODS = ['PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'FOO'];

export interface GeneratorOptions {
  /** Minimum requests per target; families are cycled (with fresh random variation) until it is reached. */
  minPerTarget?: number;
  /** Extra minimum for the webhook and callback targets, which take most of the hostile traffic in production. */
  minPerEdgeTarget?: number;
}

/** Every hostile request for the context's routes, in a stable order. */
export function generateRequests(ctx: GeneratorContext, options: GeneratorOptions = {}): GeneratedRequest[] {
  const rng = seededRandom(ctx.seed);
  const known = knownRoutes(ctx);
  const out: GeneratedRequest[] = [];
  const origin = ctx.appOrigin;
  const jsonHeaders = { 'content-type': 'application/json' };

  const push = (request: Omit<GeneratedRequest, 'id'>) => out.push({ id: out.length, ...request });

  const dynamicValues = { orderId: String(ctx.orderId), storeHash: ctx.storeHash };
  const pools: FuzzPools = {
    signedPayloads: forgedSignedPayloads(ctx, rng),
    bearers: forgedBearers(ctx, rng).slice(1),
    bodies: [...malformedJsonBodies(rng).slice(0, 24), ...wrongShapeJsonBodies().slice(0, 7)],
  };

  for (const route of ctx.routes) {
    const info = known[route] ?? { kind: kindOf(route) };
    const path = fill(route, dynamicValues);
    const start = out.length;
    const perTarget = () => out.length - start;
    const methods = info.methods;
    const builders: Array<() => void> = [];

    switch (info.kind) {
      case 'app':
      case 'session':
        builders.push(...appRouteBuilders(ctx, rng, route, path, info, push));
        break;
      case 'support-staff':
      case 'support-public':
        builders.push(...supportBuilders(ctx, rng, route, path, info, push));
        break;
      case 'browser-callback':
      case 'server-callback':
        builders.push(...callbackBuilders(ctx, rng, route, path, push));
        break;
      case 'qbo-callback':
        builders.push(...quickBooksCallbackBuilders(ctx, rng, route, path, push));
        break;
      case 'webhook':
        builders.push(...webhookBuilders(ctx, rng, route, path, push));
        break;
      case 'drain':
        builders.push(...drainBuilders(ctx, rng, route, path, push));
        break;
    }

    // Generic to every route: methods it does not answer, and bodies Next's parser refuses before any handler
    // (the webhook route reads its own raw body and is covered by its builders).
    builders.push(() => {
      const refused = methods ? [...ALL_METHODS, ...ODD_METHODS].filter((method) => !methods.includes(method)) : ODD_METHODS.filter((m) => m !== 'HEAD');
      for (const method of refused) {
        push({ target: route, family: 'method', flaw: `${method} is not a method of this route`, method, path, headers: authHeadersFor(ctx, info.kind), mustReject: true });
      }
    });
    if (info.kind !== 'webhook') {
      builders.push(() => {
        const method = methods?.find((m) => m !== 'GET') ?? 'POST';
        for (const { body, flaw } of malformedJsonBodies(rng).filter((entry) => !nextParsesAsJson(entry.body))) {
          push({ target: route, family: 'body-json', flaw: `malformed JSON: ${flaw}`, method, path, headers: { ...jsonHeaders, ...authHeadersFor(ctx, info.kind) }, body, mustReject: true });
        }
        for (const { body, flaw, closeOk } of oversized(ONE_MB, route)) {
          push({ target: route, family: 'oversized', flaw, method, path, headers: { ...jsonHeaders, ...authHeadersFor(ctx, info.kind) }, body, mustReject: true, closeOk });
        }
      });
    }

    const minimum = ['webhook', 'browser-callback', 'server-callback', 'qbo-callback'].includes(info.kind)
      ? (options.minPerEdgeTarget ?? 300)
      : (options.minPerTarget ?? 120);
    for (const build of builders) build();
    // Top up with random combinations of refused credentials and odd query strings until the target has its share.
    let round = 0;
    while (perTarget() < minimum && round < 10_000) {
      round += 1;
      fuzzOne(ctx, rng, pools, route, path, info.kind, push);
    }
  }
  return out;
}

/** Credentials for "everything right except the part under test" on store A (refused requests only). */
function authHeadersFor(ctx: GeneratorContext, kind: RouteKind): Record<string, HeaderValue> {
  switch (kind) {
    case 'app':
    case 'session':
      return { authorization: `Bearer ${ctx.sessionToken}` };
    case 'support-staff':
    case 'support-public':
      return { cookie: ctx.supportCookie, origin: ctx.appOrigin };
    case 'webhook':
      return { 'x-qbo-sync-secret': ctx.webhookSecret };
    case 'drain':
      return { authorization: `Bearer ${ctx.drainSecret}x` };
    default:
      return {};
  }
}

type Push = (request: Omit<GeneratedRequest, 'id'>) => void;

const FIVE_HUNDRED_PARAMETERS = `?${Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&')}`;
const TEN_KB = 'v'.repeat(10_240);

function oddQueries(rng: Random): Array<{ query: string; flaw: string }> {
  const key = rng.pick(['q', 'limit', 'page', 'cursor', 'search', 'status', 'code', 'state', 'id']);
  return [
    { query: '?', flaw: 'empty query string' },
    { query: '?&&&', flaw: 'only separators' },
    { query: '?=value', flaw: 'empty key' },
    { query: `?${key}`, flaw: 'key without =' },
    { query: `?${key}=`, flaw: 'empty value' },
    { query: query([[key, 'a'], [key, 'b'], [key, 'c']]), flaw: 'repeated key (array)' },
    { query: `?${key}=${TEN_KB}`, flaw: '10 KB value' },
    { query: query([[key, rng.pick(UNICODE_SAMPLES)]]), flaw: 'unicode value' },
    { query: query([[rng.pick(UNICODE_SAMPLES), 'x']]), flaw: 'unicode key' },
    { query: query([[rng.pick(PROTO_KEYS), rng.pick(['1', 'x', '{}'])]]), flaw: 'prototype key' },
    { query: query([['__proto__', 'a'], ['__proto__', 'b']]), flaw: '__proto__ repeated (array)' },
    { query: query([[key, rng.pick(NUMBER_SAMPLES)]]), flaw: 'odd number' },
    { query: query([[key, rng.pick(TRAVERSAL_SAMPLES)]]), flaw: 'traversal/injection string' },
    { query: `?${key}=${rng.pick(RAW_ENCODED)}`, flaw: 'invalid percent-encoding' },
    { query: `?${key}=a%00b`, flaw: 'NUL byte' },
    { query: FIVE_HUNDRED_PARAMETERS, flaw: '500 parameters' },
    { query: `?${key}[]=1&${key}[]=2&${key}[a][b]=c`, flaw: 'bracket notation' },
    { query: `?${key}=${Buffer.from('é', 'utf8').toString('latin1')}`, flaw: 'raw non-ASCII bytes in the request line' },
  ];
}

function appRouteBuilders(ctx: GeneratorContext, rng: Random, route: string, path: string, info: RouteInfo, push: Push): Array<() => void> {
  const methods = info.methods ?? ['GET', 'POST', 'PUT', 'DELETE'];
  const isSession = info.kind === 'session';
  const authed = { authorization: `Bearer ${ctx.sessionToken}` };
  const builders: Array<() => void> = [];

  // Forged/missing bearer tokens with every method the route has (the session route's POST needs none).
  builders.push(() => {
    for (const { authorization, flaw } of forgedBearers(ctx, rng)) {
      for (const method of methods.filter((m) => !(isSession && m === 'POST'))) {
        push({
          target: route,
          family: 'bearer',
          flaw: `bearer: ${flaw}`,
          method,
          path: method === 'GET' && rng.chance(0.3) ? `${path}${rng.pick(oddQueries(rng)).query}` : path,
          headers: { ...(authorization === undefined ? {} : { authorization }), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          ...(method === 'GET' ? {} : { body: Buffer.from('{}') }),
          mustReject: true,
        });
      }
    }
    // The token in the query string instead of the header.
    push({ target: route, family: 'bearer', flaw: 'token in the query string, no header', method: methods[0] ?? 'GET', path: `${path}${query([['token', ctx.sessionToken]])}`, headers: {}, mustReject: !(isSession && methods[0] === 'POST') });
  });

  // Dynamic segments: hostile values (validated before anything is read).
  if (route.includes('[orderId]')) {
    builders.push(() => {
      for (const value of ORDER_ID_BAD) {
        push({ target: route, family: 'path-param', flaw: `orderId ${JSON.stringify(value.slice(0, 40))}`, method: 'GET', path: route.replace('[orderId]', value), headers: authed, mustReject: true });
      }
      // A well-formed order number the store has no activity for: 404 (timeline) — read-only either way.
      if (route.startsWith('/api/app/activity/')) {
        push({ target: route, family: 'path-param', flaw: 'order with no activity', method: 'GET', path: route.replace('[orderId]', '999999999'), headers: authed, mustReject: true });
      }
    });
  }

  if (info.badQueries) {
    builders.push(() => {
      for (const { query: q, flaw } of info.badQueries ?? []) {
        push({ target: route, family: 'query', flaw: `valid session, ${flaw}`, method: 'GET', path: `${path}${q}`, headers: authed, mustReject: true });
      }
    });
  }

  if (info.badBodies) {
    builders.push(() => {
      for (const [method, bodies] of Object.entries(info.badBodies ?? {})) {
        for (const { body, flaw } of bodies ?? []) {
          push({
            target: route,
            family: 'body-shape',
            flaw: `valid session, ${flaw}`,
            method,
            path,
            headers: { 'content-type': 'application/json', ...authed },
            body: Buffer.from(JSON.stringify(body) ?? 'null', 'utf8'),
            mustReject: true,
          });
        }
        for (const { body, flaw } of wrongShapeJsonBodies()) {
          push({ target: route, family: 'body-shape', flaw: `valid session, ${flaw}`, method, path, headers: { 'content-type': 'application/json', ...authed }, body, mustReject: true });
        }
        // Wrong content types: the body is then a string (or form fields that mean nothing here).
        for (const type of CONTENT_TYPES) {
          push({
            target: route,
            family: 'content-type',
            flaw: `valid session, Content-Type ${type}`,
            method,
            path,
            headers: { 'content-type': type, ...authed },
            body: contentTypeBody(type, { unexpected: rng.pick(UNICODE_SAMPLES), n: rng.pick(NUMBER_SAMPLES) }),
            mustReject: true,
          });
        }
        push({ target: route, family: 'content-type', flaw: 'valid session, no Content-Type, JSON text', method, path, headers: authed, body: Buffer.from('{"unexpected":true}'), mustReject: true });
      }
    });
  }

  // Read-only routes with a valid session and odd (ignored or refused) query strings: may answer 200.
  if (info.readOnlyGet && !route.includes('[')) {
    builders.push(() => {
      // Half of the odd query strings per route (a seeded pick): these valid reads cost real work (the dashboard
      // reads a dozen collections), and the other half is covered by the next route.
      for (const { query: q, flaw } of oddQueries(rng).filter(() => rng.chance(0.5))) {
        push({ target: route, family: 'query-odd', flaw: `valid session, ${flaw}`, method: 'GET', path: `${path}${q}`, headers: authed, mustReject: false });
      }
    });
  }
  return builders;
}

function supportBuilders(ctx: GeneratorContext, rng: Random, route: string, path: string, info: RouteInfo, push: Push): Array<() => void> {
  const methods = info.methods ?? ['GET', 'POST'];
  const builders: Array<() => void> = [];
  const cookieName = ctx.supportCookieName;
  const validCookie = ctx.supportCookie;
  const cookieValue = validCookie.slice(cookieName.length + 1);
  const [sessionId = '', mac = ''] = cookieValue.split('.');

  if (info.kind === 'support-public') {
    // Sign-in: malformed bodies are refused before anything is counted; wrong Origin before anything is read.
    builders.push(() => {
      const bodies: Array<{ body: unknown; flaw: string }> = [
        { body: {}, flaw: 'no fields' },
        { body: { username: 'alice' }, flaw: 'no password' },
        { body: { username: 'alice', password: 42 }, flaw: 'password a number' },
        { body: { username: '', password: 'x' }, flaw: 'empty username' },
        { body: { username: '   ', password: 'x' }, flaw: 'blank username' },
        { body: { username: 'u'.repeat(201), password: 'x' }, flaw: 'username over 200 characters' },
        { body: { username: 'alice', password: 'p'.repeat(1_025) }, flaw: 'password over 1,024 characters' },
        { body: { username: ['alice'], password: ['x'] }, flaw: 'arrays' },
        { body: { username: { $ne: null }, password: { $ne: null } }, flaw: 'operator objects' },
        { body: null, flaw: 'null' },
      ];
      for (const { body, flaw } of bodies) {
        push({ target: route, family: 'body-shape', flaw: `sign-in: ${flaw}`, method: 'POST', path, headers: { 'content-type': 'application/json', origin: ctx.appOrigin, 'x-forwarded-for': `203.0.113.${rng.int(1, 250)}` }, body: Buffer.from(JSON.stringify(body)), mustReject: true });
      }
      for (const type of CONTENT_TYPES) {
        push({ target: route, family: 'content-type', flaw: `sign-in with Content-Type ${type}`, method: 'POST', path, headers: { 'content-type': type, origin: ctx.appOrigin }, body: contentTypeBody(type, { user: 'alice' }), mustReject: true });
      }
      for (const origin of [undefined, 'null', 'http://evil.example', `${ctx.appOrigin}.evil.example`, ctx.appOrigin.replace('http://', 'https://'), `${ctx.appOrigin}/`, ctx.appOrigin.toUpperCase()]) {
        push({
          target: route,
          family: 'origin',
          flaw: `sign-in from Origin ${origin ?? '(none)'}`,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) },
          body: Buffer.from(JSON.stringify({ username: 'alice', password: 'guess' })),
          mustReject: true,
        });
      }
      // Well-formed attempts with wrong credentials: refused (401, then 429 once throttled), and by design counted
      // in supportLogins and written to supportAudit (lib/support/staff-auth.ts). Run in their own batch.
      const usernames = ['alice', 'ALICE', 'mallory', 'root', 'a'.repeat(200), 'Ünïcödé', "alice' OR '1'='1", 'alice\u0000', '__proto__'];
      for (let i = 0; i < 40; i += 1) {
        push({
          target: route,
          family: 'credentials',
          flaw: 'sign-in with wrong credentials',
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', origin: ctx.appOrigin, 'x-forwarded-for': rng.pick(['198.51.100.7', `198.51.100.${rng.int(8, 200)}`, 'not-an-ip', '::1, 10.0.0.1', '']) },
          body: Buffer.from(JSON.stringify({ username: rng.pick(usernames), password: rng.string(rng.int(1, 60)) })),
          mustReject: true,
          writesByDesign: 'failed and throttled sign-ins are counted (supportLogins) and audited (supportAudit)',
        });
      }
    });
    return builders;
  }

  const staffPath = fill(route, { storeHash: ctx.storeHash, orderId: String(ctx.orderId) });
  builders.push(() => {
    const cookies: Array<{ cookie?: string; flaw: string }> = [
      { flaw: 'no cookie' },
      { cookie: `${cookieName}=`, flaw: 'empty cookie' },
      { cookie: `${cookieName}=${sessionId}`, flaw: 'session id without its signature' },
      { cookie: `${cookieName}=${sessionId}.${alterLast(mac)}`, flaw: 'signature altered' },
      { cookie: `${cookieName}=${alterLast(sessionId)}.${mac}`, flaw: 'session id altered' },
      { cookie: `${cookieName}=${alterAt(sessionId, 5)}.${mac}`, flaw: 'session id altered inside' },
      { cookie: `${cookieName}=${rng.string(43)}.${rng.string(43)}`, flaw: 'random session and signature' },
      { cookie: `${cookieName}=${cookieValue}.extra`, flaw: 'three parts' },
      { cookie: `${cookieName}=${'x'.repeat(8_000)}`, flaw: '8 KB cookie' },
      { cookie: `other=${cookieValue}`, flaw: 'valid value under another name' },
      { cookie: `__Host-${cookieName}=${rng.string(43)}.${rng.string(43)}`, flaw: 'secure-prefixed name, forged' },
      { cookie: `${cookieName}=${rng.string(43)}.${rng.string(43)}; ${validCookie}`, flaw: 'forged cookie first, valid second' },
      { cookie: `${cookieName}=${encodeURIComponent('☕️.🎉')}`, flaw: 'unicode cookie' },
      { cookie: `${cookieName}="${cookieValue}"`, flaw: 'quoted value' },
    ];
    for (const { cookie, flaw } of cookies) {
      for (const method of methods) {
        push({ target: route, family: 'cookie', flaw: `support cookie: ${flaw}`, method, path: staffPath, headers: { ...(cookie ? { cookie } : {}), ...(method === 'GET' ? {} : { origin: ctx.appOrigin }) }, mustReject: true });
      }
    }
    // State-changing methods need Origin even with a valid session (CSRF); logout with a valid cookie must not end it.
    for (const method of methods.filter((m) => m !== 'GET')) {
      for (const origin of [undefined, 'http://evil.example', 'null']) {
        push({ target: route, family: 'origin', flaw: `valid cookie, Origin ${origin ?? '(none)'}`, method, path: staffPath, headers: { cookie: validCookie, ...(origin ? { origin } : {}) }, mustReject: true });
      }
    }
    for (const { query: q, flaw } of info.badQueries ?? []) {
      push({ target: route, family: 'query', flaw: `valid cookie, ${flaw}`, method: 'GET', path: `${staffPath}${q}`, headers: { cookie: validCookie }, mustReject: true });
    }
    if (route.includes('[storeHash]')) {
      for (const value of ['UPPER', '..', '..%2F..%2Fsupport', '%00', 'a'.repeat(65), enc('☕'), '%FF', '__proto__']) {
        push({ target: route, family: 'path-param', flaw: `storeHash ${value.slice(0, 30)}`, method: 'GET', path: fill(route, { storeHash: value, orderId: String(ctx.orderId) }), headers: { cookie: validCookie }, mustReject: true });
      }
      // A well-formed hash of a store that does not exist: 404 before the audit.
      push({ target: route, family: 'path-param', flaw: 'store never installed', method: 'GET', path: fill(route, { storeHash: ctx.unknownStoreHash, orderId: String(ctx.orderId) }), headers: { cookie: validCookie }, mustReject: true });
    }
    if (route.includes('[orderId]')) {
      for (const value of ORDER_ID_BAD) {
        push({ target: route, family: 'path-param', flaw: `orderId ${JSON.stringify(value.slice(0, 30))}`, method: 'GET', path: fill(route, { storeHash: ctx.storeHash, orderId: value }), headers: { cookie: validCookie }, mustReject: true });
      }
      // Looking up an order with no activity is refused (404) after the staff audit entry: viewing is audited
      // before the lookup, by design (lib/http/support-api-route.ts, pages/api/support/stores/[storeHash]/orders).
      push({
        target: route,
        family: 'path-param',
        flaw: 'order with no activity (audited, then 404)',
        method: 'GET',
        path: fill(route, { storeHash: ctx.storeHash, orderId: '999999999' }),
        headers: { cookie: validCookie },
        mustReject: true,
        writesByDesign: 'support views are audited before the lookup (supportAudit)',
      });
    }
  });
  return builders;
}

function callbackBuilders(ctx: GeneratorContext, rng: Random, route: string, path: string, push: Push): Array<() => void> {
  const builders: Array<() => void> = [];
  if (route === '/api/bigcommerce/auth') {
    builders.push(() => {
      const context = `stores/${ctx.otherStoreHash}`;
      const cases: Array<{ q: string; flaw: string }> = [
        { q: '', flaw: 'no parameters' },
        { q: query([['code', 'abc'], ['scope', 'store_v2_orders']]), flaw: 'no context' },
        { q: query([['scope', 'x'], ['context', context]]), flaw: 'no code' },
        { q: query([['code', ''], ['scope', ''], ['context', context]]), flaw: 'empty code' },
        { q: query([['code', 'c'.repeat(513)], ['scope', ''], ['context', context]]), flaw: 'code over 512 characters' },
        { q: query([['code', 'c'], ['scope', 's'.repeat(4_097)], ['context', context]]), flaw: 'scope over 4 KB' },
        { q: query([['code', 'a'], ['code', 'b'], ['scope', ''], ['context', context]]), flaw: 'code repeated' },
        { q: query([['code', 'a'], ['scope', ''], ['context', context], ['context', `stores/${ctx.storeHash}`]]), flaw: 'context repeated' },
        { q: query([['code', 'a'], ['scope', ''], ['context', ctx.otherStoreHash]]), flaw: 'context without stores/' },
        { q: query([['code', 'a'], ['scope', ''], ['context', `stores/${ctx.otherStoreHash}/../x`]]), flaw: 'context traversal' },
        { q: query([['code', 'a'], ['scope', ''], ['context', 'stores/UPPER']]), flaw: 'context upper-case' },
        { q: query([['code', 'a'], ['scope', ''], ['context', `stores/${'a'.repeat(65)}`]]), flaw: 'context 65 characters' },
        { q: `?code=%FF&scope=&context=stores%2F${ctx.otherStoreHash}`, flaw: 'code invalid percent-encoding' },
        { q: `?code=a%00b&scope=&context=stores%2F${ctx.otherStoreHash}`, flaw: 'code with NUL' },
      ];
      for (const { q, flaw } of cases) push({ target: route, family: 'query', flaw: `install: ${flaw}`, method: 'GET', path: `${path}${q}`, headers: {}, mustReject: true });
      // Forged codes with an otherwise valid request: BigCommerce's token endpoint refuses them (400 → 400).
      for (let i = 0; i < 40; i += 1) {
        const code = rng.pick([rng.string(rng.int(1, 64)), rng.pick(UNICODE_SAMPLES), rng.pick(TRAVERSAL_SAMPLES), rng.pick(NUMBER_SAMPLES)]);
        push({
          target: route,
          family: 'forged-code',
          flaw: 'install with a code BigCommerce never issued',
          method: 'GET',
          path: `${path}${query([['code', code], ['scope', 'store_v2_orders_read_only'], ['context', `stores/${rng.pick([ctx.otherStoreHash, ctx.storeHash, ctx.unknownStoreHash])}`], ['account_uuid', rng.string(36)]])}`,
          headers: {},
          mustReject: true,
        });
      }
    });
    return builders;
  }

  // load, uninstall, remove-user: signed_payload_jwt
  builders.push(() => {
    for (const { token, flaw } of forgedSignedPayloads(ctx, rng)) {
      push({ target: route, family: 'jwt', flaw: `signed_payload_jwt: ${flaw}`, method: 'GET', path: `${path}${query([['signed_payload_jwt', token]])}`, headers: {}, mustReject: true });
    }
    const valid = hmacJwt({ alg: 'HS256', typ: 'JWT' }, bcClaims(ctx, { exp: ctx.nowSeconds - 30 }), ctx.clientSecret);
    const extra: Array<{ q: string; flaw: string }> = [
      { q: '', flaw: 'no signed_payload_jwt' },
      { q: '?signed_payload_jwt', flaw: 'parameter without value' },
      { q: '?signed_payload_jwt=', flaw: 'empty parameter' },
      { q: query([['signed_payload', valid]]), flaw: 'old parameter name' },
      { q: query([['signed_payload_jwt', valid], ['signed_payload_jwt', valid]]), flaw: 'parameter repeated (array)' },
      { q: `?signed_payload_jwt=${valid.slice(0, 30)}%00${valid.slice(30)}`, flaw: 'NUL inside the token' },
      { q: `?signed_payload_jwt=${valid.slice(0, 30)}%FF${valid.slice(30)}`, flaw: 'invalid percent-encoding inside the token' },
      { q: query([['signed_payload_jwt', `${valid}☕`]]), flaw: 'unicode appended' },
      { q: query([['__proto__', valid]]), flaw: 'token under __proto__' },
    ];
    for (const { q, flaw } of extra) push({ target: route, family: 'jwt', flaw: `signed_payload_jwt: ${flaw}`, method: 'GET', path: `${path}${q}`, headers: {}, mustReject: true });
  });
  return builders;
}

function quickBooksCallbackBuilders(ctx: GeneratorContext, rng: Random, route: string, path: string, push: Push): Array<() => void> {
  const consumed = new URL(ctx.consumedCallbackPath, 'http://x.invalid').searchParams;
  const state = consumed.get('state') ?? '';
  const code = consumed.get('code') ?? 'code';
  const realmId = consumed.get('realmId') ?? '1';
  return [
    () => {
      const cases: Array<{ q: string; flaw: string }> = [
        { q: '', flaw: 'no parameters' },
        { q: query([['code', code], ['realmId', realmId]]), flaw: 'no state' },
        { q: query([['state', ''], ['code', code], ['realmId', realmId]]), flaw: 'empty state' },
        { q: query([['state', state]]), flaw: 'consumed state, nothing else' },
        { q: query([['state', state], ['code', code], ['realmId', realmId]]), flaw: 'consumed state replayed with its code' },
        { q: query([['state', state], ['error', 'access_denied']]), flaw: 'consumed state replayed with access_denied' },
        { q: query([['state', state], ['state', state], ['code', code]]), flaw: 'state repeated (array)' },
        { q: query([['state', state.slice(0, -1)], ['code', code], ['realmId', realmId]]), flaw: 'state one character short' },
        { q: query([['state', `${state}A`], ['code', code]]), flaw: 'state one character long' },
        { q: query([['state', state.toUpperCase()], ['code', code]]), flaw: 'state upper-cased' },
        { q: query([['state', `${ctx.otherStoreHash}.${'A'.repeat(43)}`], ['code', code], ['realmId', realmId]]), flaw: 'well-formed state never issued (store B)' },
        { q: query([['state', `${ctx.unknownStoreHash}.${'A'.repeat(43)}`], ['code', code]]), flaw: 'state for a store never installed' },
        { q: query([['state', `../${ctx.storeHash}.${'A'.repeat(43)}`]]), flaw: 'state traversal' },
        { q: query([['state', 's'.repeat(10_240)]]), flaw: '10 KB state' },
        { q: `?state=${state.slice(0, 10)}%00${state.slice(10)}`, flaw: 'NUL inside the state' },
        { q: `?state=%FF%FE&code=%ED%A0%80`, flaw: 'invalid percent-encoding' },
        { q: query([['state', `${ctx.storeHash}.${'A'.repeat(43)}`], ['error', 'e'.repeat(10_240)]]), flaw: 'never-issued state with a 10 KB error' },
      ];
      for (const { q, flaw } of cases) push({ target: route, family: 'oauth-state', flaw: `QuickBooks callback: ${flaw}`, method: 'GET', path: `${path}${q}`, headers: {}, mustReject: true });
      for (let i = 0; i < 60; i += 1) {
        const forged = rng.pick([
          `${rng.pick([ctx.storeHash, ctx.otherStoreHash])}.${rng.string(43)}`,
          rng.string(rng.int(1, 120)),
          rng.pick(UNICODE_SAMPLES),
          rng.pick(TRAVERSAL_SAMPLES),
        ]);
        push({
          target: route,
          family: 'oauth-state',
          flaw: 'QuickBooks callback with a forged state',
          method: 'GET',
          path: `${path}${query([['state', forged], ['code', rng.string(40)], ['realmId', rng.pick(NUMBER_SAMPLES)]])}`,
          headers: {},
          mustReject: true,
        });
      }
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------------------

export const WEBHOOK_SECRET_HEADER_NAME = 'x-qbo-sync-secret';

export function webhookEnvelope(rng: Random, storeHash: string, nowSeconds: number, overrides: Record<string, unknown> = {}) {
  return {
    scope: 'store/order/updated',
    store_id: '1001',
    producer: `stores/${storeHash}`,
    created_at: nowSeconds,
    hash: rng.hex(40),
    data: { type: 'order', id: rng.int(1, 5_000) },
    ...overrides,
  };
}

export function standardWebhookHeaders(secret: string, body: Buffer, id: string, timestamp: number | string): Record<string, string> {
  const signature = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body])).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` };
}

function webhookBuilders(ctx: GeneratorContext, rng: Random, route: string, path: string, push: Push): Array<() => void> {
  const secretA = { [WEBHOOK_SECRET_HEADER_NAME]: ctx.webhookSecret };
  const json = { 'content-type': 'application/json' };
  const bodyOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
  const envelopeA = (overrides: Record<string, unknown> = {}) => webhookEnvelope(rng, ctx.storeHash, ctx.nowSeconds, overrides);
  const reject = (family: string, flaw: string, headers: Record<string, HeaderValue>, body: Buffer, extra: Partial<GeneratedRequest> = {}) =>
    push({ target: route, family, flaw, method: 'POST', path, headers, body, mustReject: true, ...extra });

  return [
    // The per-store secret header.
    () => {
      const secrets: Array<{ headers: Record<string, HeaderValue>; flaw: string }> = [
        { headers: {}, flaw: 'no secret header' },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: '' }, flaw: 'empty secret' },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: rng.string(ctx.webhookSecret.length) }, flaw: 'random secret of the right length' },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: ctx.webhookSecret.slice(0, -1) }, flaw: 'secret one character short' },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: `${ctx.webhookSecret}x` }, flaw: 'secret one character long' },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: ctx.webhookSecret.toUpperCase() }, flaw: 'secret upper-cased' },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: ctx.otherWebhookSecret }, flaw: "store B's secret for store A" },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: 's'.repeat(10_240) }, flaw: '10 KB secret' },
        { headers: { [WEBHOOK_SECRET_HEADER_NAME]: [rng.string(20), ctx.webhookSecret] }, flaw: 'secret header twice, forged first' },
        { headers: { 'x-auth-secret': ctx.webhookSecret }, flaw: 'right secret under another header' },
        { headers: { authorization: `Bearer ${ctx.webhookSecret}` }, flaw: 'right secret as a bearer token' },
      ];
      for (const { headers, flaw } of secrets) {
        for (let i = 0; i < 3; i += 1) reject('webhook-auth', flaw, { ...json, ...headers }, bodyOf(envelopeA()));
      }
      reject('webhook-auth', 'unknown store (valid format)', { ...json, ...secretA }, bodyOf(envelopeA({ producer: `stores/${ctx.unknownStoreHash}` })));
      reject('webhook-auth', "store B named, store A's secret", { ...json, ...secretA }, bodyOf(webhookEnvelope(rng, ctx.otherStoreHash, ctx.nowSeconds)));
    },
    // Standard Webhooks signatures (right store secret, so the signature is what decides).
    () => {
      const body = bodyOf(envelopeA());
      const id = `msg_${rng.string(12)}`;
      const good = standardWebhookHeaders(ctx.clientSecret, body, id, ctx.nowSeconds);
      const cases: Array<{ headers: Record<string, string>; flaw: string; body?: Buffer }> = [
        { headers: { 'webhook-id': id }, flaw: 'only webhook-id' },
        { headers: { 'webhook-timestamp': String(ctx.nowSeconds) }, flaw: 'only webhook-timestamp' },
        { headers: { 'webhook-signature': good['webhook-signature'] ?? '' }, flaw: 'only webhook-signature' },
        { headers: { ...good, 'webhook-timestamp': 'now' }, flaw: 'timestamp not a number' },
        { headers: { ...good, 'webhook-timestamp': '1'.repeat(13) }, flaw: 'timestamp 13 digits' },
        { headers: { ...good, 'webhook-timestamp': '-1' }, flaw: 'timestamp negative' },
        { headers: standardWebhookHeaders(ctx.clientSecret, body, id, ctx.nowSeconds - 301), flaw: 'stale timestamp (301 s), correctly signed' },
        { headers: standardWebhookHeaders(ctx.clientSecret, body, id, ctx.nowSeconds - 86_400), flaw: 'stale timestamp (a day), correctly signed' },
        { headers: standardWebhookHeaders(ctx.clientSecret, body, id, 0), flaw: 'timestamp 0, correctly signed' },
        { headers: standardWebhookHeaders(ctx.clientSecret, body, id, ctx.nowSeconds + 3_600), flaw: 'timestamp an hour ahead, correctly signed' },
        { headers: standardWebhookHeaders('wrong-secret', body, id, ctx.nowSeconds), flaw: 'signed with the wrong secret' },
        { headers: standardWebhookHeaders(ctx.webhookSecret, body, id, ctx.nowSeconds), flaw: 'signed with the store secret instead of the client secret' },
        { headers: { ...good, 'webhook-id': `${id}x` }, flaw: 'signature for another message id' },
        { headers: good, flaw: 'signature for another body', body: bodyOf(envelopeA()) },
        { headers: { ...good, 'webhook-signature': (good['webhook-signature'] ?? '').replace('v1,', 'v2,') }, flaw: 'signature version v2' },
        { headers: { ...good, 'webhook-signature': 'v1,' }, flaw: 'empty signature' },
        { headers: { ...good, 'webhook-signature': 'v1' }, flaw: 'version only' },
        { headers: { ...good, 'webhook-signature': (good['webhook-signature'] ?? '').slice(0, -4) }, flaw: 'signature truncated' },
        { headers: { ...good, 'webhook-signature': `v1,${'A'.repeat(10_000)}` }, flaw: '10 KB signature' },
        { headers: { ...good, 'webhook-signature': `v1,!!!not-base64!!!` }, flaw: 'signature not base64' },
        { headers: { ...good, 'webhook-signature': Array.from({ length: 200 }, () => `v1,${rng.string(44)}`).join(' ') }, flaw: '200 wrong signatures' },
      ];
      for (const { headers, flaw, body: other } of cases) reject('webhook-signature', flaw, { ...json, ...secretA, ...headers }, other ?? body);
    },
    // Content types (checked before the secret: these answer 415 whatever the secret).
    () => {
      for (const type of CONTENT_TYPES.filter((t) => !/^application\/json\s*(;|$)/i.test(t) && t !== 'APPLICATION/JSON')) {
        reject('content-type', `Content-Type ${type}`, { 'content-type': type, ...secretA }, contentTypeBody(type, envelopeA()));
      }
      reject('content-type', 'no Content-Type', { ...secretA }, bodyOf(envelopeA()));
      // Labelled UTF-16 and really UTF-16: not JSON once read as UTF-8 (the only encoding BigCommerce sends).
      reject('content-type', 'UTF-16 body labelled charset=utf-16', { 'content-type': 'application/json; charset=utf-16', ...secretA }, contentTypeBody('application/json; charset=utf-16', envelopeA()));
    },
    // Bodies.
    () => {
      for (const { body, flaw } of malformedJsonBodies(rng, JSON.stringify(envelopeA()))) {
        reject('body-json', `malformed JSON: ${flaw}`, { ...json, ...secretA }, body);
      }
      for (const { body, flaw } of wrongShapeJsonBodies()) reject('body-shape', `not an envelope: ${flaw}`, { ...json, ...secretA }, body);
      const envelopes: Array<{ value: unknown; flaw: string }> = [
        { value: { ...envelopeA(), scope: undefined }, flaw: 'no scope' },
        { value: envelopeA({ scope: 'store/order/../../app/uninstalled' }), flaw: 'scope with dots' },
        { value: envelopeA({ scope: 'store/order/☕' }), flaw: 'unicode scope' },
        { value: envelopeA({ scope: `store/${'x'.repeat(100)}` }), flaw: 'scope too long' },
        { value: envelopeA({ scope: ['store/order/updated'] }), flaw: 'scope an array' },
        { value: envelopeA({ producer: `stores/${ctx.storeHash.toUpperCase()}` }), flaw: 'producer upper-case' },
        { value: envelopeA({ producer: ctx.storeHash }), flaw: 'producer without stores/' },
        { value: envelopeA({ producer: `stores/${ctx.storeHash}/x` }), flaw: 'producer with a suffix' },
        { value: envelopeA({ producer: null }), flaw: 'producer null' },
        { value: envelopeA({ created_at: -1 }), flaw: 'created_at negative' },
        { value: envelopeA({ created_at: 1.5 }), flaw: 'created_at fractional' },
        { value: envelopeA({ created_at: String(ctx.nowSeconds) }), flaw: 'created_at a string' },
        { value: envelopeA({ created_at: 1e300 }), flaw: 'created_at 1e300' },
        { value: envelopeA({ created_at: 1e12 }), flaw: 'created_at beyond year 9999' },
        { value: envelopeA({ created_at: 253_402_300_800 }), flaw: 'created_at one second after year 9999' },
        { value: envelopeA({ hash: 'g'.repeat(40) }), flaw: 'hash not hex' },
        { value: envelopeA({ hash: 'a'.repeat(39) }), flaw: 'hash 39 characters' },
        { value: envelopeA({ hash: 'a'.repeat(64) }), flaw: 'hash 64 characters' },
        { value: envelopeA({ data: null }), flaw: 'data null' },
        { value: envelopeA({ data: [1, 2] }), flaw: 'data an array' },
        { value: envelopeA({ data: 'order 5' }), flaw: 'data a string' },
        { value: envelopeA({ data: {} }), flaw: 'order scope, data empty' },
        { value: envelopeA({ data: { id: 'abc' } }), flaw: 'order scope, id not a number' },
        { value: envelopeA({ data: { id: -1 } }), flaw: 'order scope, id negative' },
        { value: envelopeA({ data: { id: 1.5 } }), flaw: 'order scope, id fractional' },
        { value: envelopeA({ data: { id: '1'.repeat(21) } }), flaw: 'order scope, id 21 digits' },
        { value: envelopeA({ data: { id: [1] } }), flaw: 'order scope, id an array' },
        { value: envelopeA({ data: { id: '１２３' } }), flaw: 'order scope, full-width digits' },
        { value: envelopeA({ scope: 'store/customer/address/updated', data: { id: 1 } }), flaw: 'address scope without address' },
        { value: envelopeA({ scope: 'store/customer/address/updated', data: { address: { customer_id: 'x' } } }), flaw: 'address scope, customer_id not a number' },
        { value: envelopeA({ scope: 'store/customer/created', data: { id: null } }), flaw: 'customer scope, id null' },
        { value: envelopeA({ data: { id: 1, nested: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) as unknown } }), flaw: 'data nested 40 levels deep' },
        { value: envelopeA({ data: { id: 1, list: [[1, 2], [3]] } }), flaw: 'data with nested arrays' },
        { value: envelopeA({ data: { id: 1, __name__: 'x' } }), flaw: 'data with a reserved Firestore field name' },
        { value: envelopeA({ data: { id: 1, '': 'empty key' } }), flaw: 'data with an empty key' },
        { value: envelopeA({ data: { id: 1, ['k'.repeat(1_600)]: 'long key' } }), flaw: 'data with a 1,600-byte key' },
      ];
      for (const { value, flaw } of envelopes) reject('envelope', flaw, { ...json, ...secretA }, bodyOf(value));
      for (const { body, flaw, closeOk } of oversized(64 * 1024, route)) reject('oversized', flaw, { ...json, ...secretA }, body, { closeOk });
      // 64 KB of valid envelope plus one byte.
      const padding = 'x'.repeat(64 * 1024);
      reject('oversized', 'valid envelope padded over 64 KB', { ...json, ...secretA }, bodyOf(envelopeA({ data: { type: 'order', id: 1, pad: padding } })));
    },
  ];
}

function drainBuilders(ctx: GeneratorContext, rng: Random, route: string, path: string, push: Push): Array<() => void> {
  return [
    () => {
      const secrets: Array<{ authorization?: HeaderValue; flaw: string }> = [
        { flaw: 'no secret' },
        { authorization: ctx.drainSecret, flaw: 'secret without Bearer' },
        { authorization: `bearer ${ctx.drainSecret}`, flaw: 'lower-case bearer' },
        { authorization: `Bearer ${ctx.drainSecret.slice(0, -1)}`, flaw: 'secret one character short' },
        { authorization: `Bearer  ${ctx.drainSecret}`, flaw: 'two spaces after Bearer' },
        { authorization: `Bearer ${ctx.drainSecret.toUpperCase()}`, flaw: 'upper-cased' },
        { authorization: `Bearer ${ctx.sessionToken}`, flaw: 'an app session token' },
        { authorization: `Bearer ${'d'.repeat(10_240)}`, flaw: '10 KB secret' },
        { authorization: `Bearer ${Buffer.from('sécret', 'utf8').toString('latin1')}`, flaw: 'non-ASCII bytes' },
        { authorization: [`Bearer ${rng.string(30)}`, `Bearer ${ctx.drainSecret}`], flaw: 'two headers, forged first' },
      ];
      for (const { authorization, flaw } of secrets) {
        for (let i = 0; i < 3; i += 1) {
          push({ target: route, family: 'drain-secret', flaw, method: 'POST', path: `${path}${i === 0 ? '' : rng.pick(oddQueries(rng)).query}`, headers: authorization === undefined ? {} : { authorization }, mustReject: true });
        }
      }
    },
  ];
}

interface FuzzPools {
  signedPayloads: Array<{ token: string; flaw: string }>;
  bearers: Array<{ authorization?: HeaderValue; flaw: string }>;
  bodies: Array<{ body: Buffer; flaw: string }>;
}

/** One random refused request for a route: a refused credential combined with odd query, body or headers. */
function fuzzOne(ctx: GeneratorContext, rng: Random, pools: FuzzPools, route: string, path: string, kind: RouteKind, push: Push): void {
  const q = rng.pick(oddQueries(rng));
  const withBody = rng.chance(0.5);
  const body = withBody ? rng.pick(pools.bodies) : undefined;
  const contentType = withBody ? rng.pick(['application/json', ...CONTENT_TYPES]) : undefined;
  const common = { target: route, family: 'fuzz', mustReject: true } as const;
  const bodyFields: { body?: Buffer; headers: Record<string, HeaderValue> } = body
    ? { body: body.body, headers: { 'content-type': contentType ?? 'application/json' } }
    : { headers: {} };
  const describe = (credential: string) => `${credential}; ${q.flaw}${body ? `; body ${body.flaw} as ${contentType}` : ''}`;
  switch (kind) {
    case 'app':
    case 'session': {
      const bearer = rng.pick(pools.bearers);
      const method = kind === 'session' ? 'PUT' : rng.pick(['GET', 'POST', 'PUT', 'DELETE']);
      push({ ...common, flaw: describe(`bearer ${bearer.flaw}`), method, path: `${path}${q.query}`, ...bodyFields, headers: { ...bodyFields.headers, ...(bearer.authorization === undefined ? {} : { authorization: bearer.authorization }) } });
      return;
    }
    case 'support-staff':
    case 'support-public': {
      const method = kind === 'support-public' ? 'GET' : rng.pick(['GET', 'POST']);
      const cookie = `${ctx.supportCookieName}=${rng.string(43)}.${rng.string(43)}`;
      push({ ...common, flaw: describe(kind === 'support-public' ? 'GET on sign-in' : 'forged support cookie'), method, path: `${fill(route, { storeHash: ctx.storeHash, orderId: String(ctx.orderId) })}${q.query}`, ...bodyFields, headers: { ...bodyFields.headers, cookie } });
      return;
    }
    case 'browser-callback':
    case 'server-callback': {
      if (route === '/api/bigcommerce/auth') {
        const code = rng.pick([rng.string(rng.int(1, 80)), rng.pick(UNICODE_SAMPLES), rng.pick(NUMBER_SAMPLES)]);
        const context = rng.pick([`stores/${ctx.otherStoreHash}`, `stores/${ctx.unknownStoreHash}`, rng.pick(TRAVERSAL_SAMPLES), `stores/${rng.string(8, 'abcdef0123456789')}`]);
        push({ ...common, flaw: describe('forged install code'), method: 'GET', path: `${path}${query([['code', code], ['scope', rng.pick(UNICODE_SAMPLES)], ['context', context]])}${q.query.replace('?', '&')}`, headers: {} });
        return;
      }
      const token = rng.pick(pools.signedPayloads);
      push({ ...common, flaw: describe(`signed_payload_jwt ${token.flaw}`), method: 'GET', path: `${path}${query([['signed_payload_jwt', token.token]])}${q.query.replace('?', '&')}`, headers: {} });
      return;
    }
    case 'qbo-callback': {
      const state = rng.pick([`${ctx.storeHash}.${rng.string(43)}`, rng.string(rng.int(0, 100)), rng.pick(UNICODE_SAMPLES)]);
      push({ ...common, flaw: describe('forged OAuth state'), method: 'GET', path: `${path}${query([['state', state], ['code', rng.string(30)], ['realmId', rng.pick(NUMBER_SAMPLES)]])}${q.query.replace('?', '&')}`, headers: {} });
      return;
    }
    case 'webhook': {
      const storeHash = rng.pick([ctx.storeHash, ctx.storeHash, ctx.unknownStoreHash]);
      const envelope = webhookEnvelope(rng, storeHash, ctx.nowSeconds, {
        data: { type: 'order', id: rng.int(1, 100_000), [rng.pick(UNICODE_SAMPLES)]: rng.pick(UNICODE_SAMPLES) },
        ...(rng.chance(0.3) ? { scope: rng.pick(['store/order/created', 'store/order/statusUpdated', 'store/customer/updated', 'store/product/updated', 'store/app/uninstalled']) } : {}),
      });
      const secret = rng.pick([rng.string(ctx.webhookSecret.length), ctx.otherWebhookSecret, '', ctx.webhookSecret.slice(1)]);
      push({
        ...common,
        flaw: `forged webhook secret${storeHash === ctx.unknownStoreHash ? ' for a store never installed' : ''}; ${q.flaw}`,
        method: 'POST',
        path: `${path}${q.query}`,
        headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER_NAME]: secret },
        body: Buffer.from(JSON.stringify(envelope), 'utf8'),
      });
      return;
    }
    case 'drain': {
      push({ ...common, flaw: describe('forged drain secret'), method: 'POST', path: `${path}${q.query}`, ...bodyFields, headers: { ...bodyFields.headers, authorization: `Bearer ${rng.string(rng.int(1, 80))}` } });
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Valid but odd (store B, or read-only on store A)
// ---------------------------------------------------------------------------------------------------------

/**
 * Authorized requests with odd content: real webhooks for store B with unusual payloads, load callbacks for store B
 * with odd deep links and users, and so on. They may succeed and write; they must never answer 5xx.
 */
export function generateValidOddRequests(ctx: GeneratorContext, count = 200): GeneratedRequest[] {
  const rng = seededRandom(ctx.seed ^ 0x5eed);
  const out: GeneratedRequest[] = [];
  const push = (request: Omit<GeneratedRequest, 'id'>) => out.push({ id: 1_000_000 + out.length, ...request });
  const webhookPath = '/api/webhooks/bigcommerce';
  const json = { 'content-type': 'application/json' };
  const secretB = { [WEBHOOK_SECRET_HEADER_NAME]: ctx.otherWebhookSecret };
  const envelopeB = (overrides: Record<string, unknown> = {}) => webhookEnvelope(rng, ctx.otherStoreHash, ctx.nowSeconds, overrides);
  const webhook = (flaw: string, value: unknown, headers: Record<string, string> = {}) =>
    push({ target: webhookPath, family: 'webhook-odd', flaw, method: 'POST', path: webhookPath, headers: { ...json, ...secretB, ...headers }, body: Buffer.from(JSON.stringify(value), 'utf8'), mustReject: false });

  if (ctx.routes.includes(webhookPath)) {
    webhook('scope we only record', envelopeB({ scope: 'store/product/updated', data: { type: 'product', id: 5 } }));
    webhook('order id as a string with leading zeros', envelopeB({ data: { type: 'order', id: '000123' } }));
    webhook('order id 0', envelopeB({ data: { type: 'order', id: 0 } }));
    webhook('order id 20 digits', envelopeB({ data: { type: 'order', id: '99999999999999999999' } }));
    webhook('order id 2^53 + 1 as a string', envelopeB({ data: { type: 'order', id: '9007199254740993' } }));
    webhook('created_at 0', envelopeB({ created_at: 0 }));
    webhook('created_at in year 2286', envelopeB({ created_at: 9_999_999_999 }));
    webhook('created_at at the last second of year 9999', envelopeB({ created_at: 253_402_300_799 }));
    webhook('hash upper-case', envelopeB({ hash: rng.hex(40).toUpperCase() }));
    webhook('store_id a number', envelopeB({ store_id: 1001 }));
    webhook('no store_id', { ...envelopeB(), store_id: undefined });
    webhook('unicode extra fields', envelopeB({ data: { type: 'order', id: 77, note: UNICODE_SAMPLES.join(' '), ['ключ']: 'значение' } }));
    webhook('status change with extra nesting', envelopeB({ scope: 'store/order/statusUpdated', data: { type: 'order', id: 78, status: { previous_status_id: 1, new_status_id: 11 } } }));
    webhook('refund event', envelopeB({ scope: 'store/order/refund/created', data: { type: 'order', id: 79, refund: { refund_id: 3 } } }));
    webhook('address event', envelopeB({ scope: 'store/customer/address/updated', data: { type: 'customer', id: 9, address: { customer_id: 4 } } }));
    webhook('store cancelled event on store B', envelopeB({ scope: 'store/app/uninstalled', data: { type: 'store', id: 1 } }));
    webhook('data padded close to 64 KB', envelopeB({ data: { type: 'order', id: 80, pad: 'p'.repeat(60_000) } }));
    webhook('__proto__ and constructor in data', JSON.parse(JSON.stringify(envelopeB()).replace('"data":{', '"data":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},')) as unknown);
    webhook('lone surrogate in data', JSON.parse(JSON.stringify(envelopeB()).replace('"data":{', '"data":{"odd":"\\ud800",')) as unknown);
    push({ target: webhookPath, family: 'webhook-odd', flaw: 'numbers overflowing to Infinity, and -0, in data', method: 'POST', path: webhookPath, headers: { ...json, ...secretB }, body: Buffer.from(JSON.stringify(envelopeB({ data: { type: 'order', id: 84, big: 'BIG', neg: 'NEG' } })).replace('"BIG"', '1e999').replace('"NEG"', '-0'), 'utf8'), mustReject: false });
    webhook('a thousand keys in data', envelopeB({ data: { type: 'order', id: 85, ...Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`k${i}`, i])) } }));
    const body = Buffer.from(JSON.stringify(envelopeB({ data: { type: 'order', id: 81 } })), 'utf8');
    push({ target: webhookPath, family: 'webhook-odd', flaw: 'correctly signed (Standard Webhooks)', method: 'POST', path: webhookPath, headers: { ...json, ...secretB, ...standardWebhookHeaders(ctx.clientSecret, body, 'msg_ok', ctx.nowSeconds) }, body, mustReject: false });
    const multi = standardWebhookHeaders(ctx.clientSecret, body, 'msg_multi', ctx.nowSeconds);
    push({ target: webhookPath, family: 'webhook-odd', flaw: 'several signatures, the right one last', method: 'POST', path: webhookPath, headers: { ...json, ...secretB, ...multi, 'webhook-signature': `v1,${b64url('x')} v2,abc ${multi['webhook-signature']}` }, body, mustReject: false });
    push({ target: webhookPath, family: 'webhook-odd', flaw: 'mislabelled charset=utf-16 on a UTF-8 body', method: 'POST', path: webhookPath, headers: { 'content-type': 'application/json; charset=utf-16', ...secretB }, body: Buffer.from(JSON.stringify(envelopeB()), 'utf8'), mustReject: false });
    const marker = '__INVALID_UTF8__';
    const [head = '', tail = ''] = JSON.stringify(envelopeB({ data: { type: 'order', id: 83, odd: marker } })).split(marker);
    push({ target: webhookPath, family: 'webhook-odd', flaw: 'invalid UTF-8 bytes in an extra field', method: 'POST', path: webhookPath, headers: { ...json, ...secretB }, body: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0xff, 0xc0, 0xaf]), Buffer.from(tail, 'utf8')]), mustReject: false });
    push({ target: webhookPath, family: 'webhook-odd', flaw: 'odd query string on a real webhook', method: 'POST', path: `${webhookPath}${query([['__proto__', 'x'], ['a', 'b'], ['a', 'c']])}`, headers: { ...json, ...secretB }, body: Buffer.from(JSON.stringify(envelopeB()), 'utf8'), mustReject: false });
    // The same event delivered five times.
    const duplicate = Buffer.from(JSON.stringify(envelopeB({ data: { type: 'order', id: 82 } })), 'utf8');
    for (let i = 0; i < 5; i += 1) push({ target: webhookPath, family: 'webhook-odd', flaw: 'redelivery of one event', method: 'POST', path: webhookPath, headers: { ...json, ...secretB }, body: duplicate, mustReject: false });
  }

  const signed = (overrides: Record<string, unknown>) => hmacJwt({ alg: 'HS256', typ: 'JWT' }, bcClaims(ctx, overrides), ctx.clientSecret);
  if (ctx.routes.includes('/api/bigcommerce/load')) {
    const deepLinks = ['/', '/activity?status=done', '//evil.example/x', 'https://evil.example/', '/api/app/store', '/\\evil.example', `/${'a'.repeat(2_000)}`, '/活动?ü=1', '/x?exchange=stolen', 'javascript:alert(1)', '/%2e%2e/%2e%2e/etc', '/\u0000x', ''];
    // Each load as its own user: loads of one user all update that user's document in a transaction, and a burst of
    // them contends on it (slow on the emulator) without saying anything about bad input.
    let nextUser = 900_000 + rng.int(1, 1_000) * 100;
    const user = () => ({ id: (nextUser += 1), email: `user${nextUser}@example.com` });
    for (const url of deepLinks) {
      push({ target: '/api/bigcommerce/load', family: 'jwt-odd', flaw: `valid load, deep link ${JSON.stringify(url.slice(0, 40))}`, method: 'GET', path: `/api/bigcommerce/load${query([['signed_payload_jwt', signed({ url, user: user() })]])}`, headers: {}, mustReject: false });
    }
    const userId = (nextUser += 1);
    push({ target: '/api/bigcommerce/load', family: 'jwt-odd', flaw: 'valid load, new user with a unicode e-mail and odd locale', method: 'GET', path: `/api/bigcommerce/load${query([['signed_payload_jwt', signed({ user: { id: userId, email: 'δοκιμή@παράδειγμα.δοκιμή', locale: 'zz-ZZ-x-☕' } })]])}`, headers: {}, mustReject: false });
    push({ target: '/api/bigcommerce/load', family: 'jwt-odd', flaw: 'valid load for a store that is not installed', method: 'GET', path: `/api/bigcommerce/load${query([['signed_payload_jwt', signed({ sub: `stores/${ctx.unknownStoreHash}` })]])}`, headers: {}, mustReject: false });
    push({ target: '/api/bigcommerce/load', family: 'jwt-odd', flaw: 'valid load, 9 s past exp (inside the tolerance)', method: 'GET', path: `/api/bigcommerce/load${query([['signed_payload_jwt', signed({ exp: ctx.nowSeconds - 9, user: user() })]])}`, headers: {}, mustReject: false });
    push({ target: '/api/bigcommerce/load', family: 'jwt-odd', flaw: 'valid load with odd extra parameters', method: 'GET', path: `/api/bigcommerce/load${query([['signed_payload_jwt', signed({ user: user() })], ['__proto__', 'x'], ['context', 'stores/zzz']])}`, headers: {}, mustReject: false });
  }
  if (ctx.routes.includes('/api/bigcommerce/remove-user')) {
    push({ target: '/api/bigcommerce/remove-user', family: 'jwt-odd', flaw: 'valid remove-user for a user the app never saw', method: 'GET', path: `/api/bigcommerce/remove-user${query([['signed_payload_jwt', signed({ user: { id: 123_456_789, email: 'ghost@example.com' } })]])}`, headers: {}, mustReject: false });
  }
  if (ctx.routes.includes('/api/bigcommerce/uninstall')) {
    push({ target: '/api/bigcommerce/uninstall', family: 'jwt-odd', flaw: 'valid uninstall for a store that is not installed', method: 'GET', path: `/api/bigcommerce/uninstall${query([['signed_payload_jwt', signed({ sub: `stores/${ctx.unknownStoreHash}` })]])}`, headers: {}, mustReject: false });
  }

  // Store B's session on state-changing routes with odd but acceptable input.
  const authB = { authorization: `Bearer ${ctx.otherSessionToken}`, 'content-type': 'application/json' };
  const app = (route: string, method: string, flaw: string, body?: unknown, extraPath = '') => {
    if (!ctx.routes.includes(route)) return;
    push({ target: route, family: 'app-odd', flaw, method, path: `${route}${extraPath}`, headers: authB, ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body), 'utf8') }), mustReject: false });
  };
  app('/api/app/onboarding', 'POST', 'start date far in the past', { action: 'start-date', startDate: '1970-01-01' });
  app('/api/app/onboarding', 'POST', 'start date far in the future', { action: 'start-date', startDate: '9999-12-31' });
  app('/api/app/onboarding', 'POST', 'start date 29 February', { action: 'start-date', startDate: '2024-02-29' });
  app('/api/app/onboarding', 'POST', 'extra fields ignored', { action: 'accept-defaults', extra: '☕' });
  app('/api/app/onboarding', 'POST', 'go live while not connected', { action: 'go-live' });
  app('/api/app/onboarding', 'POST', 'pause twice', { action: 'pause' });
  app('/api/app/onboarding', 'POST', 'pause twice', { action: 'pause' });
  app('/api/app/activity/replay', 'POST', 'orders with no activity', { orderIds: [1, 2, 9_007_199_254_740_991] });
  app('/api/app/activity/replay', 'POST', '100 orders with no activity', { orderIds: Array.from({ length: 100 }, (_, i) => i + 10) });
  app('/api/app/backfill', 'DELETE', 'cancel with no backfill');
  app('/api/app/backfill', 'PUT', 'resume with nothing to resume');
  app('/api/app/backfill', 'POST', 'backfill of one day in 1970 while not connected', { from: '1970-01-01', to: '1970-01-01', dryRun: true });
  app('/api/app/quickbooks/connect', 'POST', 'connect with an empty body', undefined);
  app('/api/app/quickbooks/connection', 'DELETE', 'disconnect when never connected');
  app('/api/app/quickbooks/profile', 'POST', 'refresh when never connected');
  app('/api/app/settings', 'PUT', 'settings while not connected', { live: false });
  app('/api/app/items', 'POST', 'auto-match while not connected', { action: 'auto-match' });
  app('/api/app/session', 'PUT', 'renew with odd query', undefined, query([['__proto__', 'x']]));

  // Store A, read-only routes: a page past the end, unicode filters.
  const authA = { authorization: `Bearer ${ctx.sessionToken}` };
  const readA = (route: string, q: string, flaw: string) => {
    if (ctx.routes.includes(route.replace(/\/\d+(\/|$)/, '/[orderId]$1'))) {
      push({ target: route.replace(/\/\d+(\/|$)/, '/[orderId]$1'), family: 'read-odd', flaw, method: 'GET', path: `${route}${q}`, headers: authA, mustReject: false });
    }
  };
  readA('/api/app/activity', query([['limit', '100'], ['status', 'done'], ['from', '2000-01-01'], ['to', '2999-12-31']]), 'wide date range');
  readA('/api/app/activity', query([['order', '000000000000001']]), 'order number with leading zeros');
  readA('/api/app/activity', query([['to', '9999-12-31']]), 'to at the end of year 9999');
  readA('/api/app/activity', query([['from', '0100-01-01T00:00:00+14:00']]), 'from before year 100');
  readA('/api/app/activity', query([['kind', 'customer'], ['limit', ' 5 ']]), 'customer activity, limit with spaces');
  readA('/api/app/activity', query([['from', '2026-01-01T00:00:00+14:00'], ['to', '2026-01-02 00:00:00']]), 'timestamps with offsets');
  readA(`/api/app/activity/${ctx.orderId}`, query([['orderId', '1']]), 'query orderId shadowed by the path');
  readA(`/api/app/activity/0${ctx.orderId}`, '', 'order id with a leading zero');
  readA(`/api/app/orders/${ctx.orderId}/preview`, query([['__proto__', 'x']]), 'preview with odd query');
  readA('/api/app/orders/999999999/preview', '', 'preview of an order BigCommerce does not have');
  readA('/api/app/orders/0/preview', '', 'preview of order 0');
  readA('/api/app/quickbooks/items', query([['search', '☕ 日本 \'"\\%_']]), 'QuickBooks item search with quotes, wildcards and unicode');
  readA('/api/app/quickbooks/items', query([['search', "' OR 1=1 --"]]), 'QuickBooks item search with an injection attempt');
  readA('/api/app/items', query([['search', '%_\\\'"☕'], ['filter', 'unmapped'], ['page', '10000'], ['limit', '100']]), 'item list, last page, odd search');
  readA('/api/app/settings', query([['x', 'y']]), 'settings with an ignored parameter');
  readA('/api/app/quickbooks/profile', query([['refresh', 'true']]), 'profile with an ignored parameter');

  let round = 0;
  while (out.length < count && round < 1_000) {
    round += 1;
    if (ctx.routes.includes(webhookPath)) {
      webhook('random unicode order event for store B', envelopeB({ scope: rng.pick(['store/order/created', 'store/order/updated', 'store/order/statusUpdated', 'store/customer/updated']), data: { type: 'order', id: rng.int(1, 10_000_000), [rng.pick(UNICODE_SAMPLES)]: rng.pick(UNICODE_SAMPLES) } }));
    }
  }
  return out;
}

/** sha256 of a buffer, hex (for hashing Firestore snapshots). */
export function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}
