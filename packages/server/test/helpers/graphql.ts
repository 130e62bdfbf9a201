import { readFileSync } from 'node:fs';
import { keyPath } from '@parley/test-vectors';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors: { message: string; extensions: { name: string; retryPolicy: string; code?: number } }[] | undefined;
}

/** POST /graphql through `inject`, with an optional bearer. */
export async function gql<T = Record<string, unknown>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  bearer: string | null = null,
  remoteAddress = '127.0.0.1',
): Promise<GraphQLAnswer<T> & { headers: Record<string, unknown> }> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress,
    payload: { query, variables },
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  const body = response.json() as { data?: T | null; errors?: GraphQLAnswer['errors'] };
  return { status: response.statusCode, headers: response.headers, data: body.data ?? null, errors: body.errors };
}

/** POST /graphql over real HTTP to a listening server, with an optional bearer and `Origin` (as a browser page sends it). */
export async function fetchGql<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { bearer?: string | null; origin?: string | null } = {},
): Promise<GraphQLAnswer<T> & { headers: Headers }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLAnswer['errors'] };
  return { status: response.status, data: body.data ?? null, errors: body.errors, headers: response.headers };
}

/** The data of an answer that must have no errors. */
export async function gqlOk<T = Record<string, unknown>>(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  bearer: string | null = null,
): Promise<T> {
  const answer = await gql<T>(app, query, variables, bearer);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

/** The `extensions.name` of the first error. */
export const errorName = (answer: GraphQLAnswer<unknown>) => answer.errors?.[0]?.extensions.name;

export async function passwordGrant(app: FastifyInstance, username: string, password: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/oauth2/token', payload: { grant_type: 'password', username, password } });
  expect(response.statusCode).toBe(200);
  return (response.json() as { access_token: string }).access_token;
}

export async function clientCredentialsGrant(app: FastifyInstance, clientId: string, clientSecret: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/oauth2/token',
    payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
  });
  expect(response.statusCode).toBe(200);
  return (response.json() as { access_token: string }).access_token;
}

export const ADMIN_ENV = { PARLEY_ADMIN_EMAIL: 'admin@example.com', PARLEY_ADMIN_PASSWORD: 'correct horse battery staple' };

/** A project with authenticated mode on and the test-vector brand key, made through the API. */
export async function securedProject(
  app: FastifyInstance,
  admin: string,
  name = 'Shop',
): Promise<{ projectId: string; brandKeyId: string }> {
  const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
    app,
    'mutation($name: String!) { projectCreate(input: { name: $name }) { project { id } } }',
    { name },
    admin,
  );
  const projectId = created.projectCreate.project.id;
  await gqlOk(
    app,
    'mutation($id: ID!) { projectUpdateAuthentication(input: { projectId: $id, authenticatedMode: true }) { project { id } } }',
    { id: projectId },
    admin,
  );
  const added = await gqlOk<{ brandKeyAdd: { brandKey: { id: string } } }>(
    app,
    'mutation($id: ID!, $key: String!) { brandKeyAdd(input: { projectId: $id, publicKey: $key }) { brandKey { id kid fingerprint } } }',
    { id: projectId, key: readFileSync(keyPath('brand', 'public'), 'utf8') },
    admin,
  );
  return { projectId, brandKeyId: added.brandKeyAdd.brandKey.id };
}

/** A project API key made by an admin, exchanged for its bearer with the client-credentials grant. */
export async function apiKeyBearer(app: FastifyInstance, admin: string, projectId: string): Promise<string> {
  const keys = await gqlOk<{ projectApiKeyCreate: { clientId: string; clientSecret: string } }>(
    app,
    'mutation($id: ID!) { projectApiKeyCreate(input: { projectId: $id }) { clientId clientSecret } }',
    { id: projectId },
    admin,
  );
  return clientCredentialsGrant(app, keys.projectApiKeyCreate.clientId, keys.projectApiKeyCreate.clientSecret);
}

/** An agent made by an admin and added to `projectId`; answers the agent's bearer. */
export async function memberAgentBearer(
  app: FastifyInstance,
  admin: string,
  projectId: string,
  email = 'agent@example.com',
): Promise<string> {
  const password = 'agent password 1';
  const created = await gqlOk<{ operatorCreate: { operator: { id: string } } }>(
    app,
    'mutation($e: String!, $p: String!) { operatorCreate(input: { email: $e, password: $p, role: AGENT }) { operator { id } } }',
    { e: email, p: password },
    admin,
  );
  await gqlOk(
    app,
    'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
    { p: projectId, o: created.operatorCreate.operator.id },
    admin,
  );
  return passwordGrant(app, email, password);
}
