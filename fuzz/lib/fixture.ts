/**
 * What the three streams run against, made through the public API of a running server: an admin,
 * four projects (one per answer the project alone decides), brand keys, tokens of every kind the
 * realtime `auth` frame may carry, a victim visitor with a conversation, and the schema by
 * introspection. Plain data, so it crosses into worker threads.
 */
import { createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { validCredential } from './credential-builder.js';
import { FuzzSocket } from './ws-client.js';

export interface KeyPairPem {
  kid: string;
  privatePem: string;
  publicPem: string;
}

export interface Fixture {
  url: string;
  adminBearer: string;
  projects: {
    /** Authenticated mode on, brand key `brandKeys.main`: the project every valid credential is for. */
    main: string;
    /** Authenticated mode on, brand key `brandKeys.other`. */
    other: string;
    /** Authenticated mode off (with `brandKeys.main` registered). */
    modeOff: string;
    /** Authenticated mode on, no brand key. */
    noKey: string;
  };
  brandKeys: { main: KeyPairPem; other: KeyPairPem; unregistered: KeyPairPem };
  /** The server's current platform key, as /.well-known/jwks.json publishes it. */
  platform: { kid: string; publicPem: string };
  /** An RSA key the server does not know: credentials encrypted for it never decrypt. */
  foreignPlatform: KeyPairPem;
  tokens: {
    /** An anonymous visitor session of `main`. */
    visitor: string;
    /** A project API bearer of `main` (valid, but may not open a realtime channel). */
    apiKey: string;
    /** A token of audience parley:test from the test mutation. */
    testAudience: string;
    /** A visitor session token after visitorLogout. */
    revoked: string;
  };
  /** Another visitor of `main` with a conversation of one message: nobody else may reach it. */
  victim: { token: string; vuid: string; conversationId: string };
  introspection: IntrospectionQuery;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string }[];
}

async function call<T>(url: string, query: string, variables: Record<string, unknown>, bearer: string | null): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLBody<T>;
  if (body.errors?.length || !body.data) throw new Error(`fuzz setup: ${query.slice(0, 60)}… → ${JSON.stringify(body.errors)}`);
  return body.data;
}

function rsaKey(kid: string): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

async function bearerOf(url: string, form: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(form),
  });
  if (!response.ok) throw new Error(`fuzz setup: /oauth2/token answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

const ANONYMOUS =
  'mutation($p: ID!) { v: visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid visitorSessionToken { accessToken } } }';

/** A new anonymous visitor session of `projectId`. */
export async function anonymousVisitor(url: string, projectId: string): Promise<{ token: string; vuid: string }> {
  const data = await call<{ v: { vuid: string; visitorSessionToken: { accessToken: string } } }>(url, ANONYMOUS, { p: projectId }, null);
  return { token: data.v.visitorSessionToken.accessToken, vuid: data.v.vuid };
}

async function project(url: string, admin: string, name: string, mode: boolean, key: KeyPairPem | null): Promise<string> {
  const created = await call<{ projectCreate: { project: { id: string } } }>(
    url,
    'mutation($n: String!) { projectCreate(input: { name: $n }) { project { id } } }',
    { n: name },
    admin,
  );
  const id = created.projectCreate.project.id;
  if (mode)
    await call(
      url,
      'mutation($p: ID!) { projectUpdateAuthentication(input: { projectId: $p, authenticatedMode: true }) { project { id } } }',
      { p: id },
      admin,
    );
  if (key)
    await call(
      url,
      'mutation($p: ID!, $k: String!, $kid: String!) { brandKeyAdd(input: { projectId: $p, publicKey: $k, kid: $kid }) { brandKey { id } } }',
      { p: id, k: key.publicPem, kid: key.kid },
      admin,
    );
  return id;
}

/** Sets everything up on the server at `url`, whose first admin is `admin`. */
export async function makeFixture(
  url: string,
  admin: { email: string; password: string },
  options: { warmScripts: boolean },
): Promise<Fixture> {
  // `parley serve` builds the browser bundles at start-up: waiting for them keeps that work out of the first cases.
  if (options.warmScripts)
    await Promise.all(['/sdk/parley.js', '/sdk/parley-core.js'].map(async (path) => (await fetch(`${url}${path}`)).arrayBuffer()));
  const adminBearer = await bearerOf(url, { grant_type: 'password', username: admin.email, password: admin.password });
  const brandKeys = { main: rsaKey('fuzz-main'), other: rsaKey('fuzz-other'), unregistered: rsaKey('fuzz-unregistered') };
  const foreignPlatform = rsaKey('fuzz-foreign-platform');
  const projects = {
    main: await project(url, adminBearer, 'fuzz main', true, brandKeys.main),
    other: await project(url, adminBearer, 'fuzz other brand', true, brandKeys.other),
    modeOff: await project(url, adminBearer, 'fuzz authenticated mode off', false, brandKeys.main),
    noKey: await project(url, adminBearer, 'fuzz no brand key', true, null),
  };
  const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: (JsonWebKey & { kid: string })[] };
  const current = jwks.keys[0];
  if (!current) throw new Error('fuzz setup: /.well-known/jwks.json lists no key');
  const platform = {
    kid: current.kid,
    publicPem: createPublicKey({ key: current, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
  };

  const apiKeys = await call<{ projectApiKeyCreate: { clientId: string; clientSecret: string } }>(
    url,
    'mutation($p: ID!) { projectApiKeyCreate(input: { projectId: $p }) { clientId clientSecret } }',
    { p: projects.main },
    adminBearer,
  );
  const apiKey = await bearerOf(url, {
    grant_type: 'client_credentials',
    client_id: apiKeys.projectApiKeyCreate.clientId,
    client_secret: apiKeys.projectApiKeyCreate.clientSecret,
  });
  const visitor = await anonymousVisitor(url, projects.main);
  const tested = await call<{ t: { ok: boolean; visitorSessionToken: { accessToken: string } | null } }>(
    url,
    'mutation($p: ID!, $c: String!) { t: testVisitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { ok visitorSessionToken { accessToken } } }',
    { p: projects.main, c: validCredential({ brandKey: brandKeys.main, platformPem: platform.publicPem, userId: 'fuzz-test-audience' }) },
    adminBearer,
  );
  if (!tested.t.visitorSessionToken) throw new Error('fuzz setup: the test mutation refused a valid credential');
  const revoked = await anonymousVisitor(url, projects.main);
  await call(url, 'mutation { visitorLogout { loggedOut } }', {}, revoked.token);

  const victim = await anonymousVisitor(url, projects.main);
  const socket = await FuzzSocket.open(url);
  socket.sendText(JSON.stringify({ type: 'auth', token: victim.token }));
  socket.sendText(JSON.stringify({ type: 'send', clientId: 'victim-1', text: 'only the victim may write here' }));
  const ack = await socket.waitFor((frame) => frame.type === 'ack', 5000);
  socket.close();
  if (!ack || typeof ack.conversationId !== 'string') throw new Error('fuzz setup: the victim message was not acknowledged');

  const introspection = await call<IntrospectionQuery>(url, getIntrospectionQuery(), {}, null);
  return {
    url,
    adminBearer,
    projects,
    brandKeys,
    platform,
    foreignPlatform,
    tokens: { visitor: visitor.token, apiKey, testAudience: tested.t.visitorSessionToken.accessToken, revoked: revoked.token },
    victim: { token: victim.token, vuid: victim.vuid, conversationId: ack.conversationId },
    introspection,
  };
}
