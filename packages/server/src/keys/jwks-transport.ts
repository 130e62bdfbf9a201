import http from 'node:http';
import https from 'node:https';
import { JwksError } from './jwks-keys.js';
import { pinnedRequestOptions } from './pinned-request.js';

/** Where one request goes: `address` is the checked IP to connect to; `url` gives the Host header, SNI and path. */
export interface JwksTarget {
  url: URL;
  address: string;
  family: number;
  maxBytes: number;
  signal: AbortSignal;
}

export interface JwksResponse {
  status: number;
  location: string | null;
  /** The body of a 200 answer (at most `maxBytes`), empty otherwise. */
  body: Buffer;
}

export type JwksTransport = (target: JwksTarget) => Promise<JwksResponse>;

/**
 * Sends one GET with node:http(s) to the address already checked: no second DNS lookup, Host and
 * SNI set to the URL's host, the certificate verified against that name, no redirect followed, the
 * body cut off past `maxBytes`. `ca` replaces Node's root certificates (tests, a private PKI).
 */
export function createNodeTransport(options: { ca?: string | Buffer } = {}): JwksTransport {
  return (target) =>
    new Promise((resolve, reject) => {
      const { url } = target;
      const pinned = pinnedRequestOptions(url, target, options.ca);
      const request = (url.protocol === 'https:' ? https : http).request(
        {
          ...pinned,
          method: 'GET',
          headers: { ...pinned.headers, accept: 'application/jwk-set+json, application/json', 'user-agent': 'Parley-JWKS-Fetcher' },
          signal: target.signal,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const tooLarge = () => new JwksError('RESPONSE_INVALID', `the answer is larger than ${target.maxBytes} bytes; a JWKS is small`);
          if (status !== 200) {
            response.destroy();
            resolve({ status, location: response.headers.location ?? null, body: Buffer.alloc(0) });
            return;
          }
          if (Number(response.headers['content-length']) > target.maxBytes) {
            request.destroy();
            reject(tooLarge());
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > target.maxBytes) {
              request.destroy();
              reject(tooLarge());
            } else chunks.push(chunk);
          });
          response.on('end', () => resolve({ status, location: null, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    });
}
