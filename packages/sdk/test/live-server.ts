import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, createServices, loadConfig, openStore } from '@parley/server';
import { keyPath, privateKey } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';

export const ADMIN = { PARLEY_ADMIN_EMAIL: 'admin@example.com', PARLEY_ADMIN_PASSWORD: 'correct horse battery staple' };

export interface LiveServer {
  url: string;
  /** POST /graphql over real HTTP; answers the whole body. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    bearer?: string | null,
  ): Promise<{ data: T | null; errors?: { extensions: { name: string } }[] }>;
  admin: string;
  /** A project made through the API: authenticated mode on and the test-vector brand key, unless told otherwise. */
  project(setup?: { authenticatedMode?: boolean; brandKey?: boolean }): Promise<string>;
  /** Fresh credentials for `userId` (a new random jti each time). */
  credentials(userId: string): Promise<string>;
  close(): Promise<void>;
}

/** The real server in this process on SQLite, listening on 127.0.0.1 at a free port. */
export async function startLiveServer(): Promise<LiveServer> {
  const store = await openStore({ databaseUrl: null, dataDir: mkdtempSync(join(tmpdir(), 'parley-sdk-')) });
  const config = loadConfig({ PARLEY_PUBLIC_URL: 'https://parley.test', PARLEY_AUTH_RATE_LIMIT: '100000', ...ADMIN });
  const services = await createServices({ config, store, passwordCost: 2 ** 10 });
  const app = await buildApp(config, services);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const gql: LiveServer['gql'] = async (query, variables = {}, bearer = null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as never;
  };
  const ok = async <T>(query: string, variables: Record<string, unknown>, bearer: string | null): Promise<T> => {
    const answer = await gql<T>(query, variables, bearer);
    if (answer.errors || !answer.data) throw new Error(`GraphQL failed: ${JSON.stringify(answer.errors)}`);
    return answer.data;
  };

  const grant = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username: ADMIN.PARLEY_ADMIN_EMAIL, password: ADMIN.PARLEY_ADMIN_PASSWORD }),
  });
  const admin = ((await grant.json()) as { access_token: string }).access_token;
  const [platform] = await services.platformKeys.list('rsa');
  if (!platform) throw new Error('the server has no platform key');

  return {
    url,
    gql,
    admin,
    async project({ authenticatedMode = true, brandKey = true } = {}) {
      const created = await ok<{ projectCreate: { project: { id: string } } }>(
        'mutation { projectCreate(input: { name: "Shop" }) { project { id } } }',
        {},
        admin,
      );
      const projectId = created.projectCreate.project.id;
      if (authenticatedMode)
        await ok(
          'mutation($id: ID!) { projectUpdateAuthentication(input: { projectId: $id, authenticatedMode: true }) { project { id } } }',
          { id: projectId },
          admin,
        );
      if (brandKey)
        await ok(
          'mutation($id: ID!, $key: String!) { brandKeyAdd(input: { projectId: $id, publicKey: $key }) { brandKey { id } } }',
          { id: projectId, key: readFileSync(keyPath('brand', 'public'), 'utf8') },
          admin,
        );
      return projectId;
    },
    credentials: (userId) => createCredentials({ userId, brandPrivateKey: privateKey('brand'), platformPublicKey: platform.publicKey }),
    async close() {
      await app.close();
      await services.close();
      await store.close();
    },
  };
}

/** `visitorSession` for a token: the session it stands for, or the error name. */
export async function sessionOf(server: LiveServer, token: string) {
  const answer = await server.gql<{ visitorSession: { vuid: string; authenticated: boolean; userId: string | null } }>(
    '{ visitorSession { vuid authenticated userId } }',
    {},
    token,
  );
  return answer.errors ? { error: answer.errors[0]?.extensions.name } : answer.data?.visitorSession;
}
