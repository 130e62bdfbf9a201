import { randomBytes } from 'node:crypto';

/** Every request of a bench run comes from 127.0.0.1 to one project: the limit is raised for the run (per minute). */
export const BENCH_RATE_LIMIT = 1_000_000;
/** The first admin of the bench server, created from the environment at start. */
export const BENCH_ADMIN = { email: 'bench-admin@example.com', password: `bench-${randomBytes(12).toString('hex')}` };

/** The environment of a bench server: this process's, without its Parley settings, plus the bench's. */
export function parleyServerEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PARLEY_') && name !== 'DATABASE_URL' && name !== 'REDIS_URL'),
  );
  return {
    ...inherited,
    NODE_ENV: 'production',
    PARLEY_PORT: '0',
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_AUTH_RATE_LIMIT: String(BENCH_RATE_LIMIT),
    PARLEY_ADMIN_EMAIL: BENCH_ADMIN.email,
    PARLEY_ADMIN_PASSWORD: BENCH_ADMIN.password,
    // Every bench client connects from 127.0.0.1: the per-client caps would cut the load.
    PARLEY_HTTP_MAX_CONNECTIONS_PER_IP: '1000000',
    PARLEY_HTTP_MAX_REQUESTS_PER_IP: '1000000',
    // Likewise the realtime caps; and the agents share one bearer.
    PARLEY_WS_MAX_PER_IP: '1000000',
    PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP: '1000000',
    PARLEY_WS_MAX_PER_SESSION: '10000',
    // A bench visitor (and the fuzz's well-behaved one) writes faster than a person: the per-session message budget would cut the load.
    PARLEY_WS_MESSAGES_PER_SECOND: '1000000',
    ...extra,
  };
}

/** A GraphQL call of the setup (not timed): errors stop the bench. */
export async function graphql<T>(url: string, bearer: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`setup: ${JSON.stringify(body.errors[0])}`);
  return body.data as T;
}

/** The bench admin's bearer and a new project. */
export async function adminAndProject(url: string, name: string): Promise<{ operatorToken: string; projectId: string }> {
  const tokenResponse = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username: BENCH_ADMIN.email, password: BENCH_ADMIN.password }),
  });
  if (!tokenResponse.ok) throw new Error(`setup: /oauth2/token answered ${tokenResponse.status}`);
  const { access_token: operatorToken } = (await tokenResponse.json()) as { access_token: string };
  const created = await graphql<{ projectCreate: { project: { id: string } } }>(
    url,
    operatorToken,
    'mutation($name: String!) { projectCreate(input: { name: $name }) { project { id } } }',
    { name },
  );
  return { operatorToken, projectId: created.projectCreate.project.id };
}

/** What a bench needs to make credentials for a project in authenticated mode. */
export interface AuthenticatedProject {
  projectId: string;
  operatorToken: string;
  brandKid: string;
  platformJwk: Record<string, unknown>;
  platformKid: string;
}

/**
 * A new project in authenticated mode (tokens of up to `maxTokenLifetimeSeconds`) with the
 * test-vector brand key (`brandPublicKeyPem`), and the server's current platform key from
 * /.well-known/jwks.json.
 */
export async function authenticatedProject(
  url: string,
  name: string,
  brandPublicKeyPem: string,
  maxTokenLifetimeSeconds: number,
): Promise<AuthenticatedProject> {
  const { operatorToken, projectId } = await adminAndProject(url, name);
  await graphql(
    url,
    operatorToken,
    'mutation($p: ID!, $max: Int!) { projectUpdateAuthentication(input: { projectId: $p, authenticatedMode: true, maxTokenLifetimeSeconds: $max }) { project { id } } }',
    { p: projectId, max: maxTokenLifetimeSeconds },
  );
  const added = await graphql<{ brandKeyAdd: { brandKey: { kid: string } } }>(
    url,
    operatorToken,
    'mutation($p: ID!, $key: String!) { brandKeyAdd(input: { projectId: $p, publicKey: $key }) { brandKey { id kid } } }',
    { p: projectId, key: brandPublicKeyPem },
  );
  const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
  const platformJwk = jwks.keys[0]; // current first
  if (!platformJwk || typeof platformJwk.kid !== 'string') throw new Error('setup: /.well-known/jwks.json has no current key');
  return { projectId, operatorToken, brandKid: added.brandKeyAdd.brandKey.kid, platformJwk, platformKid: platformJwk.kid };
}
