import { readFileSync } from 'node:fs';
import { type CredentialsVector, keyPath, loadVectors, privateKey } from '@parley/test-vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrandKeys,
  CredentialsAuthenticator,
  createInlineVerifier,
  DatabaseReplayStore,
  InMemoryRateLimiter,
  Projects,
} from '../../src/index.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

const file = loadVectors();
const serverVectors = file.vectors.filter((vector) => vector.scope === 'server');

describe.each(DIALECTS)('credentials authenticator on %s (server-scope vectors)', (dialect) => {
  let testStore: TestStore;
  let projects: Projects;
  let brandKeys: BrandKeys;
  let ids = 0;
  const makeAuthenticator = (limit = 120) =>
    new CredentialsAuthenticator({
      projects,
      brandKeys,
      platformKeys: { decryptionKeys: async () => [{ kid: file.kids.platform, privateKey: privateKey('platform') }] },
      verifier: createInlineVerifier(),
      replayStore: new DatabaseReplayStore(testStore.store, () => file.now),
      rateLimiter: new InMemoryRateLimiter(limit, 60, () => file.now),
      nowSeconds: () => file.now,
    });

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const deps = { store: testStore.store, now: () => new Date(file.now * 1000), newId: () => `${dialect}-${++ids}` };
    projects = new Projects(deps);
    brandKeys = new BrandKeys(deps);
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
});
