import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { thumbprintOf } from '@parley/token';
import { afterEach, describe, expect, it } from 'vitest';
import { nonPublicAddressKind } from '../../src/keys/address-guard.js';
import {
  createNodeTransport,
  JwksError,
  JwksFetcher,
  type JwksFetcherOptions,
  type JwksResponse,
  type JwksTarget,
} from '../../src/keys/jwks-fetcher.js';

/** A self-signed certificate for jwks.parley.test and 127.0.0.1, valid 2000–2100 (test only; the key signs nothing else). */
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg9BqbBxcKFN1Dmrnz
sGjhdUrBIYiR5RTS5ZUdRZRkZgehRANCAARKDJDK8PU0YCDY7exlBeunEwmsJ+yq
QFPr8UDxdfRLrZK2ck6Ahpt6zD/eooUWJzx7OmaZ0ObqLNNBOa7xT+Ho
-----END PRIVATE KEY-----
`;
const TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBezCCASKgAwIBAgIBATAKBggqhkjOPQQDAjAbMRkwFwYDVQQDDBBqd2tzLnBh
cmxleS50ZXN0MCAXDTAwMDEwMTAwMDAwMFoYDzIxMDAwMTAxMDAwMDAwWjAbMRkw
FwYDVQQDDBBqd2tzLnBhcmxleS50ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
QgAESgyQyvD1NGAg2O3sZQXrpxMJrCfsqkBT6/FA8XX0S62StnJOgIabesw/3qKF
Fic8ezpmmdDm6izTQTmu8U/h6KNVMFMwDwYDVR0TAQH/BAUwAwEB/zAhBgNVHREE
GjAYghBqd2tzLnBhcmxleS50ZXN0hwR/AAABMB0GA1UdDgQWBBTQYmetKsBLq3Mk
Ky3WdRYgzQ0wDjAKBggqhkjOPQQDAgNHADBEAiBjgV2NyZOdZ6rdw50w/toz0FC3
9/ZNDORR94p2QXz0rgIgEaENob6gLYtBPyeMEbxkq7NkMIstucKk7mldQF7ZIlM=
-----END CERTIFICATE-----
`;

const rsa = (bits = 2048) => generateKeyPairSync('rsa', { modulusLength: bits });
const current = rsa();
const next = rsa();
const jwkOf = (key: KeyObject, extra: Record<string, unknown> = {}) => ({ ...key.export({ format: 'jwk' }), ...extra });
const jwks = (...keys: unknown[]) => Buffer.from(JSON.stringify({ keys }));
const PUBLIC_IP = '93.184.215.14';

/** An in-memory transport: answers from `respond`, counts requests, remembers the targets. */
function fakeTransport(respond: (target: JwksTarget) => JwksResponse | Promise<JwksResponse>) {
  const targets: JwksTarget[] = [];
  return {
    targets,
    request: async (target: JwksTarget) => {
      targets.push(target);
      return respond(target);
    },
  };
}

const ok = (body: Buffer): JwksResponse => ({ status: 200, location: null, body });

function fetcherWith(options: Partial<JwksFetcherOptions> & Pick<JwksFetcherOptions, 'request'>) {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const logs: string[] = [];
  const fetcher = new JwksFetcher({
    allowPrivate: false,
    now: () => clock,
    resolve: async () => [{ address: PUBLIC_IP, family: 4 }],
    log: (message) => logs.push(message),
    ...options,
  });
  return { fetcher, logs, advance: (ms: number) => (clock += ms) };
}

async function failure(promise: Promise<unknown>): Promise<JwksError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwksError);
  return error as JwksError;
}

const servers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function listen<T extends http.Server | https.Server>(server: T): Promise<number> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

describe('address guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:a00:1::1', 'private'],
    ['::10.0.0.1', 'private'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
    ['8.8.8.8', null],
    ['172.32.0.1', null],
    [PUBLIC_IP, null],
    ['2606:4700:4700::1111', null],
    ['::ffff:8.8.8.8', null],
    ['not an address', 'reserved'],
  ] as const)('%s → %s', (address, kind) => {
    expect(nonPublicAddressKind(address)).toBe(kind);
  });
});

describe('JWKS fetcher: SSRF', () => {
  it.each([
    ['https://127.0.0.1/jwks', '127.0.0.1 is a loopback address'],
    ['https://10.0.0.5/jwks', '10.0.0.5 is a private address'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
    ['https://[::1]/jwks', '::1 is a loopback address'],
    ['https://[fc00::1]/jwks', 'fc00::1 is a unique-local address'],
    ['https://[::ffff:10.0.0.1]/jwks', '::ffff:a00:1 is a private address'],
    ['https://100.100.1.1/jwks', '100.100.1.1 is a carrier-grade NAT address'],
    ['https://0.0.0.0/jwks', '0.0.0.0 is an unspecified address'],
  ])('refuses %s before any request', async (url, message) => {
    const transport = fakeTransport(() => ok(jwks(jwkOf(current.publicKey))));
    const { fetcher } = fetcherWith({ request: transport.request });
    const error = await failure(fetcher.keys(url));
    expect(error.code).toBe('ADDRESS_REFUSED');
    expect(error.message).toBe(`jwksUrl: ${message}; set PARLEY_ALLOW_PRIVATE_JWKS=1 to allow it`);
    expect(transport.targets).toHaveLength(0);
  });

  it('refuses a host name that resolves to a private address, even one among public ones', async () => {
    const transport = fakeTransport(() => ok(jwks(jwkOf(current.publicKey))));
    const { fetcher } = fetcherWith({
      request: transport.request,
      resolve: async (host) =>
        host === 'internal.brand.example'
          ? [{ address: '10.1.2.3', family: 4 }]
          : [
              { address: PUBLIC_IP, family: 4 },
              { address: 'fd00::5', family: 6 },
            ],
    });
    expect((await failure(fetcher.keys('https://internal.brand.example/jwks'))).message).toBe(
      'jwksUrl: internal.brand.example resolves to 10.1.2.3, which is a private address; set PARLEY_ALLOW_PRIVATE_JWKS=1 to allow it',
    );
    expect((await failure(fetcher.keys('https://mixed.brand.example/jwks'))).message).toMatch(
      /resolves to fd00::5, which is a unique-local/,
    );
    expect(transport.targets).toHaveLength(0);
  });

  it('connects to the address it checked, with the host name kept for Host and SNI', async () => {
    const transport = fakeTransport(() => ok(jwks(jwkOf(current.publicKey))));
    let lookups = 0;
    const { fetcher } = fetcherWith({
      request: transport.request,
      resolve: async () => [{ address: lookups++ === 0 ? PUBLIC_IP : '127.0.0.1', family: 4 }],
    });
    await fetcher.keys('https://keys.brand.example:8443/.well-known/jwks.json?v=2#frag');
    expect(lookups).toBe(1);
    expect(transport.targets[0]).toMatchObject({ address: PUBLIC_IP, family: 4, maxBytes: 65_536 });
    expect(transport.targets[0]?.url.href).toBe('https://keys.brand.example:8443/.well-known/jwks.json?v=2');
  });

  it('accepts https only, and plain http only to loopback when private addresses are allowed', async () => {
    const transport = fakeTransport(() => ok(jwks(jwkOf(current.publicKey))));
    const strict = fetcherWith({ request: transport.request }).fetcher;
    expect((await failure(strict.keys('http://keys.brand.example/jwks'))).message).toBe(
      'jwksUrl: use an https:// URL; plain http is refused',
    );
    expect((await failure(strict.keys('ftp://keys.brand.example/jwks'))).message).toBe('jwksUrl: use an https:// URL (got ftp:)');
    expect((await failure(strict.keys('keys.brand.example/jwks'))).code).toBe('URL_INVALID');
    expect((await failure(strict.keys('https://user:pw@keys.brand.example/jwks'))).message).toMatch(/remove the user name and password/);
    expect((await failure(strict.keys(`https://keys.brand.example/${'a'.repeat(2048)}`))).message).toMatch(/at most 2048/);
    const lenient = fetcherWith({
      request: transport.request,
      allowPrivate: true,
      resolve: async () => [{ address: '10.0.0.7', family: 4 }],
    });
    expect((await failure(lenient.fetcher.keys('http://internal.brand.example/jwks'))).message).toBe(
      'jwksUrl: use an https:// URL; plain http is allowed only to a loopback address',
    );
    expect(await lenient.fetcher.keys('https://internal.brand.example/jwks')).toHaveLength(1);
    expect(await lenient.fetcher.keys('http://127.0.0.1:8080/jwks')).toHaveLength(1);
    expect(transport.targets.map((target) => target.address)).toEqual(['10.0.0.7', '127.0.0.1']);
  });
});

describe('JWKS fetcher: the key set', () => {
  const fetch = async (body: Buffer) =>
    fetcherWith({ request: fakeTransport(() => ok(body)).request }).fetcher.keys('https://keys.brand.example/jwks');

  it('keeps RSA RS256 signing keys of 2048 bits or more, under their own kid or their thumbprint', async () => {
    const small = rsa(1024);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keys = await fetch(
      jwks(
        jwkOf(current.publicKey, { kid: 'k-2026', use: 'sig', alg: 'RS256' }),
        jwkOf(next.publicKey),
        jwkOf(small.publicKey, { kid: 'small' }),
        jwkOf(ec.publicKey, { kid: 'ec' }),
        jwkOf(current.publicKey, { kid: 'enc', use: 'enc' }),
        jwkOf(current.publicKey, { kid: 'ps', alg: 'PS256' }),
        jwkOf(current.publicKey, { kid: 'ops', key_ops: ['encrypt'] }),
        { kty: 'RSA', kid: 'broken', n: 'AQAB' },
        'not a key',
      ),
    );
    expect(keys.map((key) => key.kid)).toEqual(['k-2026', await thumbprintOf(next.publicKey)]);
    expect(keys[0]?.publicKey.export({ format: 'jwk' }).n).toBe(current.publicKey.export({ format: 'jwk' }).n);
  });

  it('says why no key is usable', async () => {
    const error = await failure(fetch(jwks(jwkOf(rsa(1024).publicKey), jwkOf(current.publicKey, { use: 'enc' }))));
    expect(error.code).toBe('NO_USABLE_KEY');
    expect(error.message).toBe(
      'jwksUrl: the key set has no usable key: RSA RS256 signing keys of at least 2048 bits are needed (key #1 is under 2048 bits; key #2 has use "enc")',
    );
    expect((await failure(fetch(jwks()))).message).toMatch(/no usable key.*\(it is empty\)/);
  });

  it('refuses private key material without echoing it', async () => {
    const privateJwk = current.privateKey.export({ format: 'jwk' });
    const error = await failure(fetch(jwks(jwkOf(next.publicKey), { ...privateJwk, kid: 'leaked' })));
    expect(error.message).toBe(
      'jwksUrl: key #2 of the set contains private key material; publish only public keys, and replace that key since it is exposed',
    );
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const)
      expect(error.message).not.toContain(String(privateJwk[member]).slice(0, 12));
    expect((await failure(fetch(jwks({ kty: 'oct', k: 'c2VjcmV0' })))).message).toMatch(/key #1 of the set contains private key material/);
  });

  it('refuses what is not a JWKS', async () => {
    expect((await failure(fetch(Buffer.from('<html>')))).message).toBe('jwksUrl: the answer is not JSON; a JWKS is {"keys": [...]}');
    for (const body of ['null', '[]', '{"keys":{}}', '{"key":[]}', '"keys"']) {
      expect((await failure(fetch(Buffer.from(body)))).message).toMatch(/is not a JWKS/);
    }
    const many = jwks(...Array.from({ length: 65 }, () => jwkOf(current.publicKey)));
    expect((await failure(fetch(many))).message).toMatch(/has 65 keys; at most 64/);
  });

  it('names the status of a non-200 answer and never follows a redirect', async () => {
    const redirect = fakeTransport(() => ({ status: 302, location: 'https://elsewhere.example/jwks', body: Buffer.alloc(0) }));
    const error = await failure(fetcherWith({ request: redirect.request }).fetcher.keys('https://keys.brand.example/jwks'));
    expect(error.message).toBe(
      'jwksUrl: https://keys.brand.example/jwks answered a redirect (302 to https://elsewhere.example/jwks); redirects are not followed, register the final URL',
    );
    expect(redirect.targets).toHaveLength(1);
    const missing = fakeTransport(() => ({ status: 404, location: null, body: Buffer.alloc(0) }));
    expect(
      (await failure(fetcherWith({ request: missing.request }).fetcher.keys('https://keys.brand.example/jwks?secret=1'))).message,
    ).toBe('jwksUrl: https://keys.brand.example/jwks answered HTTP 404; it must answer 200 with the key set');
  });
});

describe('JWKS fetcher: cache, staleness and refetch backoff', () => {
  const URL_ = 'https://keys.brand.example/jwks';

  it('serves from the cache for the TTL, then refetches', async () => {
    const transport = fakeTransport(() => ok(jwks(jwkOf(current.publicKey, { kid: 'a' }))));
    const { fetcher, advance } = fetcherWith({ request: transport.request, ttlMs: 60_000 });
    const [first, second] = await Promise.all([fetcher.keys(URL_), fetcher.keys(URL_)]);
    expect(second).toBe(first);
    advance(59_999);
    expect(await fetcher.keys(URL_)).toBe(first);
    expect(transport.targets).toHaveLength(1);
    advance(1);
    await fetcher.keys(URL_);
    expect(transport.targets).toHaveLength(2);
  });

  it('keeps serving the last good keys when a refresh fails, and logs no query string', async () => {
    let up = true;
    const transport = fakeTransport(() =>
      up ? ok(jwks(jwkOf(current.publicKey, { kid: 'a' }))) : { status: 503, location: null, body: Buffer.alloc(0) },
    );
    const { fetcher, advance, logs } = fetcherWith({ request: transport.request, ttlMs: 60_000 });
    const url = `${URL_}?token=very-secret`;
    const good = await fetcher.keys(url);
    up = false;
    advance(60_000);
    expect(await fetcher.keys(url)).toBe(good);
    expect(logs).toEqual([
      'jwksUrl: https://keys.brand.example/jwks answered HTTP 503; it must answer 200 with the key set (serving the keys fetched at 2026-01-01T00:00:00.000Z)',
    ]);
    advance(10_000);
    expect(await fetcher.keys(url)).toBe(good);
    expect(transport.targets).toHaveLength(2); // no retry within the minimum refetch interval
    advance(20_000);
    up = true;
    expect((await fetcher.keys(url))[0]?.kid).toBe('a');
    expect(transport.targets).toHaveLength(3);
  });

  it('remembers a URL that never worked for the refetch interval instead of hammering it', async () => {
    const transport = fakeTransport(() => ({ status: 500, location: null, body: Buffer.alloc(0) }));
    const { fetcher, advance } = fetcherWith({ request: transport.request });
    expect((await failure(fetcher.keys(URL_))).message).toMatch(/HTTP 500/);
    expect((await failure(fetcher.keys(URL_))).message).toMatch(/HTTP 500/);
    expect(transport.targets).toHaveLength(1);
    advance(30_000);
    await failure(fetcher.keys(URL_));
    expect(transport.targets).toHaveLength(2);
  });

  it('refetches for an unknown kid at most once per interval, and sees a rotation', async () => {
    let served = [jwkOf(current.publicKey, { kid: 'k1' })];
    const transport = fakeTransport(() => ok(jwks(...served)));
    const { fetcher, advance } = fetcherWith({ request: transport.request, minRefetchIntervalMs: 30_000 });
    await fetcher.keys(URL_);
    expect(await fetcher.refetchForUnknownKid(URL_, 'k1')).toBe(true);
    expect(transport.targets).toHaveLength(1);
    advance(1_000);
    expect(await fetcher.refetchForUnknownKid(URL_, 'k2')).toBe(false); // too soon after the first fetch
    expect(transport.targets).toHaveLength(1);
    advance(29_000);
    expect(await fetcher.refetchForUnknownKid(URL_, 'k2')).toBe(false); // fetched: still unknown
    expect(transport.targets).toHaveLength(2);
    served = [jwkOf(current.publicKey, { kid: 'k1' }), jwkOf(next.publicKey, { kid: 'k2' })];
    advance(29_999);
    expect(await fetcher.refetchForUnknownKid(URL_, 'k2')).toBe(false);
    expect(transport.targets).toHaveLength(2);
    advance(1);
    expect(await fetcher.refetchForUnknownKid(URL_, 'k2')).toBe(true);
    expect((await fetcher.keys(URL_)).map((key) => key.kid)).toEqual(['k1', 'k2']);
    expect(transport.targets).toHaveLength(3);
  });
});

describe('JWKS fetcher over the network', () => {
  const serveJwks = (body = jwks(jwkOf(current.publicKey, { kid: 'net' }))) => {
    const seen: { host: string | undefined; servername: string | false | null | undefined; path: string | undefined }[] = [];
    const handler = (request: http.IncomingMessage, response: http.ServerResponse) => {
      seen.push({ host: request.headers.host, servername: (request.socket as TLSSocket).servername, path: request.url });
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(body);
    };
    return { seen, handler };
  };

  it('fetches over https from the checked address, with SNI and Host set to the host name and the certificate verified', async () => {
    const { seen, handler } = serveJwks();
    const port = await listen(https.createServer({ key: TLS_KEY, cert: TLS_CERT }, handler));
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const trusting = createNodeTransport({ ca: TLS_CERT });
    const fetcher = new JwksFetcher({ allowPrivate: true, now: Date.now, resolve, request: trusting });
    const keys = await fetcher.keys(`https://jwks.parley.test:${port}/.well-known/jwks.json?v=1`);
    expect(keys.map((key) => key.kid)).toEqual(['net']);
    expect(seen).toEqual([{ host: `jwks.parley.test:${port}`, servername: 'jwks.parley.test', path: '/.well-known/jwks.json?v=1' }]);

    const untrusting = new JwksFetcher({ allowPrivate: true, now: Date.now, resolve });
    expect((await failure(untrusting.keys(`https://jwks.parley.test:${port}/jwks`))).message).toMatch(/could not fetch .*certificate/);
    const misnamed = new JwksFetcher({ allowPrivate: true, now: Date.now, resolve, request: trusting });
    expect((await failure(misnamed.keys(`https://other.parley.test:${port}/jwks`))).message).toMatch(/could not fetch .*altnames/);
    const strict = new JwksFetcher({ allowPrivate: false, now: Date.now, resolve, request: trusting });
    expect((await failure(strict.keys(`https://jwks.parley.test:${port}/jwks`))).code).toBe('ADDRESS_REFUSED');
    expect(seen).toHaveLength(1);
  });

  it('fetches over plain http from a loopback address when private addresses are allowed', async () => {
    const { seen, handler } = serveJwks();
    const port = await listen(http.createServer(handler));
    const fetcher = new JwksFetcher({ allowPrivate: true, now: Date.now });
    expect((await fetcher.keys(`http://127.0.0.1:${port}/jwks`)).map((key) => key.kid)).toEqual(['net']);
    expect(seen[0]?.host).toBe(`127.0.0.1:${port}`);
  });

  it('does not follow a redirect', async () => {
    let requests = 0;
    const port = await listen(
      http.createServer((request, response) => {
        requests++;
        if (request.url === '/old') response.writeHead(301, { location: '/jwks' }).end();
        else response.end(jwks(jwkOf(current.publicKey)));
      }),
    );
    const fetcher = new JwksFetcher({ allowPrivate: true, now: Date.now });
    expect((await failure(fetcher.keys(`http://127.0.0.1:${port}/old`))).message).toMatch(/answered a redirect \(301 to \/jwks\)/);
    expect(requests).toBe(1);
  });

  it('aborts a body past the size cap, declared or streamed', async () => {
    const port = await listen(
      http.createServer((request, response) => {
        if (request.url === '/declared') {
          response.writeHead(200, { 'content-length': 70_000 }).end('x'.repeat(70_000));
          return;
        }
        response.writeHead(200); // chunked, no length announced
        const chunk = `{"keys":[${' '.repeat(8000)}`;
        let sent = 0;
        const pump = () => {
          while (sent < 200 && response.write(chunk)) sent++;
          if (sent < 200) response.once('drain', pump);
          else response.end(']}');
        };
        pump();
      }),
    );
    const fetcher = new JwksFetcher({ allowPrivate: true, now: Date.now, maxBytes: 65_536 });
    for (const path of ['/declared', '/streamed']) {
      const error = await failure(fetcher.keys(`http://127.0.0.1:${port}${path}`));
      expect(error.message).toBe('jwksUrl: the answer is larger than 65536 bytes; a JWKS is small');
    }
  });

  it('gives up when the whole request takes longer than the timeout', async () => {
    const port = await listen(
      http.createServer((request, response) => {
        if (request.url === '/drip') {
          response.writeHead(200);
          const timer = setInterval(() => response.write(' '), 20);
          response.on('close', () => clearInterval(timer));
        } // else: never answers
      }),
    );
    const fetcher = new JwksFetcher({ allowPrivate: true, now: Date.now, fetchTimeoutMs: 200 });
    for (const path of ['/silent', '/drip']) {
      const started = Date.now();
      const error = await failure(fetcher.keys(`http://127.0.0.1:${port}${path}`));
      expect(error.message).toBe(`jwksUrl: no complete answer from 127.0.0.1:${port} within 200 ms`);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('says when the host does not resolve or refuses the connection', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND no-such-host.invalid'), { code: 'ENOTFOUND' });
    const unresolvable = new JwksFetcher({ allowPrivate: false, now: Date.now, resolve: () => Promise.reject(notFound) });
    expect((await failure(unresolvable.keys('https://no-such-host.invalid/jwks'))).message).toBe(
      'jwksUrl: the host name no-such-host.invalid does not resolve (ENOTFOUND)',
    );
    const empty = new JwksFetcher({ allowPrivate: false, now: Date.now, resolve: async () => [] });
    expect((await failure(empty.keys('https://no-such-host.invalid/jwks'))).message).toBe(
      'jwksUrl: the host name no-such-host.invalid does not resolve',
    );
    const port = await listen(http.createServer());
    await new Promise((done) => servers.pop()?.close(done));
    const closed = new JwksFetcher({ allowPrivate: true, now: Date.now });
    expect((await failure(closed.keys(`http://127.0.0.1:${port}/jwks`))).message).toMatch(
      /could not fetch http:\/\/127\.0\.0\.1:\d+\/jwks \(.*ECONNREFUSED/,
    );
  });
});
