import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CredentialsVector, type KeyName, keyPath, loadVectors, privateKey, publicKey } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialsAuthenticator,
  type CredentialsVerifier,
  createInlineVerifier,
  createVerifierPool,
  DatabaseReplayStore,
  InMemoryRateLimiter,
} from '../../src/credentials/index.js';
import { JwksFetcher } from '../../src/keys/jwks-fetcher.js';
import { BrandKeys } from '../../src/projects/brand-keys.js';
import { Projects } from '../../src/projects/projects.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

const file = loadVectors();

/** Fresh credentials (random jti) signed by `signer`, naming `kid` in the JWS header. */
const mint = (signer: KeyName, kid?: string) =>
  createCredentials({
    userId: 'user-42',
    brandPrivateKey: privateKey(signer),
    platformPublicKey: publicKey('platform'),
    platformKeyId: file.kids.platform,
    brandKeyId: kid,
    issuedAt: file.now,
  });
const publicJwk = (name: KeyName, kid: string) => ({ ...publicKey(name).export({ format: 'jwk' }), kid });
const serverVectors = file.vectors.filter((vector) => vector.scope === 'server');

describe.each(DIALECTS)('credentials authenticator on %s (server-scope vectors)', (dialect) => {
  let testStore: TestStore;
  let projects: Projects;
  let brandKeys: BrandKeys;
  let ids = 0;
  const makeAuthenticator = (limit = 120, overrides: { brandKeys?: BrandKeys; verifier?: CredentialsVerifier } = {}) =>
    new CredentialsAuthenticator({
      projects,
      brandKeys: overrides.brandKeys ?? brandKeys,
      platformKeys: { decryptionKeys: async () => [{ kid: file.kids.platform, privateKey: privateKey('platform') }] },
      verifier: overrides.verifier ?? createInlineVerifier(),
      replayStore: new DatabaseReplayStore(testStore.store, () => file.now),
      rateLimiter: new InMemoryRateLimiter(limit, 60),
      nowSeconds: () => file.now,
    });

  const deps = () => ({ store: testStore.store, now: () => new Date(file.now * 1000), newId: () => `${dialect}-${++ids}` });
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    projects = new Projects(deps());
    brandKeys = new BrandKeys(deps());
  });
  afterAll(() => testStore.dispose());

  /** A project in the state the vector describes. */
  async function projectFor(vector: CredentialsVector): Promise<string> {
    const state = vector.project ?? {};
    if (state.exists === false) return 'no-such-project';
    const project = await projects.create(vector.name);
    await projects.updateSettings(project.id, { authenticatedMode: state.authenticatedMode ?? true });
    for (const name of vector.policy?.brandKeys ?? ['brand'])
      await brandKeys.add(project.id, readFileSync(keyPath(name, 'public'), 'utf8'), file.kids[name]);
    return project.id;
  }

  it.each(serverVectors.filter((v) => !v.name.startsWith('server-replayed-reencrypted')).map((v) => [v.name, v] as const))(
    '%s',
    async (_name, vector) => {
      const projectId = await projectFor(vector);
      const authenticator = makeAuthenticator(vector.project?.rateLimited ? 0 : 120);
      const request = { projectId, credentials: vector.credentials, clientIp: '203.0.113.7', consume: true, report: true };
      if (vector.project?.alreadyUsed) expect((await authenticator.authenticate(request)).ok).toBe(true);
      const result = await authenticator.authenticate(request);
      expect(result.ok ? 'ok' : result.reason).toBe(vector.expected.ok ? 'ok' : vector.expected.reason);
    },
  );

  it('refuses a captured JWS re-encrypted into a new JWE', async () => {
    const first = serverVectors.find((v) => v.name === 'server-replayed-reencrypted-first') as CredentialsVector;
    const second = serverVectors.find((v) => v.name === 'server-replayed-reencrypted') as CredentialsVector;
    const projectId = await projectFor(first);
    const authenticator = makeAuthenticator();
    const present = (vector: CredentialsVector) =>
      authenticator.authenticate({ projectId, credentials: vector.credentials, clientIp: '198.51.100.1', consume: true, report: false });
    expect((await present(first)).ok).toBe(true);
    expect(await present(second)).toMatchObject({ ok: false, reason: 'CREDENTIALS_REPLAYED' });
  });

  it('decides RATE_LIMITED before parsing, per (IP, project)', async () => {
    const vector = serverVectors[0] as CredentialsVector;
    const projectId = await projectFor({ ...vector, project: {} });
    const authenticator = makeAuthenticator(2);
    const attempt = (clientIp: string) =>
      authenticator.authenticate({ projectId, credentials: 'garbage', clientIp, consume: true, report: false });
    expect(await attempt('192.0.2.1')).toMatchObject({ reason: 'CREDENTIALS_MALFORMED' });
    expect(await attempt('192.0.2.1')).toMatchObject({ reason: 'CREDENTIALS_MALFORMED' });
    expect(await attempt('192.0.2.1')).toMatchObject({ reason: 'RATE_LIMITED' });
    expect(await attempt('192.0.2.2')).toMatchObject({ reason: 'CREDENTIALS_MALFORMED' });
  });

  it('lets the test mode verify without consuming, and records brand key use only on real use', async () => {
    const vector = file.vectors.find((v) => v.name === 'valid-no-jti') as CredentialsVector;
    const projectId = await projectFor({ ...vector, project: {} });
    const authenticator = makeAuthenticator();
    const request = { projectId, credentials: vector.credentials, clientIp: '192.0.2.9', report: true };
    const tested = await authenticator.authenticate({ ...request, consume: false });
    expect(tested.ok).toBe(true);
    expect(tested.checks.map((check) => check.name)).not.toContain('replay');
    expect((await brandKeys.list(projectId))[0]?.lastUsedAt).toBeNull();
    expect((await authenticator.authenticate({ ...request, consume: true })).ok).toBe(true);
    expect((await brandKeys.list(projectId))[0]?.lastUsedAt).not.toBeNull();
  });

  it('marks as used the record whose key verified the signature, when two active keys share a kid (across worker threads too)', async () => {
    const project = await projects.create('shared kid');
    await projects.updateSettings(project.id, { authenticatedMode: true });
    const other = await brandKeys.add(project.id, readFileSync(keyPath('brand-old', 'public'), 'utf8'), file.kids.brand);
    const signer = await brandKeys.add(project.id, readFileSync(keyPath('brand', 'public'), 'utf8'), file.kids.brand);
    const pool = createVerifierPool({ size: 1 });
    try {
      for (const verifier of [createInlineVerifier(), pool]) {
        const result = await makeAuthenticator(120, { verifier }).authenticate({
          projectId: project.id,
          credentials: await mint('brand', file.kids.brand),
          clientIp: '192.0.2.10',
          consume: true,
          report: false,
        });
        expect(result).toMatchObject({ ok: true, credentials: { brandKeyId: file.kids.brand, brandKeyRecordId: signer.id } });
      }
    } finally {
      await pool.close();
    }
    expect((await brandKeys.find(signer.id))?.lastUsedAt).not.toBeNull();
    expect((await brandKeys.find(other.id))?.lastUsedAt).toBeNull();
  });

  it('follows a brand rotating the keys of its JWKS URL: one refetch for an unknown kid, with backoff', async () => {
    let served = [publicJwk('brand-old', file.kids['brand-old'])];
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    let clock = file.now * 1000;
    // PARLEY_ALLOW_PRIVATE_JWKS=1 lets plain http reach a loopback server: the real network path, no certificate needed.
    const jwks = new JwksFetcher({ allowPrivate: true, now: () => clock });
    const keys = new BrandKeys({ ...deps(), jwks });
    try {
      const project = await projects.create('rotating brand');
      await projects.updateSettings(project.id, { authenticatedMode: true });
      const record = await keys.addJwksUrl(project.id, `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
      expect(requests).toBe(1);
      const authenticator = makeAuthenticator(120, { brandKeys: keys });
      const present = async (signer: KeyName, kid: string) =>
        authenticator.authenticate({
          projectId: project.id,
          credentials: await mint(signer, kid),
          clientIp: '192.0.2.11',
          consume: true,
          report: true,
        });

      const before = await present('brand-old', file.kids['brand-old']);
      expect(before).toMatchObject({ ok: true, credentials: { brandKeyId: file.kids['brand-old'], brandKeyRecordId: record.id } });
      expect((await keys.find(record.id))?.lastUsedAt).not.toBeNull();
      expect(requests).toBe(1);

      served = [publicJwk('brand', file.kids.brand), publicJwk('brand-old', file.kids['brand-old'])];
      clock += 30_000; // the last fetch (validating the URL) is 30 s old: a refetch is allowed
      expect(await present('brand', file.kids.brand)).toMatchObject({ ok: true, credentials: { brandKeyId: file.kids.brand } });
      expect(requests).toBe(2);

      clock += 1_000;
      const unknown = await present('brand-other', file.kids['brand-other']);
      expect(unknown).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID', unknownBrandKid: file.kids['brand-other'] });
      expect(await present('brand-other', 'yet-another-kid')).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
      expect(requests).toBe(2); // within 30 s of the last fetch: no refetch
      clock += 30_000;
      expect(await present('brand-other', file.kids['brand-other'])).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
      expect(requests).toBe(3);

      // A brand labelling its own kids: the unknown kid is tried against every key and verifies, no refetch needed.
      clock += 30_000;
      expect(await present('brand', 'label-of-my-own')).toMatchObject({ ok: true, credentials: { brandKeyId: file.kids.brand } });
      expect(requests).toBe(3);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('answers SIGNATURE_INVALID, not NO_BRAND_KEY, while a JWKS URL with nothing cached is down', async () => {
    const project = await projects.create('jwks down');
    await projects.updateSettings(project.id, { authenticatedMode: true });
    const answers = [JSON.stringify({ keys: [publicJwk('brand', file.kids.brand)] })];
    const jwks = (body: () => string | undefined) =>
      new JwksFetcher({
        allowPrivate: false,
        now: () => file.now * 1000,
        resolve: async () => [{ address: '93.184.215.14', family: 4 }],
        request: async () => {
          const text = body();
          return text === undefined
            ? { status: 503, location: null, body: Buffer.alloc(0) }
            : { status: 200, location: null, body: Buffer.from(text) };
        },
      });
    await new BrandKeys({ ...deps(), jwks: jwks(() => answers[0]) }).addJwksUrl(project.id, 'https://keys.brand.example/jwks');
    const down = new BrandKeys({ ...deps(), jwks: jwks(() => undefined) });
    const result = await makeAuthenticator(120, { brandKeys: down }).authenticate({
      projectId: project.id,
      credentials: await mint('brand', file.kids.brand),
      clientIp: '192.0.2.12',
      consume: true,
      report: false,
    });
    expect(result).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
  });

  describe('with the brand keys from this node’s copy (cachedKeys)', () => {
    const pem = (name: KeyName) => readFileSync(keyPath(name, 'public'), 'utf8');
    let clock = file.now * 1000;
    /** This node's keys, on a clock the test moves; `elsewhere` adds and revokes as another node would. */
    const here = () => new BrandKeys({ ...deps(), now: () => new Date(clock) });
    const elsewhere = () => new BrandKeys(deps());
    const securedProject = async (name: string) => {
      const project = await projects.create(name);
      await projects.updateSettings(project.id, { authenticatedMode: true });
      return project.id;
    };
    const attempt = (keys: BrandKeys, projectId: string, credentials: string, cachedKeys = true) =>
      makeAuthenticator(120, { brandKeys: keys }).authenticate({
        projectId,
        credentials,
        clientIp: '192.0.2.20',
        consume: 'by-caller',
        report: false,
        cachedKeys,
      });

    it('reads the records at most once a minute, and tells how many were revoked when its copy was read', async () => {
      const projectId = await securedProject('cached');
      const old = await elsewhere().add(projectId, pem('brand-old'), file.kids['brand-old']);
      await elsewhere().add(projectId, pem('brand'), file.kids.brand);
      const keys = here();
      // Read now: nothing for the write to compare.
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true, revokedBrandKeys: null });
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true, revokedBrandKeys: 0 });
      await elsewhere().revoke(old.id);
      // The copy still has "old" active and counts no revocation: the sign-in's write compares that count and refuses.
      expect(await attempt(keys, projectId, await mint('brand-old', file.kids['brand-old']))).toMatchObject({
        ok: true,
        revokedBrandKeys: 0,
      });
      expect(await attempt(keys, projectId, await mint('brand-old', file.kids['brand-old']), false)).toMatchObject({
        ok: false,
        reason: 'SIGNATURE_INVALID',
      });
      // That read refreshed the copy.
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true, revokedBrandKeys: 1 });
      const again = await elsewhere().add(projectId, pem('brand-old'), 'again');
      await elsewhere().revoke(again.id);
      clock += 59_999;
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ revokedBrandKeys: 1 });
      clock += 1;
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ revokedBrandKeys: null });
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ revokedBrandKeys: 2 });
    });

    it('verifies a failure with the copy again against the records read now', async () => {
      const projectId = await securedProject('revoked elsewhere, expired');
      const revoked = await elsewhere().add(projectId, pem('brand-old'), file.kids['brand-old']);
      await elsewhere().add(projectId, pem('brand'), file.kids.brand);
      const keys = here();
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true });
      await elsewhere().revoke(revoked.id);
      const expired = await createCredentials({
        userId: 'user-42',
        brandPrivateKey: privateKey('brand-old'),
        platformPublicKey: publicKey('platform'),
        platformKeyId: file.kids.platform,
        brandKeyId: file.kids['brand-old'],
        issuedAt: file.now - 3600,
      });
      expect(await attempt(keys, projectId, expired)).toMatchObject({ ok: false, reason: 'SIGNATURE_INVALID' });
      // The last key revoked elsewhere: the project has none, as a read at the start would have said.
      const [last] = await elsewhere().list(projectId);
      await elsewhere().revoke(last?.id as string);
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true }); // the copy
      const expiredToo = await createCredentials({
        userId: 'user-42',
        brandPrivateKey: privateKey('brand'),
        platformPublicKey: publicKey('platform'),
        platformKeyId: file.kids.platform,
        brandKeyId: file.kids.brand,
        issuedAt: file.now - 3600,
      });
      expect(await attempt(keys, projectId, expiredToo)).toMatchObject({ ok: false, reason: 'NO_BRAND_KEY' });
    });

    it('verifies again against the records read now when a key added elsewhere could explain the failure', async () => {
      const projectId = await securedProject('added elsewhere');
      const keys = here();
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: false, reason: 'NO_BRAND_KEY' });
      await elsewhere().add(projectId, pem('brand'), file.kids.brand);
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true });
      await elsewhere().add(projectId, pem('brand-other'), file.kids['brand-other']);
      expect(await attempt(keys, projectId, await mint('brand-other', file.kids['brand-other']))).toMatchObject({ ok: true });
      expect(await attempt(keys, projectId, await mint('brand-old', file.kids['brand-old']))).toMatchObject({
        ok: false,
        reason: 'SIGNATURE_INVALID',
      });
    });

    it('drops the copy when this node adds or revokes a key', async () => {
      const projectId = await securedProject('changed here');
      const keys = here();
      const record = await keys.add(projectId, pem('brand'), file.kids.brand);
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true, revokedBrandKeys: null });
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true, revokedBrandKeys: 0 });
      await keys.revoke(record.id);
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: false, reason: 'NO_BRAND_KEY' });
      await keys.add(projectId, pem('brand'), file.kids.brand);
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true, revokedBrandKeys: null });
      expect(await attempt(keys, projectId, await mint('brand', file.kids.brand))).toMatchObject({ ok: true, revokedBrandKeys: 1 });
    });
  });
});
