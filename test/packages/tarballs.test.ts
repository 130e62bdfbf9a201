// The published packages as a user gets them: packed with `npm pack`, checked with publint and
// arethetypeswrong, installed from the tarballs alone into projects outside the repository, and run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStage } from '../deploy/dockerfile.js';
import { install, packAll, readJson, repoRoot, run, type Tarball } from './pack.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };
const ENTRY: Partial<Record<string, string>> = { '@parley/example-brand-site': 'brand-site' };
const LIBRARIES = ['@parley/protocol', '@parley/token', '@parley/sdk', '@parley/server', '@parley/react', '@parley/example-brand-site'];

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let tarballs: Tarball[] = [];
const packDir = mkdtempSync(join(tmpdir(), 'parley-tarballs-'));
const tarball = (name: string) => {
  const found = tarballs.find((entry) => entry.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found;
};

beforeAll(async () => {
  tarballs = await packAll(packDir);
}, 120_000);

afterAll(() => rmSync(packDir, { recursive: true, force: true }));

describe('npm pack', () => {
  it('packs every published package', () => {
    expect(tarballs.map((entry) => entry.name).sort()).toEqual([...LIBRARIES, '@parley/web', 'parley'].sort());
  });

  it('ships dist with types, README and LICENSE, and no sources, tests or build state', () => {
    for (const { name, files } of tarballs) {
      expect(files, name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE']));
      const stray = files.filter((file) => /^(src|test|build)\//.test(file) || file.endsWith('.tsbuildinfo') || /\.test\./.test(file));
      expect(stray, name).toEqual([]);
    }
    for (const name of [...LIBRARIES, 'parley']) {
      const entry = ENTRY[name] ?? (name === 'parley' ? 'main' : 'index');
      expect(tarball(name).files, name).toEqual(expect.arrayContaining([`dist/${entry}.js`, `dist/${entry}.d.ts`, `dist/${entry}.js.map`]));
    }
    expect(tarball('parley').files).toContain('bin/parley.js');
    expect(tarball('@parley/server').files).toEqual(
      expect.arrayContaining(['dist/credentials/verifier-worker.js', 'dist/store/checkpoint-worker.mjs']),
    );
  });

  it('@parley/web ships the browser scripts prebuilt, each with its brotli and gzip copy', () => {
    const { files } = tarball('@parley/web');
    expect(files).toEqual(expect.arrayContaining(['dist/assets/manifest.json', 'dist/assets/preact.LICENSE.txt']));
    for (const script of ['core', 'widget', 'desk', 'admin']) {
      for (const suffix of ['', '.br', '.gz']) expect(files).toContain(`dist/assets/${script}.js${suffix}`);
    }
  });

  it('no package needs tsx or esbuild at run time', () => {
    for (const { dir, name } of tarballs) {
      const { dependencies = {} } = readJson<{ dependencies?: Record<string, string> }>(join(repoRoot, dir, 'package.json'));
      expect(Object.keys(dependencies), name).not.toContain('tsx');
      expect(Object.keys(dependencies), name).not.toContain('esbuild');
    }
  });

  it('publint finds nothing, strict', async () => {
    for (const { name, path } of tarballs) {
      const bytes = readFileSync(path);
      const tarballBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const { messages } = await publint({ pack: { tarball: tarballBuffer }, strict: true, level: 'suggestion' });
      expect(messages, name).toEqual([]);
    }
  });

  // ESM only: the packages are "type": "module" with no CommonJS build, so `require()` and the old
  // node10 resolution are out of scope (attw's esm-only profile). @parley/web exports no module (its
  // assets are served, not imported): nothing for attw to resolve.
  it('arethetypeswrong resolves every entry point with its types (ESM-only profile)', async () => {
    for (const name of [...LIBRARIES, 'parley']) {
      const verdict = await run('npx', ['attw', tarball(name).path, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], {
        maxBuffer: 16 * 1024 * 1024,
      }).then(
        () => 'no problems',
        (error: { stdout: string }) => error.stdout,
      );
      expect(verdict, name).toBe('no problems');
    }
  }, 120_000);
});

describe('installed from the tarballs alone, outside the repository, as the image installs them', () => {
  let serverProject = '';
  let brandProject = '';
  let server: ChildProcess | undefined;
  let url = '';
  let serverLog = '';

  beforeAll(async () => {
    [serverProject, brandProject] = await Promise.all([
      install('server', packDir, ['parley']),
      install('brand', packDir, ['@parley/token']),
    ]);
  }, 600_000);

  afterAll(() => {
    server?.kill('SIGKILL');
    for (const dir of [serverProject, brandProject]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs neither tsx nor esbuild, and links nothing to the repository', () => {
    expect(existsSync(join(serverProject, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(serverProject, 'node_modules/esbuild'))).toBe(false);
    const { resolved } = readJson<{ packages: Record<string, { resolved?: string; link?: boolean }> }>(
      join(serverProject, 'package-lock.json'),
    ).packages['node_modules/@parley/server'] as { resolved?: string };
    expect(resolved).toMatch(/parley-server-0\.1\.0\.tgz$/);
  });

  it('`npx parley --version` prints the version', async () => {
    const { stdout } = await run('npx', ['--no-install', 'parley', '--version'], { cwd: serverProject });
    expect(stdout.trim()).toBe(readJson<{ version: string }>(join(serverProject, 'node_modules/parley/package.json')).version);
  });

  it('started as the image starts it, `parley serve` answers /readyz, the HEALTHCHECK passes and the prebuilt script tag is served', async () => {
    // deploy/Dockerfile's run stage: its ENV, ENTRYPOINT and CMD, /opt/parley being this installation;
    // the port, the /data volume and the secrets (files, as compose mounts them) are this test's.
    const image = runStage();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const secrets = mkdtempSync(join(tmpdir(), 'parley-secrets-'));
    writeFileSync(join(secrets, 'parley_secret'), 'a secret of at least sixteen characters\n');
    writeFileSync(join(secrets, 'admin_password'), `${ADMIN.password}\n`);
    const env = {
      ...process.env,
      ...image.env,
      PARLEY_PORT: String(port),
      PARLEY_DATA_DIR: join(serverProject, 'data'),
      PARLEY_SECRET_FILE: join(secrets, 'parley_secret'),
      PARLEY_ADMIN_EMAIL: ADMIN.email,
      PARLEY_ADMIN_PASSWORD_FILE: join(secrets, 'admin_password'),
    };
    const healthcheck = () =>
      run(process.execPath, [image.healthcheck[1]?.replace('/opt/parley', serverProject) ?? ''], { env }).then(
        () => 'healthy',
        (error: { stderr: string }) => error.stderr,
      );
    expect(await healthcheck()).toMatch(/\/readyz did not answer/);
    const [command = '', ...args] = image.command.map((part) => part.replace('/opt/parley', serverProject));
    server = spawn(command, args, { cwd: serverProject, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    const deadline = Date.now() + 30_000;
    let ready: Response | undefined;
    while (Date.now() < deadline && ready?.status !== 200) {
      ready = await fetch(`${url}/readyz`).catch(() => undefined);
      if (ready?.status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(ready?.status, serverLog).toBe(200);
    expect(await healthcheck()).toBe('healthy');
    const script = await fetch(`${url}/sdk/parley.js`, { headers: { 'accept-encoding': 'br' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('etag')).toMatch(/^"[\w-]{27}"$/);
    expect((await script.text()).length).toBeGreaterThan(10_000);
  }, 60_000);

  it('a plain Node project makes credentials with @parley/token from its tarball, and the server signs the user in', async () => {
    const token = (
      (await (
        await fetch(`${url}/oauth2/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'password', username: ADMIN.email, password: ADMIN.password }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    const gql = async <T>(query: string, variables: Record<string, unknown>, bearer?: string): Promise<T> => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown };
      if (!body.data || body.errors) throw new Error(JSON.stringify(body));
      return body.data;
    };

    await run('npx', ['--no-install', 'parley', 'keys', 'generate', '--kind', 'brand', '--out', 'brand-keys'], { cwd: serverProject });
    const projectId = (
      await gql<{ projectCreate: { project: { id: string } } }>(
        'mutation { projectCreate(input: {name: "Shop"}) { project { id } } }',
        {},
        token,
      )
    ).projectCreate.project.id;
    await gql(
      'mutation($p: ID!) { projectUpdateAuthentication(input: {projectId: $p, authenticatedMode: true}) { project { id } } }',
      { p: projectId },
      token,
    );
    await gql(
      'mutation($p: ID!, $k: String!) { brandKeyAdd(input: {projectId: $p, publicKey: $k}) { brandKey { id } } }',
      { p: projectId, k: readFileSync(join(serverProject, 'brand-keys/public.pem'), 'utf8') },
      token,
    );

    // The brand's backend: its own project, only @parley/token installed, plain JavaScript.
    const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    writeFileSync(join(brandProject, 'platform.jwk.json'), JSON.stringify(jwks.keys[0]));
    writeFileSync(
      join(brandProject, 'make-credentials.js'),
      `import { readFileSync } from 'node:fs';
import { createCredentials } from '@parley/token';
const credentials = await createCredentials({
  userId: 'customer-42',
  brandPrivateKey: readFileSync(process.argv[2], 'utf8'),
  platformPublicKey: JSON.parse(readFileSync('platform.jwk.json', 'utf8')),
});
console.log(credentials);
`,
    );
    const { stdout: credentials } = await run('node', ['make-credentials.js', join(serverProject, 'brand-keys/private.pem')], {
      cwd: brandProject,
    });

    const { visitorAuthenticateFromCredentials: visitor } = await gql<{ visitorAuthenticateFromCredentials: { vuid: string } }>(
      'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: {projectId: $p, credentials: $c}) { vuid } }',
      { p: projectId, c: credentials.trim() },
    );
    expect(visitor.vuid).toMatch(/\S/);
    const { authenticationEvents } = await gql<{
      authenticationEvents: { edges: { node: { outcome: string; userId: string; vuid: string } }[] };
    }>(
      'query($p: ID!) { authenticationEvents(projectId: $p, first: 5) { edges { node { outcome userId vuid } } } }',
      { p: projectId },
      token,
    );
    expect(authenticationEvents.edges.map((edge) => edge.node)).toEqual([
      { outcome: 'SUCCESS', userId: 'customer-42', vuid: visitor.vuid },
    ]);
  }, 60_000);
});
