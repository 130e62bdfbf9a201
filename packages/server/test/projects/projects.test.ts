import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type KeyName, keyPath, loadVectors, privateKey, publicKey } from '@parley/test-vectors';
import { thumbprintOf } from '@parley/token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredentials } from '../../src/credentials/index.js';
import { ApiError } from '../../src/errors.js';
import { JwksFetcher, type JwksResponse, type ResolvedAddress } from '../../src/keys/jwks-fetcher.js';
import { type BrandKey, BrandKeys } from '../../src/projects/brand-keys.js';
import { DEFAULT_SETTINGS } from '../../src/projects/project-settings.js';
import { Projects } from '../../src/projects/projects.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

const vectors = loadVectors();
const brandPem = readFileSync(keyPath('brand', 'public'), 'utf8');
const JWKS_URL = 'https://keys.brand.example/.well-known/jwks.json';
const PINNED_JWKS_URL = 'https://keys.brand.example/pinned/jwks.json';
const publicJwk = (name: KeyName, kid?: string) => ({ ...publicKey(name).export({ format: 'jwk' }), ...(kid ? { kid } : {}) });

/** A fetcher whose network is a function: the brand's JWKS host resolves to a public address unless told otherwise. */
function fakeJwks(
  answer: () => JwksResponse | Promise<JwksResponse>,
  addresses: ResolvedAddress[] = [{ address: '93.184.215.14', family: 4 }],
) {
  const counter = { requests: 0 };
  const fetcher = new JwksFetcher({
    allowPrivate: false,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    resolve: async () => addresses,
    request: async () => {
      counter.requests++;
      return answer();
    },
  });
  return { fetcher, counter };
}
const serve = (...keys: unknown[]): JwksResponse => ({ status: 200, location: null, body: Buffer.from(JSON.stringify({ keys })) });

describe.each(DIALECTS)('projects and brand keys on %s', (dialect) => {
  let testStore: TestStore;
  let projects: Projects;
  let brandKeys: BrandKeys;
  let ids = 0;
  const deps = () => ({ store: testStore.store, now: () => new Date('2026-01-01T00:00:00Z'), newId: () => `id-${++ids}` });
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    projects = new Projects(deps());
    brandKeys = new BrandKeys(deps());
  });
  afterAll(() => testStore.dispose());

  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  };

  it('creates a project with the spec §4.1 defaults', async () => {
    const project = await projects.create('  Brand site  ');
    expect(project.name).toBe('Brand site');
    expect(project.settings).toEqual(DEFAULT_SETTINGS);
    expect(await projects.get(project.id)).toEqual(project);
    expect(await projects.find('no-such-project')).toBeNull();
    expect(await projects.find('x'.repeat(5000))).toBeNull();
    expect((await failure(projects.create(''))).code).toBe('VALIDATION_FAILED');
  });

  it('updates settings partially and names invalid fields', async () => {
    const project = await projects.create('Bank');
    const updated = await projects.updateSettings(project.id, { authenticatedMode: true, sessionLifetimeSeconds: 420 });
    expect(updated.settings).toMatchObject({
      authenticatedMode: true,
      sessionLifetimeSeconds: 420,
      maxTokenLifetimeSeconds: 60,
      acceptedIssuers: ['https://livechat.iadvize.com'],
    });
    expect((await projects.get(project.id)).settings).toEqual(updated.settings);
    expect((await failure(projects.updateSettings(project.id, { acceptedIssuers: [] }))).message).toMatch(
      /acceptedIssuers: keep at least one/,
    );
    expect((await failure(projects.updateSettings(project.id, { allowedOrigins: ['https://brand.example/path'] }))).message).toMatch(
      /allowedOrigins.0: must be an origin/,
    );
    expect((await failure(projects.updateSettings(project.id, { maxTokenLifetimeSeconds: 0 }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(projects.updateSettings(project.id, { surprise: true }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(projects.updateSettings('missing', {}))).code).toBe('NOT_FOUND');
  });

  it('adds brand keys in every format, with kid and fingerprint', async () => {
    const project = await projects.create('Keys');
    const pem = await brandKeys.add(project.id, brandPem);
    expect(pem.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pem.fingerprint).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    await brandKeys.revoke(pem.id);
    const bare = brandPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const again = await brandKeys.add(project.id, bare);
    expect(again.fingerprint).toBe(pem.fingerprint);
    const jwk = await brandKeys.add(
      project.id,
      JSON.stringify({
        ...privateKey('brand-old').export({ format: 'jwk' }),
        d: undefined,
        p: undefined,
        q: undefined,
        dp: undefined,
        dq: undefined,
        qi: undefined,
        kid: 'brand-2025',
      }),
    );
    expect(jwk.kid).toBe('brand-2025');
    await brandKeys.revoke(again.id);
    expect((await brandKeys.add(project.id, brandPem, 'my-label')).kid).toBe('my-label');
    expect(await brandKeys.list(project.id)).toHaveLength(2);
    expect(await brandKeys.list(project.id, { includeRevoked: true })).toHaveLength(4);
  });

  it('lists the active keys oldest first, the revoked ones only on request', async () => {
    const project = await projects.create('Order');
    let at = new Date('2026-02-01T00:00:00Z');
    const names = ['z-key', 'y-key', 'x-key', 'w-key'];
    const timed = new BrandKeys({ store: testStore.store, now: () => at, newId: () => names.shift() as string });
    /** Ids fall as times rise: the order is the creation time's. */
    const addAt = (time: string) => {
      at = new Date(time);
      const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
      return timed.add(project.id, pem);
    };
    const first = await addAt('2026-02-01T00:00:01Z');
    const second = await addAt('2026-02-01T00:00:02Z');
    const third = await addAt('2026-02-01T00:00:03Z');
    await timed.revoke(second.id);
    const ids = (keys: BrandKey[]) => keys.map((key) => key.id);
    expect(ids(await timed.list(project.id))).toEqual([first.id, third.id]);
    expect(ids(await timed.list(project.id, { includeRevoked: true }))).toEqual([first.id, second.id, third.id]);
  });

  it('keeps the first revocation of a key that two nodes revoke at once', async () => {
    for (let round = 0; round < 5; round++) {
      const project = await projects.create(`Revoked twice ${round}`);
      const key = await brandKeys.add(project.id, readFileSync(keyPath('brand', 'public'), 'utf8'));
      const node = (time: string) => new BrandKeys({ ...deps(), now: () => new Date(time) });
      const answers = await Promise.all([node('2026-03-01T00:00:01.000Z').revoke(key.id), node('2026-03-01T00:00:02.000Z').revoke(key.id)]);
      const stored = (await brandKeys.find(key.id))?.revokedAt;
      expect(answers.map((answer) => answer.revokedAt)).toEqual([stored, stored]);
    }
  });

  it('reads for verification the active records and how many were revoked, not the revoked records', async () => {
    const project = await projects.create('Long history');
    await brandKeys.add(project.id, readFileSync(keyPath('brand', 'public'), 'utf8'));
    const revoked = Array.from({ length: 30 }, (_, index) => ({
      id: `old-${index}`,
      project_id: project.id,
      kid: `old-${index}`,
      public_key_pem: 'x'.repeat(450),
      fingerprint: `old-${index}`,
      created_at: '2025-01-01T00:00:00.000Z',
      last_used_at: null,
      revoked_at: '2025-06-01T00:00:00.000Z',
      jwks_url: null,
    }));
    await testStore.store.db.insertInto('brand_keys').values(revoked).execute();
    let rowsRead = 0;
    const { store } = testStore;
    const db = new Proxy(store.db, {
      get(target, property, receiver) {
        if (property !== 'executeQuery') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<typeof target.executeQuery>) => {
          const result = await target.executeQuery(...args);
          rowsRead += result.rows.length;
          return result;
        };
      },
    });
    const counted = new BrandKeys({ ...deps(), store: Object.create(store, { db: { get: () => db } }) });
    const set = await counted.verificationSet(project.id);
    expect({ keys: set.keys.length, revokedRecords: set.revokedRecords, rowsRead }).toEqual({ keys: 1, revokedRecords: 30, rowsRead: 1 });
  });

  it('refuses a second active copy of a key, naming the first, also when both are added at once', async () => {
    const project = await projects.create('Copies');
    const first = await brandKeys.add(project.id, brandPem);
    const bare = brandPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    for (const [copy, kid] of [
      [brandPem, null],
      [bare, 'another-kid'],
      [JSON.stringify(publicJwk('brand', 'jwk-kid')), null],
    ] as const) {
      const refused = await failure(brandKeys.add(project.id, copy, kid));
      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(refused.message).toBe(
        `publicKey: this key is already active in the project as brand key "${first.id}" (kid "${first.kid}", added 2026-01-01T00:00:00.000Z); revoke that one first to add it again`,
      );
    }
    // Another project may have the same key; a revoked copy does not count.
    expect((await brandKeys.add((await projects.create('Elsewhere')).id, brandPem)).fingerprint).toBe(first.fingerprint);
    await brandKeys.revoke(first.id);
    const second = await brandKeys.add(project.id, brandPem, 'second');
    expect((await brandKeys.list(project.id)).map((key) => key.id)).toEqual([second.id]);

    // Two admins adding the same key at once: the unique index lets one in, the other is told which.
    for (let round = 0; round < 5; round++) {
      const raced = await projects.create(`Race ${round}`);
      const outcomes = await Promise.allSettled([brandKeys.add(raced.id, brandPem, 'a'), brandKeys.add(raced.id, bare, 'b')]);
      const added = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(added).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(ApiError);
      expect(refused[0]).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(`brand key "${added[0]?.id}"`) });
      expect(await brandKeys.list(raced.id)).toHaveLength(1);
    }
  });

  it('refuses private keys without echoing them, and weak keys', async () => {
    const project = await projects.create('Refusals');
    const privatePem = readFileSync(keyPath('brand', 'private'), 'utf8');
    const refused = await failure(brandKeys.add(project.id, privatePem));
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.message).toMatch(/private key material/);
    expect(refused.message).not.toContain(privatePem.split('\n')[2]?.slice(0, 16));
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect((await failure(brandKeys.add(project.id, weak))).message).toMatch(/1024-bit/);
    expect(await brandKeys.list(project.id)).toHaveLength(0);
  });

  it('feeds the verifier: a stored key verifies credentials until it is revoked', async () => {
    const project = await projects.create('Verify');
    const key = await brandKeys.add(project.id, brandPem, vectors.kids.brand);
    const vector = vectors.vectors.find((v) => v.name === 'valid-full');
    if (!vector) throw new Error('vector missing');
    const verify = async () =>
      verifyCredentials({
        credentials: vector.credentials,
        now: vectors.now,
        platformKeys: [{ kid: 'platform', privateKey: privateKey('platform') }],
        policy: {
          acceptedIssuers: project.settings.acceptedIssuers,
          maxTokenLifetimeSeconds: project.settings.maxTokenLifetimeSeconds,
          brandKeys: await brandKeys.verificationKeys(project.id),
        },
      });
    expect(await verify()).toMatchObject({ ok: true, credentials: { brandKeyId: vectors.kids.brand } });
    await brandKeys.markUsed(key.id);
    expect((await brandKeys.list(project.id))[0]?.lastUsedAt).toBe('2026-01-01T00:00:00.000Z');
    const revoked = await brandKeys.revoke(key.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await verify()).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
    expect(await brandKeys.list(project.id, { includeRevoked: true })).toHaveLength(1);
    expect((await failure(brandKeys.revoke('missing'))).code).toBe('NOT_FOUND');
  });

  it('adds a JWKS URL: fetched once to validate, stored as one record standing for every key of the set', async () => {
    const { fetcher, counter } = fakeJwks(() => serve(publicJwk('brand', vectors.kids.brand), publicJwk('brand-old')));
    const keys = new BrandKeys({ ...deps(), jwks: fetcher });
    const project = await projects.create('JWKS');
    const record = await keys.addJwksUrl(project.id, ` ${JWKS_URL}#keys `);
    const urlDigest = createHash('sha256').update(JWKS_URL).digest('hex');
    expect(record).toMatchObject({
      projectId: project.id,
      kid: '',
      publicKeyPem: '',
      jwksUrl: JWKS_URL,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(record.fingerprint).toBe(`url:${urlDigest.match(/../g)?.join(':')}`);
    expect(await keys.find(record.id)).toEqual(record);
    expect(await keys.find('missing')).toBeNull();
    const again = await failure(keys.addJwksUrl(project.id, JWKS_URL, vectors.kids.brand));
    expect(again.message).toBe(
      `jwksUrl: the project already reads this JWKS URL as brand key "${record.id}" (every key of the set, added 2026-01-01T00:00:00.000Z); revoke that one first to add it again (with another kid)`,
    );
    const pinned = await keys.addJwksUrl(project.id, PINNED_JWKS_URL, vectors.kids.brand);
    expect(pinned.kid).toBe(vectors.kids.brand);
    const pem = await keys.add(project.id, brandPem, 'pem-key');
    expect(pem.jwksUrl).toBeNull();

    const set = await keys.verificationSet(project.id);
    const oldThumbprint = await thumbprintOf(publicKey('brand-old'));
    expect(set.keys.map((key) => [key.id, key.kid]).sort()).toEqual(
      [
        [record.id, vectors.kids.brand],
        [record.id, oldThumbprint],
        [pinned.id, vectors.kids.brand],
        [pem.id, 'pem-key'],
      ].sort(),
    );
    expect(set.hasActiveKey).toBe(true);
    expect([...set.jwksUrls].sort()).toEqual([JWKS_URL, PINNED_JWKS_URL].sort());
    expect(counter.requests).toBe(2);

    const vector = vectors.vectors.find((v) => v.name === 'valid-full');
    if (!vector) throw new Error('vector missing');
    const verified = verifyCredentials({
      credentials: vector.credentials,
      now: vectors.now,
      platformKeys: [{ kid: 'platform', privateKey: privateKey('platform') }],
      policy: { acceptedIssuers: project.settings.acceptedIssuers, maxTokenLifetimeSeconds: 60, brandKeys: set.keys },
    });
    expect(verified.ok && [record.id, pinned.id].includes(verified.credentials.brandKeyRecordId)).toBe(true);

    await keys.revoke(record.id);
    await keys.revoke(pinned.id);
    expect((await keys.verificationSet(project.id)).keys.map((key) => key.id)).toEqual([pem.id]);
    expect((await keys.verificationSet(project.id)).jwksUrls).toEqual([]);
  });

  it('refuses a JWKS URL that cannot serve keys, saying why, and stores nothing', async () => {
    const project = await projects.create('JWKS refusals');
    const reasons = async (keys: BrandKeys, url = JWKS_URL, kid?: string) => {
      const error = await failure(keys.addJwksUrl(project.id, url, kid));
      expect(error.code).toBe('VALIDATION_FAILED');
      return error.message;
    };
    const good = new BrandKeys({ ...deps(), jwks: fakeJwks(() => serve(publicJwk('brand', 'only'))).fetcher });
    expect(await reasons(good, JWKS_URL, 'other')).toBe('kid: the key set at jwksUrl has no usable key with kid "other" (it has "only")');
    expect(await reasons(good, 'http://keys.brand.example/jwks')).toBe('jwksUrl: use an https:// URL; plain http is refused');
    const internal = new BrandKeys({ ...deps(), jwks: fakeJwks(() => serve(), [{ address: '10.0.0.5', family: 4 }]).fetcher });
    expect(await reasons(internal)).toBe(
      'jwksUrl: keys.brand.example resolves to 10.0.0.5, which is a private address; set PARLEY_ALLOW_PRIVATE_JWKS=1 to allow it',
    );
    const down = new BrandKeys({
      ...deps(),
      jwks: fakeJwks(() => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 93.184.215.14:443'), { code: 'ECONNREFUSED' })))
        .fetcher,
    });
    expect(await reasons(down)).toMatch(
      /^jwksUrl: could not fetch https:\/\/keys\.brand\.example\/\.well-known\/jwks\.json \(.*ECONNREFUSED/,
    );
    const html = new BrandKeys({ ...deps(), jwks: fakeJwks(() => ({ status: 200, location: null, body: Buffer.from('<html>') })).fetcher });
    expect(await reasons(html)).toMatch(/not JSON/);
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const unusable = new BrandKeys({ ...deps(), jwks: fakeJwks(() => serve(weak)).fetcher });
    expect(await reasons(unusable)).toMatch(/no usable key.*key #1 is under 2048 bits/);
    // Without a fetcher of its own, BrandKeys refuses private addresses.
    expect(await reasons(brandKeys, 'https://169.254.169.254/latest/meta-data')).toBe(
      'jwksUrl: 169.254.169.254 is a link-local address; set PARLEY_ALLOW_PRIVATE_JWKS=1 to allow it',
    );
    expect(await brandKeys.list(project.id, { includeRevoked: true })).toHaveLength(0);
  });

  // Issue 13: the same key active as a public key and behind the project's JWKS URL survived revoking the former.
  it('does not take a revoked key back from a JWKS URL of the project, until the key is added again', async () => {
    const { fetcher } = fakeJwks(() => serve(publicJwk('brand', vectors.kids.brand), publicJwk('brand-old', 'old')));
    const keys = new BrandKeys({ ...deps(), jwks: fetcher });
    const project = await projects.create('Revoked behind a JWKS');
    const pem = await keys.add(project.id, brandPem, 'pem-key');
    const jwks = await keys.addJwksUrl(project.id, JWKS_URL);
    const vector = vectors.vectors.find((v) => v.name === 'valid-full');
    if (!vector) throw new Error('vector missing');
    const verify = async () =>
      verifyCredentials({
        credentials: vector.credentials,
        now: vectors.now,
        platformKeys: [{ kid: 'platform', privateKey: privateKey('platform') }],
        policy: {
          acceptedIssuers: project.settings.acceptedIssuers,
          maxTokenLifetimeSeconds: 60,
          brandKeys: await keys.verificationKeys(project.id),
        },
      });
    const served = async () => (await keys.verificationKeys(project.id)).map((key) => [key.id, key.kid]).sort();
    expect(await served()).toEqual(
      [
        [jwks.id, 'old'],
        [jwks.id, vectors.kids.brand],
        [pem.id, 'pem-key'],
      ].sort(),
    );

    await keys.revoke(pem.id);
    expect(await served()).toEqual([[jwks.id, 'old']]);
    expect(await verify()).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
    // Another project reading the same URL never revoked the key.
    const other = await projects.create('Same URL elsewhere');
    await keys.addJwksUrl(other.id, JWKS_URL);
    expect((await keys.verificationKeys(other.id)).map((key) => key.kid).sort()).toEqual(['old', vectors.kids.brand].sort());

    // Added again deliberately: trusted again, from both sources.
    const again = await keys.add(project.id, brandPem, 'again');
    expect(await served()).toEqual(
      [
        [again.id, 'again'],
        [jwks.id, 'old'],
        [jwks.id, vectors.kids.brand],
      ].sort(),
    );
    expect(await verify()).toMatchObject({ ok: true });
    // Revoking the URL stops the URL; a key added on its own stays, listed with its fingerprint.
    await keys.revoke(jwks.id);
    expect(await served()).toEqual([[again.id, 'again']]);
  });

  it('refuses a JWKS URL whose keys were all revoked in the project, and ignores revoked keys in a set with others', async () => {
    const project = await projects.create('JWKS of revoked keys');
    const pem = await brandKeys.add(project.id, brandPem);
    const { revokedAt } = await brandKeys.revoke(pem.id);
    const onlyRevoked = new BrandKeys({ ...deps(), jwks: fakeJwks(() => serve(publicJwk('brand', 'k1'))).fetcher });
    const advice = 'a JWKS URL does not bring a revoked key back: add it again as a public key if it is to be trusted again';
    expect((await failure(onlyRevoked.addJwksUrl(project.id, JWKS_URL))).message).toBe(
      `jwksUrl: every usable key of the set was revoked in this project (brand key "${pem.id}", revoked ${revokedAt}); ${advice}`,
    );
    const mixed = new BrandKeys({ ...deps(), jwks: fakeJwks(() => serve(publicJwk('brand', 'k1'), publicJwk('brand-old', 'k2'))).fetcher });
    expect((await failure(mixed.addJwksUrl(project.id, JWKS_URL, 'k1'))).message).toBe(
      `jwksUrl: the key with kid "k1" was revoked in this project (brand key "${pem.id}", revoked ${revokedAt}); ${advice}`,
    );
    expect(await brandKeys.list(project.id)).toEqual([]);
    const record = await mixed.addJwksUrl(project.id, JWKS_URL);
    expect((await mixed.verificationKeys(project.id)).map((key) => [key.id, key.kid])).toEqual([[record.id, 'k2']]);
  });

  it('keeps a JWKS record active but keyless while its URL fails with nothing cached', async () => {
    const project = await projects.create('JWKS down');
    await new BrandKeys({ ...deps(), jwks: fakeJwks(() => serve(publicJwk('brand'))).fetcher }).addJwksUrl(project.id, JWKS_URL);
    const restarted = new BrandKeys({ ...deps(), jwks: fakeJwks(() => ({ status: 503, location: null, body: Buffer.alloc(0) })).fetcher });
    expect(await restarted.verificationSet(project.id)).toEqual({
      keys: [],
      hasActiveKey: true,
      jwksUrls: [JWKS_URL],
      revokedRecords: 0,
      revision: expect.any(String),
      cached: false,
    });
  });
});
