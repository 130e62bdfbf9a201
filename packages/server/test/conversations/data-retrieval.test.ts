import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import {
  ADMIN_ENV,
  clientCredentialsGrant,
  errorName,
  gql,
  gqlOk,
  memberAgentBearer,
  passwordGrant,
  securedProject,
} from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const LIST = /* GraphQL */ `
  query($p: ID!, $status: ConversationStatus, $assigneeId: ID, $unassigned: Boolean, $authenticated: Boolean, $userId: String,
        $createdAfter: DateTime, $createdBefore: DateTime, $updatedAfter: DateTime) {
    project(id: $p) {
      conversations(status: $status, assigneeId: $assigneeId, unassigned: $unassigned, authenticated: $authenticated, userId: $userId,
                    createdAfter: $createdAfter, createdBefore: $createdBefore, updatedAfter: $updatedAfter, first: 50) {
        totalCount
        edges { node { id visitor { userId } } }
      }
    }
  }`;

describe.each(DIALECTS)('data retrieval by a brand backend on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let projectId: string;
  let otherProject: string;
  let apiKey: string;
  let clock = new Date('2026-11-01T09:00:00.000Z');
  let apiKeyCredentials: { clientId: string; clientSecret: string };
  /** Moves the clock, and gets new bearers valid at that time. */
  const at = async (iso: string) => {
    clock = new Date(iso);
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    if (apiKeyCredentials) apiKey = await clientCredentialsGrant(testApp.app, apiKeyCredentials.clientId, apiKeyCredentials.clientSecret);
  };
  const ids: Record<string, string> = {};

  /** A visitor signed in as `userId` (null: anonymous) writes `text` at the clock's time; answers the conversation id. */
  const conversationOf = async (userId: string | null, text: string, project = projectId) => {
    const mutation = userId
      ? 'mutation($p: ID!, $c: String!) { a: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { visitorSessionToken { accessToken } } }'
      : 'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }';
    const credentials = userId
      ? await brandCredentials(testApp.services, { userId, issuedAt: Math.floor(clock.getTime() / 1000), visitorData: { city: 'Lyon' } })
      : undefined;
    const signedIn = await gqlOk<{ a: { visitorSessionToken: { accessToken: string } } }>(testApp.app, mutation, {
      p: project,
      c: credentials,
    });
    const socket = await connectRealtime(url, signedIn.a.visitorSessionToken.accessToken);
    await socket.next('ready');
    socket.send({ type: 'send', clientId: 'm1', text });
    const { conversationId } = await socket.next('ack');
    socket.close();
    return conversationId;
  };
  const list = async (variables: Record<string, unknown>, bearer = apiKey) =>
    (
      await gqlOk<{ project: { conversations: { totalCount: number; edges: { node: { id: string } }[] } } }>(
        testApp.app,
        LIST,
        { p: projectId, ...variables },
        bearer,
      )
    ).project.conversations.edges
      .map((edge) => edge.node.id)
      .sort();
  const named = (...names: string[]) => names.map((name) => ids[name]).sort();

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV, now: () => clock });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Shop'));
    ({ projectId: otherProject } = await securedProject(testApp.app, admin, 'Other'));
    const keys = await gqlOk<{ projectApiKeyCreate: { clientId: string; clientSecret: string } }>(
      testApp.app,
      'mutation($id: ID!) { projectApiKeyCreate(input: { projectId: $id }) { clientId clientSecret } }',
      { id: projectId },
      admin,
    );
    apiKeyCredentials = keys.projectApiKeyCreate;
    await at('2026-11-01T09:00:00.000Z');
    ids.anonymousNovember = await conversationOf(null, 'Do you ship to Belgium?');
    await at('2026-11-20T09:00:00.000Z');
    ids.aliceNovember = await conversationOf('alice-1', 'My order 42 is late');
    await at('2026-12-02T09:00:00.000Z');
    ids.bobDecember = await conversationOf('bob-2', 'Refund please');
    ids.otherProject = await conversationOf('alice-1', 'Elsewhere', otherProject);
    const me = await gqlOk<{ viewer: { operator: { id: string } } }>(testApp.app, '{ viewer { operator { id } } }', {}, admin);
    ids.admin = me.viewer.operator.id;
    await gqlOk(
      testApp.app,
      'mutation($c: ID!, $o: ID) { conversationAssign(input: { conversationId: $c, operatorId: $o }) { conversation { id } } }',
      { c: ids.bobDecember, o: ids.admin },
      admin,
    );
    await gqlOk(
      testApp.app,
      'mutation($c: ID!) { conversationClose(input: { conversationId: $c }) { conversation { id } } }',
      { c: ids.anonymousNovember },
      admin,
    );
  });
  afterAll(() => testApp.dispose());

  it("lists a project's conversations to its API key, narrowed by status, assignee, identity, user and dates", async () => {
    expect(await list({})).toEqual(named('anonymousNovember', 'aliceNovember', 'bobDecember'));
    expect(await list({ status: 'CLOSED' })).toEqual(named('anonymousNovember'));
    expect(await list({ assigneeId: ids.admin })).toEqual(named('bobDecember'));
    expect(await list({ unassigned: true })).toEqual(named('anonymousNovember', 'aliceNovember'));
    expect(await list({ authenticated: true })).toEqual(named('aliceNovember', 'bobDecember'));
    expect(await list({ authenticated: false })).toEqual(named('anonymousNovember'));
    expect(await list({ userId: 'alice-1' })).toEqual(named('aliceNovember')); // not the other project's
    expect(await list({ createdAfter: '2026-11-15T00:00:00Z', createdBefore: '2026-12-01T00:00:00Z' })).toEqual(named('aliceNovember'));
    expect(await list({ createdBefore: '2026-11-20T09:00:00.000Z' })).toEqual(named('anonymousNovember')); // exclusive
    expect(await list({ updatedAfter: '2026-12-01T00:00:00Z' })).toEqual(named('anonymousNovember', 'bobDecember')); // closed in December
    const both = await gql(testApp.app, LIST, { p: projectId, assigneeId: ids.admin, unassigned: true }, apiKey);
    expect(errorName(both)).toBe('VALIDATION_FAILED');
    // The key reaches its own project only.
    expect(errorName(await gql(testApp.app, LIST, { p: otherProject }, apiKey))).toBe('PERMISSION_DENIED');
  });

  it('gives a verified user’s profile by userId, and conversations by id with their messages, to the API key', async () => {
    const answer = await gqlOk<{ project: { visitorProfile: unknown; none: unknown } }>(
      testApp.app,
      'query($p: ID!) { project(id: $p) { visitorProfile(userId: "alice-1") { authenticated userId visitorData { city } } none: visitorProfile(userId: "nobody") { id } } }',
      { p: projectId },
      apiKey,
    );
    expect(answer.project).toEqual({
      visitorProfile: { authenticated: true, userId: 'alice-1', visitorData: { city: 'Lyon' } },
      none: null,
    });
    const conversation = await gqlOk<{
      conversation: { messages: { edges: { node: { text: string; verified: boolean; author: { kind: string } } }[] } };
    }>(
      testApp.app,
      'query($c: ID!) { conversation(id: $c) { unreadCount messages(first: 10) { edges { node { text verified author { kind } } } } } }',
      { c: ids.aliceNovember },
      apiKey,
    );
    expect(conversation.conversation.messages.edges.map((edge) => edge.node)).toEqual([
      { text: 'My order 42 is late', verified: true, author: { kind: 'VISITOR' } },
    ]);
    expect(errorName(await gql(testApp.app, 'query($c: ID!) { conversation(id: $c) { id } }', { c: ids.otherProject }, apiKey))).toBe(
      'PERMISSION_DENIED',
    );
  });

  it('tells the API key who the assignee is (id, name), never their email, role or state', async () => {
    const query = (fields: string) => `query($c: ID!) { conversation(id: $c) { assignee { ${fields} } } }`;
    const seen = await gqlOk<{ conversation: { assignee: unknown } }>(testApp.app, query('id displayName'), { c: ids.bobDecember }, apiKey);
    expect(seen.conversation.assignee).toEqual({ id: ids.admin, displayName: expect.any(String) });
    for (const field of ['email', 'role', 'disabled']) {
      const answer = await gql(testApp.app, query(`id ${field}`), { c: ids.bobDecember }, apiKey);
      expect(errorName(answer), field).toBe('PERMISSION_DENIED');
      expect(JSON.stringify(answer)).not.toContain(ADMIN_ENV.PARLEY_ADMIN_EMAIL);
    }
    const forAdmin = await gqlOk<{ conversation: { assignee: unknown } }>(testApp.app, query('email role'), { c: ids.bobDecember }, admin);
    expect(forAdmin.conversation.assignee).toEqual({ email: ADMIN_ENV.PARLEY_ADMIN_EMAIL, role: 'ADMIN' });
  });

  it('exports a transcript as plain text and as JSON', async () => {
    const transcript = async (format: 'TEXT' | 'JSON', id = ids.bobDecember) =>
      (
        await gqlOk<{ conversation: { transcript: string } }>(
          testApp.app,
          `query($c: ID!) { conversation(id: $c) { transcript(format: ${format}) } }`,
          { c: id },
          apiKey,
        )
      ).conversation.transcript;
    await at('2026-12-02T09:05:00.000Z');
    const desk = await connectRealtime(url, admin);
    await desk.next('ready');
    desk.send({ type: 'send', clientId: 'r1', conversationId: ids.bobDecember, text: 'On it: **refunded**.' });
    await desk.next('ack');
    desk.close();
    expect(await transcript('TEXT')).toBe(
      [
        `Conversation ${ids.bobDecember} (open)`,
        'Visitor: verified user bob-2 🔒',
        'Started: 2026-12-02 09:00:00 UTC',
        '',
        '[2026-12-02 09:00:00 UTC] Visitor 🔒: Refund please',
        '[2026-12-02 09:05:00 UTC] admin: On it: **refunded**.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(await transcript('JSON'));
    expect(json).toMatchObject({
      conversation: { id: ids.bobDecember, projectId, status: 'open', createdAt: '2026-12-02T09:00:00.000Z', closedAt: null },
      visitor: { authenticated: true, userId: 'bob-2', visitorData: { city: 'Lyon' } },
    });
    expect(json.messages).toEqual([
      {
        id: expect.any(String),
        seq: 1,
        createdAt: '2026-12-02T09:00:00.000Z',
        author: { kind: 'visitor', id: expect.any(String) },
        text: 'Refund please',
        verified: true,
      },
      {
        id: expect.any(String),
        seq: 2,
        createdAt: '2026-12-02T09:05:00.000Z',
        author: { kind: 'agent', id: ids.admin, name: 'admin' },
        text: 'On it: **refunded**.',
        verified: false,
      },
    ]);
    // One transcript per request: each can be megabytes.
    const two = await gql(
      testApp.app,
      'query($a: ID!, $b: ID!) { a: conversation(id: $a) { transcript } b: conversation(id: $b) { transcript } }',
      { a: ids.bobDecember, b: ids.aliceNovember },
      apiKey,
    );
    expect(errorName(two)).toBe('VALIDATION_FAILED');
    expect(await transcript('TEXT', ids.anonymousNovember)).toContain(
      'Visitor: anonymous visitor\nStarted: 2026-11-01 09:00:00 UTC · closed: 2026-12-02 09:00:00 UTC',
    );
  });

  it('exports everything Parley holds about a user, to admins and the API key only', async () => {
    const EXPORT = 'query($p: ID!, $u: String!) { userDataExport(projectId: $p, userId: $u) }';
    const exported = (await gqlOk<{ userDataExport: Record<string, unknown> }>(testApp.app, EXPORT, { p: projectId, u: 'alice-1' }, apiKey))
      .userDataExport;
    expect(exported).toMatchObject({
      version: 1,
      projectId,
      userId: 'alice-1',
      profile: { visitorData: { city: 'Lyon' } },
      conversations: [{ id: ids.aliceNovember, messages: [{ seq: 1, text: 'My order 42 is late', verified: true }] }],
      authenticationEvents: [{ outcome: 'SUCCESS', reason: null }],
    });
    expect(exported.devices).toHaveLength(1);
    expect(exported.sessions).toHaveLength(1);
    // Nothing of the other project's alice-1.
    expect(JSON.stringify(exported)).not.toContain('Elsewhere');
    const nobody = (await gqlOk<{ userDataExport: Record<string, unknown> }>(testApp.app, EXPORT, { p: projectId, u: 'nobody' }, admin))
      .userDataExport;
    expect(nobody).toMatchObject({ profile: null, devices: [], sessions: [], conversations: [], authenticationEvents: [] });
    // An agent, even a member, may not.
    const agentBearer = await memberAgentBearer(testApp.app, admin, projectId);
    expect(errorName(await gql(testApp.app, EXPORT, { p: projectId, u: 'alice-1' }, agentBearer))).toBe('PERMISSION_DENIED');
  });
});
