import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isLoopbackAddress, nonPublicAddressKind } from '../keys/address-guard.js';

const MAX_URL_LENGTH = 2000;
/** What is read of an answer: enough for its status; the rest is dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const LOOPBACK_HINT = 'set PARLEY_WEBHOOKS_ALLOW_LOOPBACK=1 to allow http://127.0.0.1 endpoints in development and tests';

/** A URL or address an endpoint may not have (the same guard as JWKS URLs: no SSRF through webhooks). */
export class WebhookTargetError extends Error {}

export interface ResolvedAddress {
  address: string;
  family: number;
}

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
  return url;
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
    if (kind === 'loopback' && options.allowLoopback) continue;
    const subject = literal !== 0 ? address : `${hostname} resolves to ${address}, which`;
    const hint = kind === 'loopback' ? `; ${LOOPBACK_HINT}` : '';
    throw new WebhookTargetError(`${subject} is a ${kind} address: webhooks go to public addresses only${hint}`);
  }
  if (url.protocol === 'http:' && !addresses.every(({ address }) => isLoopbackAddress(address)))
    throw new WebhookTargetError('url: use an https:// URL; plain http is allowed only to a loopback address');
  return first;
}

export interface PostResult {
  status: number;
}

/**
 * POSTs `body` to the checked address: Host and SNI from the URL, the certificate checked against that name, no
 * redirect followed (a 3xx is an answer like any other), at most MAX_RESPONSE_BYTES read, aborted by `signal`.
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
    const secure = url.protocol === 'https:';
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const request = (secure ? https : http).request(
      {
        host: target.address,
        family: target.family,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          ...headers,
          host: url.host,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Parley-Webhooks/1',
        },
        agent: false,
        signal,
        ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
        ...(secure && ca ? { ca } : {}),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            response.destroy();
            resolve({ status });
          }
        });
        response.on('end', () => resolve({ status }));
        response.on('error', () => resolve({ status }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
