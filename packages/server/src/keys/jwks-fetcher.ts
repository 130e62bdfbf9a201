import type { KeyObject } from 'node:crypto';
import { ADDRCONFIG } from 'node:dns';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { keyId, loadPublicKey, TokenInputError } from '@parley/token';
import { type AddressKind, isLoopbackAddress, nonPublicAddressKind } from './address-guard.js';

export type JwksErrorCode = 'URL_INVALID' | 'ADDRESS_REFUSED' | 'FETCH_FAILED' | 'RESPONSE_INVALID' | 'NO_USABLE_KEY';

/** Why a brand's JWKS URL gave no keys. The message starts with `jwksUrl:` and says what to fix; it never holds key material. */
export class JwksError extends Error {
  override readonly name = 'JwksError';
  constructor(
    readonly code: JwksErrorCode,
    message: string,
  ) {
    super(`jwksUrl: ${message}`);
  }
}

/** A usable key of a brand's JWKS: RSA, RS256 signing, ≥ 2048 bits, public. */
export interface JwksKey {
  /** The JWK's own `kid`, else its RFC 7638 thumbprint. */
  readonly kid: string;
  readonly publicKey: KeyObject;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

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

export interface JwksFetcherOptions {
  /** PARLEY_ALLOW_PRIVATE_JWKS: allow private/loopback/link-local… addresses, and plain http to a loopback address. */
  allowPrivate: boolean;
  /** Milliseconds since the epoch (the injected clock); drives the cache and the refetch backoff. */
  now: () => number;
  fetchTimeoutMs?: number;
  maxBytes?: number;
  ttlMs?: number;
  minRefetchIntervalMs?: number;
  /** Host name → addresses; node:dns `lookup` by default. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Sends the GET; node:http(s) to the checked address by default. */
  request?: JwksTransport;
  /** Told when a refresh failed and the last good keys are served; the text holds no query string and no key material. */
  log?: (message: string) => void;
}

const MAX_URL_LENGTH = 2048;
const MAX_KEYS = 64;
const MAX_CACHED_URLS = 1000;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const ALLOW_HINT = 'set PARLEY_ALLOW_PRIVATE_JWKS=1 to allow it';

const article = (kind: AddressKind) => (kind === 'unspecified' ? `an ${kind}` : `a ${kind}`);
const shown = (url: URL) => `${url.origin}${url.pathname}`;

/** Sends one GET with node:http(s) to the address already checked: no second DNS lookup, Host and SNI set to the URL's host. */
export function createNodeTransport(options: { ca?: string | Buffer } = {}): JwksTransport {
  return (target) =>
    new Promise((resolve, reject) => {
      const { url } = target;
      const secure = url.protocol === 'https:';
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      const request = (secure ? https : http).request(
        {
          host: target.address,
          family: target.family,
          port: url.port || (secure ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers: { host: url.host, accept: 'application/jwk-set+json, application/json', 'user-agent': 'Parley-JWKS-Fetcher' },
          agent: false,
          signal: target.signal,
          ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
          ...(secure && options.ca ? { ca: options.ca } : {}),
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

/** getaddrinfo as node:net would call it (ADDRCONFIG: no IPv6 answers on a host without IPv6), every address returned. */
async function defaultResolve(hostname: string): Promise<ResolvedAddress[]> {
  return lookup(hostname, { all: true, verbatim: true, hints: ADDRCONFIG });
}

function parseUrl(text: string, allowPrivate: boolean): URL {
  if (text.length > MAX_URL_LENGTH) throw new JwksError('URL_INVALID', `at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new JwksError('URL_INVALID', 'not a URL; give the full https:// address of the key set');
  }
  if (url.protocol === 'http:') {
    if (!allowPrivate) throw new JwksError('URL_INVALID', 'use an https:// URL; plain http is refused');
  } else if (url.protocol !== 'https:') {
    throw new JwksError('URL_INVALID', `use an https:// URL (got ${url.protocol})`);
  }
  if (url.username || url.password) throw new JwksError('URL_INVALID', 'remove the user name and password from the URL');
  url.hash = '';
  return url;
}

interface ParsedKeys {
  keys: JwksKey[];
  skipped: string[];
}

/** Reads a JWKS body: keeps RSA RS256 signing keys of ≥ 2048 bits, refuses any private material without echoing it. */
export async function parseJwks(body: Buffer): Promise<ParsedKeys> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new JwksError('RESPONSE_INVALID', 'the answer is not JSON; a JWKS is {"keys": [...]}');
  }
  const entries = (json as { keys?: unknown } | null)?.keys;
  if (typeof json !== 'object' || json === null || !Array.isArray(entries)) {
    throw new JwksError('RESPONSE_INVALID', 'the answer is not a JWKS (a JSON object with a "keys" array)');
  }
  if (entries.length > MAX_KEYS)
    throw new JwksError('RESPONSE_INVALID', `the key set has ${entries.length} keys; at most ${MAX_KEYS} are read`);
  const keys: JwksKey[] = [];
  const skipped: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const label = `key #${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      skipped.push(`${label} is not an object`);
      continue;
    }
    const jwk = entry as Record<string, unknown>;
    if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
      throw new JwksError(
        'RESPONSE_INVALID',
        `${label} of the set contains private key material; publish only public keys, and replace that key since it is exposed`,
      );
    }
    if (jwk.kty !== 'RSA') skipped.push(`${label} is not RSA`);
    else if (jwk.use !== undefined && jwk.use !== 'sig') skipped.push(`${label} has use ${JSON.stringify(jwk.use).slice(0, 20)}`);
    else if (jwk.alg !== undefined && jwk.alg !== 'RS256') skipped.push(`${label} has alg ${JSON.stringify(jwk.alg).slice(0, 20)}`);
    else if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) skipped.push(`${label} has no "verify" in key_ops`);
    else {
      try {
        const publicKey = loadPublicKey(jwk, label);
        const kid = await keyId(jwk, publicKey);
        if (kid.length > 255) skipped.push(`${label} has a kid over 255 characters`);
        else keys.push({ kid, publicKey });
      } catch (error) {
        if (!(error instanceof TokenInputError)) throw error;
        skipped.push(error.code === 'KEY_TOO_SMALL' ? `${label} is under 2048 bits` : `${label} is not a valid RSA JWK`);
      }
    }
  }
  return { keys, skipped };
}

interface CacheEntry {
  keys: JwksKey[] | null;
  /** When `keys` were fetched, and when a fetch was last tried (successful or not). */
  fetchedAt: number;
  attemptedAt: number;
  error: JwksError | null;
  pending: Promise<JwksKey[]> | null;
}

/**
 * Fetches brands' JWKS URLs (SPEC §2, §9 `brandKeyAdd`) without becoming an SSRF tool: https only,
 * the host resolved once and refused when private (unless `allowPrivate`), the connection made to
 * that very address, no redirects, size and time capped. Keys are cached per URL for `ttlMs`; a
 * failed refresh keeps serving the last good keys. Plain http is accepted only with `allowPrivate`
 * and only to a loopback address (local development and tests).
 */
export class JwksFetcher {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly fetchTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly minRefetchIntervalMs: number;
  private readonly resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  private readonly request: JwksTransport;

  constructor(private readonly options: JwksFetcherOptions) {
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 3000;
    this.maxBytes = options.maxBytes ?? 65_536;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.minRefetchIntervalMs = options.minRefetchIntervalMs ?? 30_000;
    this.resolve = options.resolve ?? defaultResolve;
    this.request = options.request ?? createNodeTransport();
  }

  /** Checks a URL's form (scheme, no credentials, length) and returns it normalised; throws JwksError. */
  normalize(url: string): string {
    return parseUrl(url, this.options.allowPrivate).href;
  }

  /** The usable keys behind `url`: cached, refreshed after `ttlMs`, stale when a refresh fails. Throws JwksError when it never worked. */
  async keys(url: string): Promise<JwksKey[]> {
    const entry = this.cache.get(url);
    const now = this.options.now();
    if (entry && (now - entry.fetchedAt < this.ttlMs || now - entry.attemptedAt < this.minRefetchIntervalMs)) {
      if (entry.keys) return entry.keys;
      if (entry.error) throw entry.error;
    }
    return this.refresh(url);
  }

  /**
   * For a JWS `kid` that no cached key has: refetches `url` at most once per `minRefetchIntervalMs`
   * (so unknown kids cannot make Parley hammer the brand), and tells whether the kid is known now.
   */
  async refetchForUnknownKid(url: string, kid: string): Promise<boolean> {
    const entry = this.cache.get(url);
    const known = (keys: readonly JwksKey[] | null | undefined) => keys?.some((key) => key.kid === kid) ?? false;
    if (known(entry?.keys)) return true;
    if (entry?.pending) return known(await entry.pending.catch(() => null));
    if (entry && this.options.now() - entry.attemptedAt < this.minRefetchIntervalMs) return false;
    try {
      return known(await this.refresh(url));
    } catch {
      return false;
    }
  }

  private refresh(url: string): Promise<JwksKey[]> {
    let entry = this.cache.get(url);
    if (entry?.pending) return entry.pending;
    if (!entry) {
      if (this.cache.size >= MAX_CACHED_URLS) this.cache.delete(this.cache.keys().next().value as string);
      entry = { keys: null, fetchedAt: Number.NEGATIVE_INFINITY, attemptedAt: Number.NEGATIVE_INFINITY, error: null, pending: null };
      this.cache.set(url, entry);
    }
    const current = entry;
    current.attemptedAt = this.options.now();
    current.pending = this.fetchKeys(url)
      .then(
        (keys) => {
          Object.assign(current, { keys, fetchedAt: this.options.now(), error: null });
          return keys;
        },
        (error: unknown) => {
          const failure = error instanceof JwksError ? error : new JwksError('FETCH_FAILED', 'the key set could not be fetched');
          current.error = failure;
          if (!current.keys) throw failure;
          this.options.log?.(`${failure.message} (serving the keys fetched at ${new Date(current.fetchedAt).toISOString()})`);
          return current.keys;
        },
      )
      .finally(() => {
        current.pending = null;
      });
    return current.pending;
  }

  private async fetchKeys(text: string): Promise<JwksKey[]> {
    const url = parseUrl(text, this.options.allowPrivate);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new JwksError('FETCH_FAILED', `no complete answer from ${url.host} within ${this.fetchTimeoutMs} ms`));
      }, this.fetchTimeoutMs);
    });
    try {
      return await Promise.race([this.fetchWithin(url, controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetchWithin(url: URL, signal: AbortSignal): Promise<JwksKey[]> {
    const { address, family } = await this.checkedAddress(url);
    let response: JwksResponse;
    try {
      response = await this.request({ url, address, family, maxBytes: this.maxBytes, signal });
    } catch (error) {
      if (error instanceof JwksError || signal.aborted) throw error;
      const reason = error instanceof Error ? error.message : 'unknown error';
      throw new JwksError('FETCH_FAILED', `could not fetch ${shown(url)} (${reason.slice(0, 200)})`);
    }
    if (response.status >= 300 && response.status < 400) {
      const to = response.location ? ` to ${response.location.slice(0, 200)}` : '';
      throw new JwksError(
        'FETCH_FAILED',
        `${shown(url)} answered a redirect (${response.status}${to}); redirects are not followed, register the final URL`,
      );
    }
    if (response.status !== 200) {
      throw new JwksError('FETCH_FAILED', `${shown(url)} answered HTTP ${response.status}; it must answer 200 with the key set`);
    }
    if (response.body.length > this.maxBytes) {
      throw new JwksError('RESPONSE_INVALID', `the answer is larger than ${this.maxBytes} bytes; a JWKS is small`);
    }
    const { keys, skipped } = await parseJwks(response.body);
    if (keys.length === 0) {
      const why = skipped.length > 0 ? ` (${skipped.slice(0, 5).join('; ')})` : ' (it is empty)';
      throw new JwksError('NO_USABLE_KEY', `the key set has no usable key: RSA RS256 signing keys of at least 2048 bits are needed${why}`);
    }
    return keys;
  }

  /** Resolves the host once and checks every address; the request then goes to the first one. */
  private async checkedAddress(url: URL): Promise<ResolvedAddress> {
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const literal = isIP(hostname);
    let addresses: ResolvedAddress[];
    if (literal !== 0) addresses = [{ address: hostname, family: literal }];
    else {
      try {
        addresses = await this.resolve(hostname);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new JwksError('FETCH_FAILED', `the host name ${hostname} does not resolve${typeof code === 'string' ? ` (${code})` : ''}`);
      }
    }
    const first = addresses[0];
    if (!first) throw new JwksError('FETCH_FAILED', `the host name ${hostname} does not resolve`);
    if (!this.options.allowPrivate) {
      for (const { address } of addresses) {
        const kind = nonPublicAddressKind(address);
        if (kind === null) continue;
        const subject = literal !== 0 ? address : `${hostname} resolves to ${address}, which`;
        throw new JwksError('ADDRESS_REFUSED', `${subject} is ${article(kind)} address; ${ALLOW_HINT}`);
      }
    } else if (url.protocol === 'http:' && !addresses.every(({ address }) => isLoopbackAddress(address))) {
      throw new JwksError('URL_INVALID', 'use an https:// URL; plain http is allowed only to a loopback address');
    }
    return first;
  }
}
