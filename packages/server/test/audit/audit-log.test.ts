import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redacted } from '../../src/audit/audit-log.js';
import { auditedFields } from '../../src/graphql/audit.js';
import { ACCESS_RULES } from '../../src/graphql/build-schema.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, apiKeyBearer, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';

const LOG = /* GraphQL */ `
  query($p: ID) {
    auditLog(projectId: $p, first: 50) {
      totalCount
      edges { node { time projectId action changes actor { kind id label } } }
    }
  }`;

interface Entry {
  projectId: string | null;
  action: string;
  changes: Record<string, unknown>;
  actor: { kind: string; label: string };
}

describe('what the audit log records', () => {
  it('every admin-only mutation (and those of API keys) and the user data export, nothing an agent does', () => {
    const fields = auditedFields(ACCESS_RULES);
    for (const expected of [
      'Mutation.projectUpdateAuthentication',
      'Mutation.brandKeyAdd',
      'Mutation.operatorCreate',
      'Mutation.operatorUpdate',
      'Mutation.projectApiKeyCreate',
      'Mutation.projectUpdateWidget',
      'Mutation.projectUpdateRetention',
      'Mutation.userErase',
      'Query.userDataExport',
    ])
      expect(fields).toContain(expected);
    for (const agentAction of ['Mutation.conversationAssign', 'Mutation.conversationClose', 'Mutation.viewerUpdate'])
      expect(fields).not.toContain(agentAction);
  });
});

describe('what the audit log keeps of arguments', () => {
  it('redacts secrets, leaves userIds out, cuts long texts and keeps what a database cannot store as U+FFFD', () => {
    expect(
      redacted({ input: { password: 'p', clientSecret: 's', credentials: 'c', userId: 'u-1', projectId: 'x\u0000y', note: 'a\uD800b' } }),
    ).toEqual({
      input: {
        password: '[redacted]',
        clientSecret: '[redacted]',
        credentials: '[redacted]',
        userId: '[not kept: personal data]',
        projectId: 'x\uFFFDy',
        note: 'a\uFFFDb',
      },
    });
  });
});

describe.each(DIALECTS)('the audit log on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;
  let projectId: string;

  const entries = async (project: string | null = null) =>
    (await gqlOk<{ auditLog: { edges: { node: Entry }[] } }>(testApp.app, LOG, { p: project }, admin)).auditLog.edges.map(
      (edge) => edge.node,
    );

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Shop'));
  });
  afterAll(() => testApp.dispose());

  it('records who changed what and where, never a secret, newest first; refused calls are not recorded', async () => {
    await gqlOk(
      testApp.app,
      'mutation { operatorCreate(input: { email: "agent@example.com", password: "a very secret password", role: AGENT }) { operator { id } } }',
      {},
      admin,
    );
    const apiKey = await apiKeyBearer(testApp.app, admin, projectId);
    await gqlOk(
      testApp.app,
      'mutation($p: ID!) { userErase(input: { projectId: $p, userId: "gone-1" }) { erased } }',
      { p: projectId },
      apiKey,
    );
    const agent = await passwordGrant(testApp.app, 'agent@example.com', 'a very secret password');
    expect(
      errorName(
        await gql(
          testApp.app,
          'mutation($p: ID!) { projectUpdateRetention(input: { projectId: $p, conversationRetentionDays: 1 }) { project { id } } }',
          { p: projectId },
          agent,
        ),
      ),
    ).toBe('PERMISSION_DENIED');

    const all = await entries();
    expect(all.map((entry) => entry.action)).toEqual([
      'userErase',
      'projectApiKeyCreate',
      'operatorCreate',
      'brandKeyAdd',
      'projectUpdateAuthentication',
      'projectCreate',
    ]);
    const [erase, , created, keyAdded, authentication] = all;
    // Which user was erased is not kept: the erasure leaves no userId behind, the log included.
    expect(erase).toMatchObject({
      projectId,
      actor: { kind: 'API_KEY' },
      changes: { input: { projectId, userId: '[not kept: personal data]' } },
    });
    expect(created).toMatchObject({
      projectId: null,
      actor: { kind: 'OPERATOR', label: 'admin@example.com' },
      changes: { input: { email: 'agent@example.com', password: '[redacted]', role: 'AGENT' } },
    });
    expect(JSON.stringify(all)).not.toContain('a very secret password');
    expect(String((keyAdded?.changes.input as { publicKey?: string } | undefined)?.publicKey)).toMatch(
      /^-----BEGIN PUBLIC KEY-----.*… \(\d+ characters\)$/s,
    );
    expect(authentication).toMatchObject({ projectId, changes: { input: { projectId, authenticatedMode: true } } });
    expect((await entries(projectId)).map((entry) => entry.action)).toEqual([
      'userErase',
      'projectApiKeyCreate',
      'brandKeyAdd',
      'projectUpdateAuthentication',
      'projectCreate', // named by the project it made
    ]);

    // Admins only.
    expect(errorName(await gql(testApp.app, LOG, {}, agent))).toBe('PERMISSION_DENIED');
    expect(errorName(await gql(testApp.app, LOG, {}, apiKey))).toBe('PERMISSION_DENIED');
  });
});
