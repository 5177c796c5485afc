/**
 * The client address the support view throttles sign-ins by and writes into the staff audit. Each proxy in front of
 * the app appends the address it saw to X-Forwarded-For, so with `trustedHops` proxies the client is the entry that
 * many places from the right; entries further left are whatever the client sent and are ignored (spoofable).
 * With no trusted proxies (or no header) it is the socket's peer address.
 */
export function clientIp(
  forwardedFor: string | string[] | undefined,
  remoteAddress: string | undefined,
  trustedHops: number,
): string {
  const socket = normalise(remoteAddress) ?? 'unknown';
  if (trustedHops <= 0 || forwardedFor === undefined) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return socket;
  // Fewer entries than hops: the leftmost is still the furthest a trusted proxy vouched for.
  const index = Math.max(entries.length - trustedHops, 0);
  return normalise(entries[index]) ?? socket;
}

/** IPv4-mapped IPv6 as plain IPv4; anything that does not look like an address is dropped. */
function normalise(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const value = address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
  return /^[0-9A-Fa-f:.]{2,45}$/.test(value) ? value : undefined;
}
