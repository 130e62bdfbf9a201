import { getIntrospectionQuery } from 'graphql';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, apiKeyBearer, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const TEST_MUTATION = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!) {
    testVisitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials }) {
      ok reason visitorSessionToken { accessToken } checks { name ok detail hint }
    }
  }`;

interface TestAnswer {
  testVisitorAuthenticateFromCredentials: {
    ok: boolean;
    reason: string | null;
    visitorSessionToken: { accessToken: string } | null;
    checks: { name: string; ok: boolean; detail: string; hint: string | null }[];
  };
}

describe.each(DIALECTS)('operators, roles and the operator API on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;
  let projectId: string;
  let agent: string;
  let agentId: string;
  let clock = Date.parse('2026-06-01T00:00:00Z');

  const credentials = (userId: string, lifetimeSeconds = 60) =>
    brandCredentials(testApp.services, { userId, issuedAt: Math.floor(clock / 1000), lifetimeSeconds });

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV, now: () => new Date(clock) });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
    const created = await gqlOk<{ operatorCreate: { operator: { id: string; role: string } } }>(
      testApp.app,
      'mutation { operatorCreate(input: { email: "Agent@Example.com", password: "agent password 1", role: AGENT }) { operator { id email role } } }',
      {},
      admin,
    );
    agentId = created.operatorCreate.operator.id;
    expect(created.operatorCreate.operator.role).toBe('AGENT');
    agent = await passwordGrant(testApp.app, 'agent@example.com', 'agent password 1');
  });
  afterAll(() => testApp.dispose());

  it('lets an agent see only the projects it is a member of, and nothing admin-only', async () => {
    const none = await gqlOk<{ projects: { totalCount: number } }>(testApp.app, '{ projects { totalCount } }', {}, agent);
    expect(none.projects.totalCount).toBe(0);
    expect(errorName(await gql(testApp.app, 'query($id: ID!) { project(id: $id) { name } }', { id: projectId }, agent))).toBe('NOT_FOUND');
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
      { p: projectId, o: agentId },
      admin,
    );
    const mine = await gqlOk<{ projects: { edges: { node: { id: string } }[] } }>(
      testApp.app,
      '{ projects { edges { node { id } } } }',
      {},
      agent,
    );
    expect(mine.projects.edges.map((edge) => edge.node.id)).toEqual([projectId]);
    for (const query of [
      'mutation { projectCreate(input: { name: "Mine" }) { project { id } } }',
      '{ platformKeys { kid } }',
      '{ operators { totalCount } }',
      'mutation { platformKeyRotate { platformKey { kid } } }',
    ])
      expect(errorName(await gql(testApp.app, query, {}, agent))).toBe('PERMISSION_DENIED');
    const update = await gql(
      testApp.app,
      'mutation($id: ID!) { projectUpdateAuthentication(input: { projectId: $id, authenticatedMode: false }) { project { id } } }',
      { id: projectId },
      agent,
    );
    expect(errorName(update)).toBe('PERMISSION_DENIED');
  });

  it('runs the test mutation for admins and API keys, consuming nothing, with a parley:test token no visitor API takes', async () => {
    const jwe = await credentials('user-1');
    const answer = await gqlOk<TestAnswer>(testApp.app, TEST_MUTATION, { projectId, credentials: jwe }, admin);
    const result = answer.testVisitorAuthenticateFromCredentials;
    expect(result.ok).toBe(true);
    expect(result.reason).toBeNull();
    expect(result.checks.every((check) => check.ok)).toBe(true);
    expect(result.checks.map((check) => check.name).slice(0, 4)).toEqual(['rateLimit', 'project', 'authenticatedMode', 'brandKey']);
    // Nothing is consumed, so single use is not checked: the last step is the claims'.
    expect(result.checks.at(-1)?.name).toBe('visitorData');
    const testToken = result.visitorSessionToken?.accessToken ?? '';
    expect(decodeJwt(testToken).aud).toBe('parley:test');
    const refused = await gql(testApp.app, '{ visitorSession { vuid } }', {}, testToken);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ name: 'VISITOR_SESSION_EXPIRED', code: 1000 });
    // Not consumed: the same credentials still open a real session.
    const real = await gql(
      testApp.app,
      'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }',
      { p: projectId, c: jwe },
    );
    expect(real.errors).toBeUndefined();
    // Agents may not use it; an API key of the project may.
    expect(errorName(await gql(testApp.app, TEST_MUTATION, { projectId, credentials: jwe }, agent))).toBe('PERMISSION_DENIED');
    const api = await apiKeyBearer(testApp.app, admin, projectId);
    const byApi = await gqlOk<TestAnswer>(testApp.app, TEST_MUTATION, { projectId, credentials: await credentials('user-2') }, api);
    expect(byApi.testVisitorAuthenticateFromCredentials.ok).toBe(true);
  });

  it('answers a bad credential as data: the reason, and the failing check last with its hint', async () => {
    const tooLong = await gqlOk<TestAnswer>(
      testApp.app,
      TEST_MUTATION,
      { projectId, credentials: await credentials('user-3', 600) },
      admin,
    );
    const result = tooLong.testVisitorAuthenticateFromCredentials;
    expect(result).toMatchObject({ ok: false, reason: 'LIFETIME_TOO_LONG', visitorSessionToken: null });
    expect(result.checks.at(-1)).toMatchObject({ name: 'lifetime', ok: false });
    expect(result.checks.at(-1)?.hint).toMatch(/\w/);
    const disabled = await securedProject(testApp.app, admin, 'Disabled');
    await gqlOk(
      testApp.app,
      'mutation($id: ID!) { projectUpdateAuthentication(input: { projectId: $id, authenticatedMode: false }) { project { id } } }',
      { id: disabled.projectId },
      admin,
    );
    const off = await gqlOk<TestAnswer>(testApp.app, TEST_MUTATION, { projectId: disabled.projectId, credentials: 'x' }, admin);
    expect(off.testVisitorAuthenticateFromCredentials.reason).toBe('AUTHENTICATED_MODE_DISABLED');
    expect(off.testVisitorAuthenticateFromCredentials.checks.map((check) => [check.name, check.ok])).toEqual([
      ['rateLimit', true],
      ['project', true],
      ['authenticatedMode', false],
    ]);
  });

  it('logs attempts for the project: outcome, reason, key ids, user, an IP HMAC, and counts per bucket', async () => {
    const attempt = (jwe: string) =>
      gql(
        testApp.app,
        'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }',
        {
          p: projectId,
          c: jwe,
        },
      );
    clock += 1000;
    await attempt(await credentials('user-log'));
    clock += 1000;
    await attempt('not-a-jwe');
    const log = await gqlOk<{
      authenticationEvents: { totalCount: number; edges: { node: Record<string, string | null> }[] };
    }>(
      testApp.app,
      'query($p: ID!) { authenticationEvents(projectId: $p, first: 2) { totalCount edges { node { id time outcome reason platformKeyId brandKeyId userId vuid ipHmac } } } }',
      { p: projectId },
      admin,
    );
    const [failure, success] = log.authenticationEvents.edges.map((edge) => edge.node);
    expect(failure).toMatchObject({ outcome: 'FAILURE', reason: 'CREDENTIALS_MALFORMED', userId: null });
    expect(success).toMatchObject({ outcome: 'SUCCESS', reason: null, userId: 'user-log' });
    expect(success?.platformKeyId).toBeTruthy();
    expect(success?.brandKeyId).toBeTruthy();
    expect(success?.ipHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(log)).not.toContain('127.0.0.1');
    // Time-ordered ids (UUID v7, the clock's milliseconds first): new rows go to the end of the log's index.
    for (const event of [failure, success]) expect(event?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    expect(Number.parseInt(failure?.id?.replace(/-/g, '').slice(0, 12) ?? '', 16)).toBe(Date.parse(failure?.time ?? ''));
    const failures = await gqlOk<{ authenticationEvents: { edges: { node: { reason: string } }[] } }>(
      testApp.app,
      'query($p: ID!) { authenticationEvents(projectId: $p, outcome: FAILURE) { edges { node { reason } } } }',
      { p: projectId },
      admin,
    );
    expect(failures.authenticationEvents.edges.every((edge) => edge.node.reason !== null)).toBe(true);
    const stats = await gqlOk<{ authenticationStats: { start: string; success: number; failure: number }[] }>(
      testApp.app,
      'query($p: ID!, $from: DateTime!, $to: DateTime!) { authenticationStats(projectId: $p, from: $from, to: $to, bucket: HOUR) { start success failure } }',
      { p: projectId, from: new Date(clock - 3_600_000).toISOString(), to: new Date(clock + 3_600_000).toISOString() },
      admin,
    );
    const total = stats.authenticationStats.reduce((sum, bucket) => sum + bucket.success + bucket.failure, 0);
    expect(total).toBe(log.authenticationEvents.totalCount);
    expect(
      errorName(await gql(testApp.app, 'query($p: ID!) { authenticationEvents(projectId: $p) { totalCount } }', { p: projectId }, agent)),
    ).toBe('PERMISSION_DENIED');
  });

  it('ends bearers: revoked tokens and disabled operators get 401 UNAUTHENTICATED, never anonymous access', async () => {
    const second = await passwordGrant(testApp.app, 'agent@example.com', 'agent password 1');
    const revoked = await gqlOk<{ operatorTokensRevoke: { revokedCount: number } }>(
      testApp.app,
      'mutation($id: ID!) { operatorTokensRevoke(input: { operatorId: $id }) { revokedCount } }',
      { id: agentId },
      admin,
    );
    expect(revoked.operatorTokensRevoke.revokedCount).toBe(2);
    for (const bearer of [agent, second]) {
      const answer = await gql(testApp.app, '{ viewer { operator { id } } }', {}, bearer);
      expect(answer.status).toBe(401);
      expect(errorName(answer)).toBe('UNAUTHENTICATED');
    }
    const fresh = await passwordGrant(testApp.app, 'agent@example.com', 'agent password 1');
    await gqlOk(
      testApp.app,
      'mutation($id: ID!) { operatorUpdate(input: { id: $id, disabled: true }) { operator { disabled } } }',
      { id: agentId },
      admin,
    );
    expect((await gql(testApp.app, '{ viewer { operator { id } } }', {}, fresh)).status).toBe(401);
    const login = await testApp.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      payload: { grant_type: 'password', username: 'agent@example.com', password: 'agent password 1' },
    });
    expect(login.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('limits pages to 100, and query depth and cost, before running anything', async () => {
    expect(errorName(await gql(testApp.app, '{ projects(first: 101) { totalCount } }', {}, admin))).toBe('VALIDATION_FAILED');
    const deep = `{ projects { edges { node { members { edges { node { id } } } brandKeys { edges { node { id } } } } } } }`;
    expect((await gql(testApp.app, deep, {}, admin)).errors).toBeUndefined();
    const costly =
      '{ projects(first: 100) { edges { node { members(first: 100) { edges { node { id email role disabled createdAt } } } } } } }';
    const answer = await gql(testApp.app, costly, {}, admin);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.message).toMatch(/query cost \d+ is over the limit/);
    expect(errorName(answer)).toBe('VALIDATION_FAILED');
    // GraphiQL's introspection query passes; asking for the schema twice, or a default-sized
    // connection under fifty aliases, does not.
    expect((await gql(testApp.app, getIntrospectionQuery(), {}, admin)).errors).toBeUndefined();
    const twice = await gql(testApp.app, '{ a: __schema { queryType { name } } b: __schema { queryType { name } } }', {}, admin);
    expect(twice.errors?.[0]?.message).toBe('ask for __schema or __type once per query');
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: projects { edges { node { members { edges { node { id email } } } } } }`);
    expect((await gql(testApp.app, `{ ${aliases.join(' ')} }`, {}, admin)).errors?.[0]?.message).toMatch(
      /query cost \d+ is over the limit/,
    );
    const huge = await gql(testApp.app, '{ __typename }', { padding: 'x'.repeat(100_000) }, admin);
    expect(huge.status).toBe(413);
    expect(errorName(huge)).toBe('VALIDATION_FAILED');
  });

  it('masks unexpected errors as INTERNAL_ERROR with a request id and nothing else', async () => {
    const broken = await openTestApp(dialect, { env: ADMIN_ENV });
    const bearer = await passwordGrant(broken.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const { projectId: id } = await securedProject(broken.app, bearer);
    await broken.services.store.db.schema.dropTable('authentication_events').execute();
    const answer = await gql(broken.app, 'query($id: ID!) { authenticationEvents(projectId: $id) { totalCount } }', { id }, bearer);
    expect(answer.errors?.[0]?.extensions).toEqual({ name: 'INTERNAL_ERROR', retryPolicy: 'RETRY_WITH_BACKOFF' });
    expect(answer.errors?.[0]?.message).toMatch(/^internal error \(request id [0-9a-f-]{36}\)$/);
    await broken.dispose();
  });
});
