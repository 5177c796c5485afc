/**
 * The one place that reads process.env. Everything else asks getConfig() for typed values.
 * Validation happens once, at start-up (instrumentation.ts), and names every missing or invalid
 * variable at once so an operator fixes the whole .env in one go. See .env.sample for each variable.
 */
import { z } from 'zod';
import { bigCommerceCallbackUrls } from '@/lib/bigcommerce/callback-urls';
import { isPasswordHash } from '@/lib/support/password-hash-format';

export const DEFAULT_CONTROL_PANEL_ORIGINS = [
  'https://*.mybigcommerce.com',
  'https://*.my-integration.zone',
  'https://*.my-staging.zone',
];

const KEY_BYTES = 32;

const url = (hint: string) =>
  z
    .string({ error: `required: ${hint}` })
    .trim()
    .refine((value) => /^https?:\/\/[^\s/]+/.test(value), { message: `must be an http(s) URL: ${hint}` })
    .transform((value) => value.replace(/\/+$/, ''));

const secret = (hint: string, minLength = 32) =>
  z
    .string({ error: `required: ${hint}` })
    .refine((value) => value.length >= minLength, { message: `must be at least ${minLength} characters: ${hint}` });

const envSchema = z.object({
    APP_URL: url('the public https URL where this app is served, e.g. https://qbo-sync.example.com'),
    BC_CLIENT_ID: z.string({ error: 'required: Client ID from the BigCommerce Developer Portal' }).min(1),
    BC_CLIENT_SECRET: z.string({ error: 'required: Client Secret from the BigCommerce Developer Portal' }).min(1),
    BC_LOGIN_URL: url('BigCommerce login/OAuth host').default('https://login.bigcommerce.com'),
    BC_API_URL: url('BigCommerce REST API host').default('https://api.bigcommerce.com'),
    BC_CONTROL_PANEL_ORIGINS: z.string().optional(),
    BC_SDK_URL: url('control-panel JS SDK').default('https://cdn.bigcommerce.com/jssdk/bc-sdk.js'),
    APP_SESSION_SECRET: secret('random key that signs the app session tokens (openssl rand -base64 48)'),
    APP_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
    ENCRYPTION_KEYS: z.string({
      error: 'required: comma-separated keyId:base64key pairs, 32-byte keys (openssl rand -base64 32)',
    }),
    ENCRYPTION_ACTIVE_KEY_ID: z.string().optional(),
    QBO_CLIENT_ID: z.string({ error: 'required: Client ID from the Intuit Developer portal (Keys & credentials)' }).min(1),
    QBO_CLIENT_SECRET: z.string({ error: 'required: Client Secret from the Intuit Developer portal' }).min(1),
    QBO_ENVIRONMENT: z.enum(['sandbox', 'production']).default('production'),
    QBO_AUTHORIZE_URL: url('Intuit OAuth authorize endpoint').optional(),
    QBO_TOKEN_URL: url('Intuit OAuth token endpoint').optional(),
    QBO_REVOKE_URL: url('Intuit OAuth revoke endpoint').optional(),
    QBO_API_BASE_URL: url('QuickBooks Accounting API base, ending in /v3/company').optional(),
    SYNC_DRAIN_SECRET: secret('bearer secret external schedulers send to /api/sync/drain (openssl rand -base64 48)').optional(),
    SYNC_WORKER: z.enum(['on', 'off']).default('on'),
    SYNC_OPTIMIZATIONS: z.enum(['on', 'off']).default('on'),
    SUPPORT_STAFF: z.string().optional(),
    SUPPORT_SESSION_TTL_SECONDS: z.coerce.number().int().min(300).max(86_400).default(28_800),
    SUPPORT_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(1),
    FIRESTORE_EMULATOR_HOST: z.string().optional(),
    FIREBASE_PROJECT_ID: z.string().optional(),
    FIREBASE_SERVICE_ACCOUNT_JSON: z.string().optional(),
    GOOGLE_APPLICATION_CREDENTIALS: z.string().optional(),
  });

export interface AppConfig {
  appUrl: string;
  bigcommerce: {
    clientId: string;
    clientSecret: string;
    loginUrl: string;
    apiUrl: string;
    sdkUrl: string;
    controlPanelOrigins: string[];
    authCallbackUrl: string;
    webhookUrl: string;
  };
  quickbooks: {
    clientId: string;
    clientSecret: string;
    environment: 'sandbox' | 'production';
    redirectUri: string;
    /** Set only to point at the loopback QuickBooks sandbox (offline dev, tests, benchmarks). */
    endpoints: { authorizeUrl?: string; tokenUrl?: string; revokeUrl?: string; apiBaseUrl?: string };
  };
  session: { secret: string; ttlSeconds: number };
  sync: {
    /** Run the queue worker inside this server process (`next start`); off for web-only instances. */
    inProcessWorker: boolean;
    /** Unset: /api/sync/drain is disabled. */
    drainSecret?: string;
    /** false only for the benchmark's reference run (SYNC_OPTIMIZATIONS=off, lib/sync/reference-mode.ts). */
    optimizations: boolean;
  };
  encryption: { activeKeyId: string; keys: ReadonlyMap<string, Buffer> };
  support: {
    /** username (lower case) → scrypt hash (lib/support/password-hash.ts). Empty: nobody can sign in to /support. */
    staff: ReadonlyMap<string, string>;
    sessionTtlSeconds: number;
    /** Proxies in front of the app that append to X-Forwarded-For (0: use the socket address). Sign-in throttle and audit IP. */
    trustedProxyHops: number;
  };
  firestore: { projectId: string; emulatorHost?: string; serviceAccountJson?: string };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `The app's environment is incomplete or invalid (see .env.sample):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function parseEncryptionKeys(raw: string, activeKeyId: string | undefined, problems: string[]) {
  const keys = new Map<string, Buffer>();
  for (const entry of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const keyId = separator > 0 ? entry.slice(0, separator) : '';
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(keyId)) {
      problems.push('ENCRYPTION_KEYS: each entry must be keyId:base64key with a short alphanumeric key id');
    } else if (key.length !== KEY_BYTES) {
      problems.push(`ENCRYPTION_KEYS: key "${keyId}" must decode to exactly ${KEY_BYTES} bytes (openssl rand -base64 32)`);
    } else {
      keys.set(keyId, key);
    }
  }
  const active = activeKeyId ?? keys.keys().next().value;
  if (keys.size === 0) problems.push('ENCRYPTION_KEYS: at least one key is required');
  else if (!active || !keys.has(active)) {
    problems.push(`ENCRYPTION_ACTIVE_KEY_ID: "${activeKeyId}" is not one of the ENCRYPTION_KEYS ids`);
  }
  return { activeKeyId: active ?? '', keys };
}

/** SUPPORT_STAFF: comma-separated username:hash entries (hashes from scripts/hash-support-password.ts). */
function parseSupportStaff(raw: string | undefined, problems: string[]): Map<string, string> {
  const staff = new Map<string, string>();
  for (const entry of (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const username = separator > 0 ? entry.slice(0, separator).toLowerCase() : '';
    const hash = entry.slice(separator + 1);
    // Never echo the entry: it holds a password hash.
    if (!/^[a-z0-9._@-]{1,64}$/.test(username)) {
      problems.push('SUPPORT_STAFF: each entry must be username:hash with a username of letters, digits and . _ @ -');
    } else if (!isPasswordHash(hash)) {
      problems.push(`SUPPORT_STAFF: the hash for "${username}" is not a scrypt hash from scripts/hash-support-password.ts`);
    } else if (staff.has(username)) {
      problems.push(`SUPPORT_STAFF: "${username}" is listed twice`);
    } else {
      staff.set(username, hash);
    }
  }
  return staff;
}

export function parseOrigins(raw: string | undefined): string[] {
  if (!raw) return DEFAULT_CONTROL_PANEL_ORIGINS;
  return raw.split(/[\s,]+/).filter(Boolean);
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings in .env mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const problems: string[] = [];
  if (!cleaned.FIRESTORE_EMULATOR_HOST && !cleaned.FIREBASE_PROJECT_ID) {
    problems.push('FIREBASE_PROJECT_ID: required unless FIRESTORE_EMULATOR_HOST is set: the Google Cloud project that holds Firestore');
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    problems.unshift(...parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`));
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const encryption = parseEncryptionKeys(env.ENCRYPTION_KEYS, env.ENCRYPTION_ACTIVE_KEY_ID, problems);
  const supportStaff = parseSupportStaff(env.SUPPORT_STAFF, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    appUrl: env.APP_URL,
    bigcommerce: {
      clientId: env.BC_CLIENT_ID,
      clientSecret: env.BC_CLIENT_SECRET,
      loginUrl: env.BC_LOGIN_URL,
      apiUrl: env.BC_API_URL,
      sdkUrl: env.BC_SDK_URL,
      controlPanelOrigins: parseOrigins(env.BC_CONTROL_PANEL_ORIGINS),
      authCallbackUrl: bigCommerceCallbackUrls(env.APP_URL).authCallbackUrl,
      webhookUrl: `${env.APP_URL}/api/webhooks/bigcommerce`,
    },
    quickbooks: {
      clientId: env.QBO_CLIENT_ID,
      clientSecret: env.QBO_CLIENT_SECRET,
      environment: env.QBO_ENVIRONMENT,
      redirectUri: `${env.APP_URL}/api/quickbooks/callback`,
      endpoints: {
        authorizeUrl: env.QBO_AUTHORIZE_URL,
        tokenUrl: env.QBO_TOKEN_URL,
        revokeUrl: env.QBO_REVOKE_URL,
        apiBaseUrl: env.QBO_API_BASE_URL,
      },
    },
    session: { secret: env.APP_SESSION_SECRET, ttlSeconds: env.APP_SESSION_TTL_SECONDS },
    sync: { inProcessWorker: env.SYNC_WORKER === 'on', drainSecret: env.SYNC_DRAIN_SECRET, optimizations: env.SYNC_OPTIMIZATIONS === 'on' },
    encryption,
    support: {
      staff: supportStaff,
      sessionTtlSeconds: env.SUPPORT_SESSION_TTL_SECONDS,
      trustedProxyHops: env.SUPPORT_TRUSTED_PROXY_HOPS,
    },
    firestore: {
      projectId: env.FIREBASE_PROJECT_ID ?? 'demo-qbo-sync',
      emulatorHost: env.FIRESTORE_EMULATOR_HOST,
      serviceAccountJson: env.FIREBASE_SERVICE_ACCOUNT_JSON,
    },
  };
}

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}

/** Tests change process.env between suites; production never calls this. */
export function resetConfigForTests(): void {
  cached = undefined;
}
