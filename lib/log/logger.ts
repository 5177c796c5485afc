/**
 * Structured JSON logs on stdout. Anything that looks like a credential is masked before it is written,
 * whatever the caller passes: tokens and secrets must never reach a log line.
 */
const SECRET_KEY = /token|secret|authorization|password|signed_payload|cookie|api[-_]?key|^code$/i;
const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

type Fields = Record<string, unknown>;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return value.replace(BEARER, '$1[redacted]');
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1)]),
    );
  }
  return value;
}

function write(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Fields) {
  if (level === 'debug' && !process.env.DEBUG_LOGS) return;
  if (process.env.NODE_ENV === 'test' && level !== 'error' && !process.env.DEBUG_LOGS) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...(redact(fields ?? {}) as Fields) });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const logger = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};
