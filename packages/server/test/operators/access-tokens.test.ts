import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens, isOpaqueBearer, Operators, ProjectApiKeys } from '../../src/operators/index.js';
import { Projects } from '../../src/projects/projects.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';
import { apiFailure, countingHasher, testClock } from './helpers.js';

const PASSWORD = 'a long enough password';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(DIALECTS)('access tokens on %s', (dialect) => {
  let testStore: TestStore;
  let tokens: AccessTokens;
  let operators: Operators;
  let apiKeys: ProjectApiKeys;
  let projects: Projects;
  const clock = testClock();
  let ids = 0;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const deps = { store: testStore.store, now: clock.now, newId: () => `id-${++ids}` };
    tokens = new AccessTokens(deps);
    operators = new Operators({ ...deps, passwords: countingHasher() });
    apiKeys = new ProjectApiKeys(deps);
    projects = new Projects(deps);
    await operators.create({ email: 'root@example.com', password: PASSWORD, role: 'admin' });
  });
  afterAll(() => testStore.dispose());

  it('recognises opaque bearers by prefix', () => {
    expect(isOpaqueBearer('prl_op_abc')).toBe(true);
    expect(isOpaqueBearer('prl_api_abc')).toBe(true);
    expect(isOpaqueBearer('eyJhbGciOiJFZERTQSJ9.e30.sig')).toBe(false);
    expect(isOpaqueBearer('prl_secret_abc')).toBe(false);
  });

  it('issues an operator bearer that resolves for exactly 24 hours, storing only its hash', async () => {
    const agent = await operators.create({ email: 'agent@example.com', password: PASSWORD, role: 'agent' });
    const project = await projects.create('Desk');
    await operators.addMember(project.id, agent.id);
    const issued = await tokens.issueForOperator(agent.id);
    expect(issued.expiresIn).toBe(86400);
    expect(issued.accessToken).toMatch(/^prl_op_[A-Za-z0-9_-]{43}$/);
    const rows = await testStore.store.db.selectFrom('access_tokens').selectAll().where('operator_id', '=', agent.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(sha256(issued.accessToken));
    expect(JSON.stringify(rows)).not.toContain(issued.accessToken.slice('prl_op_'.length));

    const principal = { kind: 'operator', operatorId: agent.id, role: 'agent', email: 'agent@example.com', projectIds: [project.id] };
    expect(await tokens.resolve(issued.accessToken)).toEqual(principal);
    clock.advance(86400 - 0.001);
    expect(await tokens.resolve(issued.accessToken)).toEqual(principal);
    clock.advance(0.001);
    expect(await tokens.resolve(issued.accessToken)).toBeNull();
    expect(await tokens.deleteExpired()).toBe(1);
  });

  it('answers null for unknown, malformed or mislabelled bearers', async () => {
    const root = await operators.findByEmail('root@example.com');
    const issued = await tokens.issueForOperator(root?.id ?? '');
    expect(await tokens.resolve(issued.accessToken)).toMatchObject({ kind: 'operator', role: 'admin', projectIds: [] });
    expect(await tokens.resolve(`${issued.accessToken}x`)).toBeNull();
    expect(await tokens.resolve(issued.accessToken.replace('prl_op_', 'prl_api_'))).toBeNull();
    expect(await tokens.resolve(issued.accessToken.slice('prl_op_'.length))).toBeNull();
    expect(await tokens.resolve('prl_op_')).toBeNull();
    expect(await tokens.resolve('')).toBeNull();
    expect((await apiFailure(tokens.issueForOperator('missing'))).code).toBe('NOT_FOUND');
    expect((await apiFailure(tokens.issueForApiKey('missing'))).code).toBe('NOT_FOUND');
  });

  it('stops resolving bearers of a disabled operator (they resolve again if it is re-enabled)', async () => {
    const agent = await operators.create({ email: 'disabled@example.com', password: PASSWORD, role: 'agent' });
    const issued = await tokens.issueForOperator(agent.id);
    await operators.update(agent.id, { disabled: true });
    expect(await tokens.resolve(issued.accessToken)).toBeNull();
    await operators.update(agent.id, { disabled: false });
    expect(await tokens.resolve(issued.accessToken)).not.toBeNull();
  });

  it('revokes the live bearers of an operator and counts them', async () => {
    const agent = await operators.create({ email: 'revoke@example.com', password: PASSWORD, role: 'agent' });
    const other = await operators.create({ email: 'bystander@example.com', password: PASSWORD, role: 'agent' });
    const expired = await tokens.issueForOperator(agent.id);
    clock.advance(86400);
    const alreadyRevoked = await tokens.issueForOperator(agent.id);
    expect(await tokens.revoke(alreadyRevoked.accessToken)).toBe(true);
    expect(await tokens.revoke(alreadyRevoked.accessToken)).toBe(false);
    const live = [await tokens.issueForOperator(agent.id), await tokens.issueForOperator(agent.id)];
    const bystander = await tokens.issueForOperator(other.id);
    expect(await tokens.revokeForOperator(agent.id)).toBe(2);
    expect(await tokens.revokeForOperator(agent.id)).toBe(0);
    for (const token of [expired, alreadyRevoked, ...live]) expect(await tokens.resolve(token.accessToken)).toBeNull();
    expect(await tokens.resolve(bystander.accessToken)).toMatchObject({ operatorId: other.id });
    expect((await apiFailure(tokens.revokeForOperator('missing'))).code).toBe('NOT_FOUND');
  });

  it('issues API bearers scoped to the key project, dead once the key is revoked', async () => {
    const project = await projects.create('Backend');
    const { apiKey } = await apiKeys.create(project.id);
    const issued = await tokens.issueForApiKey(apiKey.id);
    expect(issued).toEqual({ accessToken: expect.stringMatching(/^prl_api_[A-Za-z0-9_-]{43}$/), expiresIn: 86400 });
    const row = await testStore.store.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('api_key_id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ token_hash: sha256(issued.accessToken), kind: 'api', operator_id: null });
    expect(await tokens.resolve(issued.accessToken)).toEqual({ kind: 'apiKey', apiKeyId: apiKey.id, projectId: project.id });
    await apiKeys.revoke(apiKey.id);
    expect(await tokens.resolve(issued.accessToken)).toBeNull();
  });
});
