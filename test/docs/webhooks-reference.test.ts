// docs/reference/webhooks.md as written: its GraphQL blocks are valid against the served schema, its events, reason
// codes and retry schedule are the server's, its links lead somewhere, and each event's JSON Schema (read from the
// Markdown) accepts its example and the real deliveries of that event, on SQLite and on PostgreSQL.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CREDENTIALS_REASON_CODES } from '@parley/protocol';
import { parse, validate } from 'graphql';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ZodType, z } from 'zod';
import { buildGraphQLSchema } from '../../packages/server/src/graphql/build-schema.js';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from '../../packages/server/src/webhooks/event-types.js';
import { RETRY_DELAYS_MS } from '../../packages/server/src/webhooks/retry-schedule.js';
import { openTestApp, type TestApp } from '../../packages/server/test/helpers/app.js';
import { ADMIN_ENV, fetchGql, gql, gqlOk, passwordGrant, securedProject } from '../../packages/server/test/helpers/graphql.js';
import { connectRealtime } from '../../packages/server/test/helpers/realtime.js';
import { DIALECTS } from '../../packages/server/test/helpers/stores.js';
import { visitorsOf } from '../../packages/server/test/helpers/visitors.js';
import { type ReceivedDelivery, startWebhookReceiver, type WebhookReceiver } from '../../packages/server/test/helpers/webhook-receiver.js';
import { headingsOf, slug } from '../helpers/markdown.js';
import { ROOT } from '../interop/helpers/parley.js';

const DOC = join(ROOT, 'docs/reference/webhooks.md');
const doc = readFileSync(DOC, 'utf8');
const blocks = (text: string, lang: string) =>
  [...text.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((match) => match[1] as string);

const graphqlExamples = blocks(doc, 'graphql');

interface EventSection {
  type: string;
  example: { type: string; timestamp: string; data: Record<string, unknown> };
  schema: Record<string, unknown>;
}

/** Each `### <event type>` section of "## Events": its example body and the JSON Schema of its data. */
const events: EventSection[] = (doc.split(/^## Events$/m)[1] ?? '')
  .split(/^### /m)
  .filter((section) => /^[a-z]+\.[a-z_]+\n/.test(section))
  .map((section) => {
    const type = section.slice(0, section.indexOf('\n'));
    const json = blocks(section, 'json').map((text) => JSON.parse(text) as Record<string, unknown>);
    const example = json.filter((value) => 'type' in value && 'data' in value);
    const schema = json.filter((value) => '$schema' in value);
    if (example.length !== 1 || schema.length !== 1) throw new Error(`### ${type}: one example body and one JSON Schema, please`);
    return { type, example: example[0] as EventSection['example'], schema: schema[0] as Record<string, unknown> };
  });

/** The keywords the schemas may use: those zod's fromJSONSchema enforces (an unknown one would be ignored silently). */
const KEYWORDS = new Set([
  '$schema',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'enum',
  'const',
  'items',
  'minItems',
  'oneOf',
  'minimum',
  'minLength',
  'format',
]);

function keywordsOf(schema: unknown, found = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return found;
  for (const [key, value] of Object.entries(schema)) {
    found.add(key);
    if (key === 'properties') for (const property of Object.values(value as object)) keywordsOf(property, found);
    else if (key === 'items' || key === 'additionalProperties') keywordsOf(value, found);
    else if (key === 'oneOf') for (const option of value as unknown[]) keywordsOf(option, found);
  }
  return found;
}

const validators = new Map<string, ZodType>(events.map((event) => [event.type, z.fromJSONSchema(event.schema as never)]));

/** The issues of `data` against the event type's schema (empty: valid). */
function issuesOf(type: string, data: unknown): string[] {
  const validator = validators.get(type);
  if (!validator) return [`no JSON Schema for ${type} in docs/reference/webhooks.md`];
  const result = validator.safeParse(data);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`);
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('docs/reference/webhooks.md', () => {
  it('has its GraphQL examples, each valid against the schema', () => {
    expect(graphqlExamples.length).toBeGreaterThanOrEqual(8);
    const schema = buildGraphQLSchema();
    for (const example of graphqlExamples) expect(validate(schema, parse(example)).map((error) => error.message)).toEqual([]);
  });

  it('describes every event type the server has, in the table and in a section each', () => {
    const types = [...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE];
    expect(events.map((event) => event.type)).toEqual(types);
    for (const type of types) expect(doc).toContain(`| [\`${type}\`](#${slug(type)}) |`);
  });

  it.each(events.map((event) => [event.type, event]))('%s: a draft 2020-12 schema that its example follows', (type, event) => {
    expect(event.schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(event.schema.title).toBe(`${type} data`);
    expect([...keywordsOf(event.schema)].filter((keyword) => !KEYWORDS.has(keyword))).toEqual([]);
    expect(Object.keys(event.example)).toEqual(['type', 'timestamp', 'data']);
    expect(event.example.type).toBe(type);
    expect(event.example.timestamp).toMatch(ISO_INSTANT);
    expect(issuesOf(type, event.example.data)).toEqual([]);
    // The validator is strict, so a pass means something: an unknown field, or a required one missing, fails.
    expect(issuesOf(type, { ...event.example.data, surprise: 1 })).not.toEqual([]);
    const { projectId: _, ...withoutProject } = event.example.data;
    expect(issuesOf(type, withoutProject)).not.toEqual([]);
  });

  it('lists exactly the reason codes authentication.failed can carry', () => {
    const schema = events.find((event) => event.type === 'authentication.failed')?.schema as {
      properties: { reason: { enum: string[] } };
    };
    const sent = CREDENTIALS_REASON_CODES.filter((code) => code !== 'PROJECT_NOT_FOUND' && code !== 'RATE_LIMITED');
    expect(schema.properties.reason.enum).toEqual(sent);
  });

  it('gives the retry schedule the dispatcher follows', () => {
    const table = doc.slice(doc.indexOf('| attempt | after the previous one |'));
    const rows = [...table.matchAll(/^\| (\d) \| ([^|]+) \|/gm)].map((match) => match[2]?.trim() ?? '');
    const UNITS: Record<string, number> = { s: 1000, min: 60_000, h: 3_600_000 };
    const delays = rows.slice(1).map((cell) => {
      const [amount, unit] = cell.split(' ');
      return Number(amount) * (UNITS[unit ?? ''] ?? Number.NaN);
    });
    expect(rows[0]).toBe('immediately');
    expect(delays).toEqual([...RETRY_DELAYS_MS]);
    const totalHours = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0) / 3_600_000;
    expect(doc).toContain(`about **${totalHours.toFixed(1)} hours**`);
  });

  it('links to files and headings that exist, and what links to it does too', () => {
    const docs = join(ROOT, 'docs');
    const markdown = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? markdown(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
      );
    const broken: string[] = [];
    for (const file of markdown(docs)) {
      const prose = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
      for (const [, target = ''] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const linked = path === '' ? file : resolve(dirname(file), path);
        if (file !== DOC && linked !== DOC) continue;
        let text: string;
        try {
          text = readFileSync(linked, 'utf8');
        } catch {
          broken.push(`${relative(ROOT, file)} → ${target}`);
          continue;
        }
        if (anchor && linked.endsWith('.md') && !headingsOf(text).map(slug).includes(anchor))
          broken.push(`${relative(ROOT, file)} → ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
    expect(readFileSync(join(docs, 'reference/configuration.md'), 'utf8')).toContain('(webhooks.md#security)');
  });
});

const SIGN_IN_FAILS = `mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) {
  vuid } }`;

describe.each(DIALECTS)('real deliveries on %s follow the documented schemas', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let projectId: string;
  let receiver: WebhookReceiver;
  const visitors = visitorsOf(
    () => testApp,
    () => projectId,
  );

  const deliverDue = async () => {
    const { dispatcher } = testApp.services.webhooks;
    while ((await dispatcher.runOnce()) > 0) await dispatcher.idle();
    await dispatcher.idle();
  };
  const mutate = (query: string, variables: Record<string, unknown>) => gqlOk(testApp.app, query, variables, admin);
  let sent = 0;
  /** A realtime client (a visitor's or the admin's) sends one message; answers its conversation. */
  const say = async (token: string, text: string, conversationId?: string) => {
    const client = await connectRealtime(url, token);
    await client.next('ready');
    client.send({ type: 'send', clientId: `c${++sent}`, text, ...(conversationId ? { conversationId } : {}) });
    const ack = await client.next('ack');
    client.close();
    return ack.conversationId;
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    testApp = await openTestApp(dialect, { env: { ...ADMIN_ENV, PARLEY_WEBHOOKS_ALLOW_LOOPBACK: '1' } });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
  });
  afterAll(async () => {
    await testApp?.dispose();
    await receiver?.close();
  });

  it('sends every event type, in every variant the reference describes, each matching its schema', async () => {
    const created = await mutate(
      `mutation($p: ID!, $url: String!, $types: [String!]!) {
        webhookEndpointCreate(input: { projectId: $p, url: $url, eventTypes: $types }) { endpoint { id } secret } }`,
      { p: projectId, url: receiver.url, types: [...WEBHOOK_EVENT_TYPES] },
    );
    const { endpoint, secret } = (created as { webhookEndpointCreate: { endpoint: { id: string }; secret: string } }).webhookEndpointCreate;
    const operatorId = (await mutate('{ viewer { operator { id } } }', {})) as { viewer: { operator: { id: string } } };

    // Refused credentials, without and with a page origin.
    await gql(testApp.app, SIGN_IN_FAILS, { p: projectId, c: 'not.a.token' });
    await fetchGql(url, SIGN_IN_FAILS, { p: projectId, c: 'still.not.a.token' }, { origin: 'https://www.brand.example' });

    // A verified visitor starts a conversation.
    await say((await visitors.signIn('schema-other')).accessToken, 'Hello, signed in');
    // An anonymous visitor starts a conversation, then signs in: the conversation becomes the user's.
    const anonymous = await visitors.anonymous();
    const conversationId = await say(anonymous.accessToken, 'Hello?');
    const signedIn = await visitors.signIn('schema-user', anonymous);
    const renewed = await visitors.signIn('schema-user', signedIn); // the same browser again: continued
    await say(renewed.accessToken, 'Where is my parcel?');
    // A second browser of the same user, anonymous first: its conversation is closed into the user's.
    const laptop = await visitors.anonymous();
    await say(laptop.accessToken, 'Hi from the laptop');
    const laptopSignedIn = await visitors.signIn('schema-user', laptop);

    // An agent answers, takes, leaves, closes and reopens the conversation.
    await say(admin, 'On it', conversationId);
    const assign =
      'mutation($c: ID!, $o: ID) { conversationAssign(input: { conversationId: $c, operatorId: $o }) { conversation { id } } }';
    await mutate(assign, { c: conversationId, o: operatorId.viewer.operator.id });
    await mutate(assign, { c: conversationId, o: null });
    await mutate('mutation($c: ID!) { conversationClose(input: { conversationId: $c }) { conversation { id } } }', { c: conversationId });
    await mutate('mutation($c: ID!) { conversationReopen(input: { conversationId: $c }) { conversation { id } } }', { c: conversationId });

    // Sign-outs: the visitor's own, then the brand's revocation of every session.
    await gqlOk(testApp.app, 'mutation { visitorLogout { loggedOut } }', {}, laptopSignedIn.accessToken);
    await mutate('mutation($p: ID!, $u: String!) { visitorSessionsRevoke(input: { projectId: $p, userId: $u }) { revokedCount } }', {
      p: projectId,
      u: 'schema-user',
    });
    await mutate('mutation($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { id } } }', { id: endpoint.id });
    await deliverDue();
    await mutate('mutation($p: ID!, $u: String!) { userErase(input: { projectId: $p, userId: $u }) { erased } }', {
      p: projectId,
      u: 'schema-user',
    });
    await deliverDue();

    const got = receiver.received;
    const verifier = new Webhook(secret);
    const problems = got.flatMap((delivery: ReceivedDelivery) => {
      const where = `${delivery.event.type} ${delivery.headers['webhook-id']}`;
      const envelope =
        Object.keys(delivery.event).join(',') === 'type,timestamp,data' ? [] : [`${where}: body keys ${Object.keys(delivery.event)}`];
      const when = ISO_INSTANT.test(delivery.event.timestamp) ? [] : [`${where}: timestamp ${delivery.event.timestamp}`];
      expect(verifier.verify(delivery.body, delivery.headers)).toEqual(delivery.event);
      return [...envelope, ...when, ...issuesOf(delivery.event.type, delivery.event.data).map((issue) => `${where}: ${issue}`)];
    });
    expect(problems).toEqual([]);
    expect([...new Set(got.map((delivery) => delivery.event.type))].sort()).toEqual([...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE].sort());

    // The variants: each author kind, both sign-outs, both kinds of sign-in, an origin and none, a user and none.
    const data = (type: string) => got.filter((delivery) => delivery.event.type === type).map((delivery) => delivery.event.data);
    const variants = (type: string, pick: (data: Record<string, unknown>) => unknown) => [...new Set(data(type).map(pick))].sort();
    expect(variants('message.created', (d) => (d.message as { author: { kind: string } }).author.kind)).toEqual([
      'agent',
      'system',
      'visitor',
    ]);
    expect(variants('message.created', (d) => 'userId' in d)).toEqual([false, true]);
    expect(variants('visitor.logged_out', (d) => d.reason)).toEqual(['logout', 'revoked']);
    expect(variants('visitor.authenticated', (d) => d.continued)).toEqual([false, true]);
    expect(variants('authentication.failed', (d) => d.origin)).toEqual(['https://www.brand.example', null]);
    expect(variants('conversation.created', (d) => 'userId' in d)).toEqual([false, true]);
    expect(variants('conversation.closed', (d) => 'userId' in d)).toEqual([false, true]);
    expect(variants('conversation.assigned', (d) => (d.conversation as { assigneeId: unknown }).assigneeId === null)).toEqual([
      false,
      true,
    ]);
    expect(data('user.erased')).toEqual([{ projectId, userId: 'schema-user', conversations: 2, messages: 3 }]);
  });
});
