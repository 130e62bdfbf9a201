import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectApiKeys } from '../../src/operators/index.js';
import { Projects } from '../../src/projects/projects.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';
import { apiFailure, testClock } from './helpers.js';

describe.each(DIALECTS)('project API keys on %s', (dialect) => {
  let testStore: TestStore;
  let apiKeys: ProjectApiKeys;
  let projects: Projects;
  const clock = testClock();
  let ids = 0;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    apiKeys = new ProjectApiKeys({ store: testStore.store, now: clock.now });
    projects = new Projects({ store: testStore.store, now: clock.now, newId: () => `project-${++ids}` });
  });
  afterAll(() => testStore.dispose());

  it('creates a key whose secret is shown once and stored only as its SHA-256', async () => {
    const project = await projects.create('Brand');
    const { clientId, clientSecret, apiKey } = await apiKeys.create(project.id);
    expect(clientId).toMatch(/^prl_client_[0-9a-f]{32}$/);
    expect(clientSecret).toMatch(/^prl_secret_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      id: clientId,
      projectId: project.id,
      createdAt: clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await testStore.store.db.selectFrom('project_api_keys').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(createHash('sha256').update(clientSecret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(clientSecret.slice('prl_secret_'.length));
    expect(JSON.stringify(apiKey)).not.toContain(clientSecret);
    const other = await apiKeys.create(project.id);
    expect(other.clientId).not.toBe(clientId);
    expect(other.clientSecret).not.toBe(clientSecret);
    expect((await apiFailure(apiKeys.create('missing'))).code).toBe('NOT_FOUND');
  });

  it('authenticates the right secret, marks the key used, and refuses anything else', async () => {
    const project = await projects.create('Auth');
    const { clientId, clientSecret } = await apiKeys.create(project.id);
    clock.advance(30);
    const key = await apiKeys.authenticate(clientId, clientSecret);
    expect(key).toMatchObject({ id: clientId, projectId: project.id, lastUsedAt: clock.now().toISOString() });
    expect((await apiKeys.find(clientId))?.lastUsedAt).toBe(clock.now().toISOString());
    expect(await apiKeys.authenticate(clientId, `${clientSecret}x`)).toBeNull();
    expect(await apiKeys.authenticate(clientId, clientSecret.slice(0, -1))).toBeNull();
    expect(await apiKeys.authenticate(clientId, '')).toBeNull();
    expect(await apiKeys.authenticate('prl_client_unknown', clientSecret)).toBeNull();
    expect(await apiKeys.authenticate('', clientSecret)).toBeNull();
    expect(await apiKeys.authenticate(clientId, 'x'.repeat(100_000))).toBeNull();
  });

  it('lists and revokes keys; a revoked key no longer authenticates', async () => {
    const project = await projects.create('Revoke');
    const first = await apiKeys.create(project.id);
    clock.advance(1);
    const second = await apiKeys.create(project.id);
    expect((await apiKeys.list(project.id)).map((key) => key.id)).toEqual([first.clientId, second.clientId]);
    clock.advance(1);
    const revoked = await apiKeys.revoke(first.clientId);
    expect(revoked.revokedAt).toBe(clock.now().toISOString());
    clock.advance(1);
    expect(await apiKeys.revoke(first.clientId)).toEqual(revoked);
    expect(await apiKeys.authenticate(first.clientId, first.clientSecret)).toBeNull();
    expect(await apiKeys.authenticate(second.clientId, second.clientSecret)).not.toBeNull();
    expect((await apiKeys.list(project.id)).map((key) => key.id)).toEqual([second.clientId]);
    expect((await apiKeys.list(project.id, { includeRevoked: true })).map((key) => key.id)).toEqual([first.clientId, second.clientId]);
    expect((await apiFailure(apiKeys.revoke('missing'))).code).toBe('NOT_FOUND');
  });
});
