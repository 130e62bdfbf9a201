import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { nonPublicAddressKind } from '../keys/address-guard.js';
import { type PinnedAddress, pinnedRequestOptions } from '../keys/pinned-request.js';

const MAX_URL_LENGTH = 2000;
const LOOPBACK_HINT = 'set PARLEY_WEBHOOKS_ALLOW_LOOPBACK=1 to allow http://127.0.0.1 endpoints in development and tests';

/** A URL or address an endpoint may not have (the same guard as JWKS URLs: no SSRF through webhooks). */
export class WebhookTargetError extends Error {}

/** A resolved address and its family. */
export type ResolvedAddress = PinnedAddress;

export interface TargetOptions {
  /** PARLEY_WEBHOOKS_ALLOW_LOOPBACK: http:// and https:// to a loopback address are allowed. */
  allowLoopback: boolean;
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

const defaultResolve = (hostname: string) => lookup(hostname, { all: true, verbatim: true });

/** Parses an endpoint URL: https (http only to loopback when allowed), no user name or password, no fragment. */
export function parseEndpointUrl(text: string, options: TargetOptions): URL {
  if (text.length > MAX_URL_LENGTH) throw new WebhookTargetError(`url: at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new WebhookTargetError('url: not a URL; give the full https:// address of the endpoint');
  }
  if (url.protocol === 'http:' && !options.allowLoopback)
    throw new WebhookTargetError(`url: use an https:// URL; plain http is refused (${LOOPBACK_HINT})`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError(`url: use an https:// URL (got ${url.protocol})`);
  if (url.username || url.password) throw new WebhookTargetError('url: remove the user name and password from the URL');
  if (url.hash) throw new WebhookTargetError('url: remove the #fragment');
  // Percent-encoding may lengthen it: the stored form is what must fit.
  if (url.toString().length > MAX_URL_LENGTH) throw new WebhookTargetError(`url: at most ${MAX_URL_LENGTH} characters once encoded`);
  return url;
}

/**
 * This host itself: 127.0.0.0/8, ::1 and ::ffff:127.x. Not the IPv6 forms that only embed 127.x (6to4, NAT64,
 * `::127.0.0.1`), which route elsewhere and are refused even with PARLEY_WEBHOOKS_ALLOW_LOOPBACK.
 */
function isThisHost(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/** Resolves the host once and checks every address; deliveries connect to the first (no second lookup). */
export async function checkedAddress(url: URL, options: TargetOptions): Promise<ResolvedAddress> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal !== 0) addresses = [{ address: hostname, family: literal }];
  else {
    try {
      addresses = await (options.resolve ?? defaultResolve)(hostname);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new WebhookTargetError(`the host name ${hostname} does not resolve${typeof code === 'string' ? ` (${code})` : ''}`);
    }
  }
  const first = addresses[0];
  if (!first) throw new WebhookTargetError(`the host name ${hostname} does not resolve`);
  for (const { address } of addresses) {
    const kind = nonPublicAddressKind(address);
    if (kind === null) continue;
    if (kind === 'loopback' && options.allowLoopback && isThisHost(address)) continue;
    const subject = literal !== 0 ? address : `${hostname} resolves to ${address}, which`;
    const hint = kind === 'loopback' ? `; ${LOOPBACK_HINT}` : '';
    throw new WebhookTargetError(`${subject} is a ${kind} address: webhooks go to public addresses only${hint}`);
  }
  if (url.protocol === 'http:' && !addresses.every(({ address }) => isThisHost(address)))
    throw new WebhookTargetError('url: use an https:// URL; plain http is allowed only to a loopback address');
  return first;
}

export interface PostResult {
  status: number;
}

/**
 * POSTs `body` to the checked address: Host and SNI from the URL, the certificate checked against that name, no
 * redirect followed (a 3xx is an answer like any other), the answer's body left unread, aborted by `signal`.
 */
export function postTo(
  url: URL,
  target: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  ca?: string | Buffer,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const pinned = pinnedRequestOptions(url, target, ca);
    const request = (url.protocol === 'https:' ? https : http).request(
      {
        ...pinned,
        method: 'POST',
        headers: {
          ...headers,
          ...pinned.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Parley-Webhooks/1',
        },
        signal,
      },
      (response) => {
        // The status is the answer: the body is not read (a receiver that trickles it cannot hold the attempt).
        resolve({ status: response.statusCode ?? 0 });
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
