import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyPath, loadVectors, privateKey } from '@parley/test-vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, BrandKeys, DEFAULT_SETTINGS, Projects, verifyCredentials } from '../../src/index.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

const vectors = loadVectors();
const brandPem = readFileSync(keyPath('brand', 'public'), 'utf8');

describe.each(DIALECTS)('projects and brand keys on %s', (dialect) => {
  let testStore: TestStore;
  let projects: Projects;
  let brandKeys: BrandKeys;
  let ids = 0;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const deps = { store: testStore.store, now: () => new Date('2026-01-01T00:00:00Z'), newId: () => `id-${++ids}` };
    projects = new Projects(deps);
    brandKeys = new BrandKeys(deps);
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

  it('creates a project with the SPEC §4 defaults', async () => {
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
    const bare = brandPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect((await brandKeys.add(project.id, bare)).fingerprint).toBe(pem.fingerprint);
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
    expect((await brandKeys.add(project.id, brandPem, 'my-label')).kid).toBe('my-label');
    expect(await brandKeys.list(project.id)).toHaveLength(4);
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
});
