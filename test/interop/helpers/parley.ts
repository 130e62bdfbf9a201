import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildApp, createServices, loadConfig, openStore, type Services } from '@parley/server';
import { keyPath } from '@parley/test-vectors';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PYTHON = '/usr/bin/python3'; // Debian's python3-jwcrypto is visible to Debian's interpreter only
export const PERL = '/usr/bin/perl';
export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };
export const TEST_DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const sample = (path: string) => join(ROOT, 'docs/samples', path);
export const tempDir = (prefix = 'parley-docs-') => mkdtempSync(join(tmpdir(), prefix));
export const exec = promisify(execFile);

type GqlAnswer<T> = { data: T | null; errors?: { message: string; extensions: { name: string } }[] };

export interface Parley {
  url: string;
  dataDir: string;
  services: Services;
  /** An admin bearer. */
  admin: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, bearer?: string | null): Promise<GqlAnswer<T>>;
  /** Like gql, throwing on errors. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, bearer?: string | null): Promise<T>;
  /** A project in authenticated mode with the test-vector brand key (its public half), as the admin console makes it. */
  project(brandPublicKeyPem?: string): Promise<string>;
  /** A project API key's bearer through the client_credentials grant. */
  apiKey(projectId: string): Promise<{ clientId: string; clientSecret: string; bearer: string }>;
  /** The server's /.well-known/jwks.json saved to a file, as a brand backend keeps it. */
  jwksFile(): Promise<string>;
  /** visitorAuthenticateFromCredentials then visitorSession: who the server says the visitor is. */
  signIn(projectId: string, credentials: string): Promise<{ token: string; userId: string | null; authenticated: boolean }>;
  close(): Promise<void>;
}

/** The real server in this process (SQLite in a fresh data dir unless a PostgreSQL URL is given), on a free port. */
export async function startParley(options: { dataDir?: string; databaseUrl?: string; secret?: string } = {}): Promise<Parley> {
  const dataDir = options.dataDir ?? tempDir();
  const store = await openStore({ databaseUrl: options.databaseUrl ?? null, dataDir });
  const config = loadConfig({
    PARLEY_AUTH_RATE_LIMIT: '100000',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_ADMIN_EMAIL: ADMIN.email,
    PARLEY_ADMIN_PASSWORD: ADMIN.password,
    ...(options.secret ? { PARLEY_SECRET: options.secret } : {}),
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  });
  const services = await createServices({ config, store, passwordCost: 2 ** 10 });
  const app = await buildApp(config, services);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const gql: Parley['gql'] = async (query, variables = {}, bearer = null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as never;
  };
  const grant = async (body: Record<string, string>) => {
    const response = await fetch(`${url}/oauth2/token`, { method: 'POST', body: new URLSearchParams(body) });
    const answer = (await response.json()) as { access_token?: string; error?: string };
    if (!answer.access_token) throw new Error(`oauth2/token: ${answer.error}`);
    return answer.access_token;
  };
  const admin = await grant({ grant_type: 'password', username: ADMIN.email, password: ADMIN.password });
  const ok: Parley['ok'] = async (query, variables = {}, bearer = admin) => {
    const answer = await gql(query, variables, bearer);
    if (answer.errors || !answer.data) throw new Error(`GraphQL failed: ${JSON.stringify(answer.errors)}`);
    return answer.data as never;
  };

  return {
    url,
    dataDir,
    services,
    admin,
    gql,
    ok,
    async project(brandPublicKeyPem = readFileSync(keyPath('brand', 'public'), 'utf8')) {
      const created = await ok<{ projectCreate: { project: { id: string } } }>(
        'mutation { projectCreate(input: { name: "Shop" }) { project { id } } }',
      );
      const projectId = created.projectCreate.project.id;
      await ok(
        'mutation($id: ID!) { projectUpdateAuthentication(input: { projectId: $id, authenticatedMode: true }) { project { id } } }',
        {
          id: projectId,
        },
      );
      await ok('mutation($id: ID!, $key: String!) { brandKeyAdd(input: { projectId: $id, publicKey: $key }) { brandKey { id } } }', {
        id: projectId,
        key: brandPublicKeyPem,
      });
      return projectId;
    },
    async apiKey(projectId) {
      const { projectApiKeyCreate } = await ok<{ projectApiKeyCreate: { clientId: string; clientSecret: string } }>(
        'mutation($id: ID!) { projectApiKeyCreate(input: { projectId: $id }) { clientId clientSecret } }',
        { id: projectId },
      );
      const bearer = await grant({
        grant_type: 'client_credentials',
        client_id: projectApiKeyCreate.clientId,
        client_secret: projectApiKeyCreate.clientSecret,
      });
      return { ...projectApiKeyCreate, bearer };
    },
    async jwksFile() {
      const file = join(tempDir(), 'platform-jwks.json');
      writeFileSync(file, await (await fetch(`${url}/.well-known/jwks.json`)).text());
      return file;
    },
    async signIn(projectId, credentials) {
      const { visitorAuthenticateFromCredentials: session } = await ok<{
        visitorAuthenticateFromCredentials: { visitorSessionToken: { accessToken: string } };
      }>(
        'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { visitorSessionToken { accessToken } } }',
        { p: projectId, c: credentials },
        null,
      );
      const token = session.visitorSessionToken.accessToken;
      const { visitorSession } = await ok<{ visitorSession: { userId: string | null; authenticated: boolean } }>(
        '{ visitorSession { userId authenticated } }',
        {},
        token,
      );
      return { token, ...visitorSession };
    },
    async close() {
      await app.close();
      await services.close();
      await store.close();
    },
  };
}

/** A child process whose first stdout line matching `ready` has been printed; killed by `stop`. */
export async function startProcess(command: string, args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`));
    });
  });
  return {
    match,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
