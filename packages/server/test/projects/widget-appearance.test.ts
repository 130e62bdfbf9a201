import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, apiKeyBearer, errorName, gql, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';

const UPDATE = /* GraphQL */ `
  mutation($input: ProjectUpdateWidgetInput!) {
    projectUpdateWidget(input: $input) {
      project { widget { accentColor title subtitle greeting launcherPosition agentNames strings { language key text } } }
    }
  }`;

describe.each(DIALECTS)('the widget appearance of a project on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let projectId: string;
  let agent: { id: string; bearer: string };

  const update = (input: Record<string, unknown>, bearer = admin) => gql(testApp.app, UPDATE, { input: { projectId, ...input } }, bearer);
  const publicConfig = () => testApp.app.inject({ method: 'GET', url: `/sdk/projects/${projectId}/widget` });

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "Shop" }) { project { id } } }',
      {},
      admin,
    );
    projectId = created.projectCreate.project.id;
    const operator = await gqlOk<{ operatorCreate: { operator: { id: string } } }>(
      testApp.app,
      'mutation { operatorCreate(input: { email: "ada@example.com", password: "agent password 1", role: AGENT, displayName: "Ada Lovelace" }) { operator { id } } }',
      {},
      admin,
    );
    agent = { id: operator.operatorCreate.operator.id, bearer: '' };
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
      { p: projectId, o: agent.id },
      admin,
    );
    agent.bearer = await passwordGrant(testApp.app, 'ada@example.com', 'agent password 1');
  });
  afterAll(() => testApp.dispose());

  it('starts at the defaults, and serves them publicly with CORS and a short cache', async () => {
    const response = await publicConfig();
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.json()).toEqual({
      accentColor: null,
      title: null,
      subtitle: null,
      greeting: null,
      launcherPosition: 'right',
      agentNames: 'name',
      strings: {},
    });
    const missing = await testApp.app.inject({ method: 'GET', url: '/sdk/projects/nope/widget' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'NOT_FOUND', message: 'no project has id "nope"' });
  });

  it('keeps what an admin sets, partially, and serves the overrides grouped by language', async () => {
    const answer = await update({
      accentColor: '#0A7C5A',
      title: '  Help from Shop  ',
      greeting: 'Hi! Ask us about your order.',
      launcherPosition: 'LEFT',
      strings: [
        { language: 'fr', key: 'placeholder', text: 'Votre question…' },
        { language: 'en', key: 'support', text: 'Shop team' },
      ],
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({
      projectUpdateWidget: {
        project: {
          widget: { accentColor: '#0a7c5a', title: 'Help from Shop', subtitle: null, launcherPosition: 'LEFT', agentNames: 'NAME' },
        },
      },
    });
    await update({ subtitle: 'Usually within minutes' });
    await testApp.services.projects.find(projectId); // the update dropped this node's cached copy
    expect((await publicConfig()).json()).toEqual({
      accentColor: '#0a7c5a',
      title: 'Help from Shop',
      subtitle: 'Usually within minutes',
      greeting: 'Hi! Ask us about your order.',
      launcherPosition: 'left',
      agentNames: 'name',
      strings: { fr: { placeholder: 'Votre question…' }, en: { support: 'Shop team' } },
    });
    // null restores a default; an empty list removes every override.
    await update({ title: null, strings: [] });
    expect((await publicConfig()).json()).toMatchObject({ title: null, subtitle: 'Usually within minutes', strings: {} });
  });

  it.each([
    [{ accentColor: 'green' }, 'accentColor: must be a colour such as #0a7c5a (# and six hex digits)'],
    [{ accentColor: '#12345' }, 'accentColor: must be a colour such as #0a7c5a (# and six hex digits)'],
    [{ title: '   ' }, 'title: must not be blank (send null for the default)'],
    [{ title: 'x'.repeat(61) }, 'title: at most 60 characters'],
    [{ subtitle: 'evil \u202Egnp.exe' }, 'subtitle: must be one line of visible text'],
    [{ greeting: 'two\nlines' }, 'greeting: must be one line of visible text'],
    [{ strings: [{ language: 'it', key: 'title', text: 'Ciao' }] }, 'strings.0.language: must be one of en, fr, de, es'],
    [
      { strings: [{ language: 'fr', key: 'nope', text: 'x' }] },
      'strings.0.key: is not a widget string (docs/reference/sdk.md, Languages, lists them)',
    ],
    [
      {
        strings: [
          { language: 'fr', key: 'title', text: 'a' },
          { language: 'fr', key: 'title', text: 'b' },
        ],
      },
      'strings: one override per language and string',
    ],
  ])('refuses %j with a message naming the field', async (input, message) => {
    const answer = await update(input);
    expect(errorName(answer)).toBe('VALIDATION_FAILED');
    expect(answer.errors?.[0]?.message).toBe(message);
  });

  it('lets admins change it, not the agents of the project nor its API keys', async () => {
    expect(errorName(await update({ title: 'Agent was here' }, agent.bearer))).toBe('PERMISSION_DENIED');
    expect(errorName(await update({ title: 'Key was here' }, await apiKeyBearer(testApp.app, admin, projectId)))).toBe('PERMISSION_DENIED');
    expect((await publicConfig()).json()).toMatchObject({ title: null });
  });

  it("sends visitors the agent's name, or no name once the project shows a generic Support, live and on resume", async () => {
    const visitorToken = (
      await gqlOk<{ a: { visitorSessionToken: { accessToken: string } } }>(
        testApp.app,
        'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
        { p: projectId },
      )
    ).a.visitorSessionToken.accessToken;
    const visitor = await connectRealtime(url, visitorToken);
    await visitor.next('ready');
    visitor.send({ type: 'send', clientId: 'v1', text: 'Hello?' });
    const { conversationId } = await visitor.next('ack');
    const desk = await connectRealtime(url, agent.bearer);
    await desk.next('ready');

    const agentSays = async (text: string) => {
      desk.send({ type: 'send', clientId: `a${text.length}`, conversationId, text });
      await desk.next('ack');
      for (;;) {
        const frame = await visitor.next('message');
        if (frame.message.text === text) return frame.message.author;
      }
    };
    expect(await agentSays('Hi, Ada here')).toEqual({ kind: 'agent', id: agent.id, name: 'Ada Lovelace' });

    await update({ agentNames: 'GENERIC' });
    await testApp.services.projects.find(projectId);
    expect(await agentSays('How can I help?')).toEqual({ kind: 'agent', id: agent.id });
    // The desk still sees who wrote.
    desk.send({ type: 'resume', conversationId, afterSeq: 0 });
    visitor.send({ type: 'resume', conversationId, afterSeq: 0 });
    const replayed = async (socket: typeof desk) => {
      const authors = [];
      for (let seq = 1; seq <= 3; seq++) authors.push((await socket.next('message')).message.author);
      return authors.filter((author) => author.kind === 'agent');
    };
    expect(await replayed(desk)).toEqual([
      { kind: 'agent', id: agent.id, name: 'Ada Lovelace' },
      { kind: 'agent', id: agent.id, name: 'Ada Lovelace' },
    ]);
    expect(await replayed(visitor)).toEqual([
      { kind: 'agent', id: agent.id },
      { kind: 'agent', id: agent.id },
    ]);
    visitor.close();
    desk.close();
  });
});
