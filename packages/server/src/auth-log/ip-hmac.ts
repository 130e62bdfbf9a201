import { createHmac } from 'node:crypto';

/** One spelling per address: lower case, and IPv4-mapped IPv6 (`::ffff:192.0.2.1`) as plain IPv4. */
export function normalizeIp(ip: string): string {
  const trimmed = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

/**
 * HMAC-SHA-256 (hex) of the client address with a server secret: attempts from one address
 * group together in the log, but the address itself is never stored and cannot be brute-forced
 * from the log alone (the IPv4 space is small enough for a plain hash to be reversed).
 */
export function ipHmac(key: Buffer, ip: string): string {
  return createHmac('sha256', key).update(normalizeIp(ip), 'utf8').digest('hex');
}
