import { ADDRCONFIG } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type AddressKind, isLoopbackAddress, nonPublicAddressKind } from './address-guard.js';
import { JwksError, type JwksKey, parseJwks } from './jwks-keys.js';
import { createNodeTransport, type JwksResponse, type JwksTransport } from './jwks-transport.js';

export { JwksError, type JwksErrorCode, type JwksKey, parseJwks } from './jwks-keys.js';
export { createNodeTransport, type JwksResponse, type JwksTarget, type JwksTransport } from './jwks-transport.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

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
const MAX_CACHED_URLS = 1000;
const ALLOW_HINT = 'set PARLEY_ALLOW_PRIVATE_JWKS=1 to allow it';

const article = (kind: AddressKind) => (kind === 'unspecified' ? `an ${kind}` : `a ${kind}`);
const shown = (url: URL) => `${url.origin}${url.pathname}`;

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

interface CacheEntry {
  keys: JwksKey[] | null;
  /** When `keys` were fetched, and when a fetch was last tried (successful or not). */
  fetchedAt: number;
  attemptedAt: number;
  error: JwksError | null;
  pending: Promise<JwksKey[]> | null;
}

/**
 * Fetches brands' JWKS URLs (spec §2.5, §9.6 `brandKeyAdd`) without becoming an SSRF tool: https only,
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
