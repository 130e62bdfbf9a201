import type { RequestOptions } from 'node:https';
import { isIP } from 'node:net';

/** An address already checked against the SSRF guard, and its family. */
export interface PinnedAddress {
  address: string;
  family: number;
}

/**
 * node:http(s) request options that connect to `target` — the address already checked, so no second DNS lookup —
 * with the Host header and TLS server name from `url` (the certificate is verified against that name), no shared
 * agent, and `ca` replacing Node's root certificates when given (tests, a private PKI). Shared by JWKS fetches and
 * webhook deliveries.
 */
export function pinnedRequestOptions(
  url: URL,
  target: PinnedAddress,
  ca?: string | Buffer,
): RequestOptions & { headers: { host: string } } {
  const secure = url.protocol === 'https:';
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return {
    host: target.address,
    family: target.family,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers: { host: url.host },
    agent: false,
    ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
    ...(secure && ca ? { ca } : {}),
  };
}
