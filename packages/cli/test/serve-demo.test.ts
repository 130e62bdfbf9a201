import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = new URL('../bin/parley.js', import.meta.url).pathname;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Demo {
  child: ChildProcess;
  site: string;
  parley: string;
  agent: [string, string];
  admin: [string, string];
  projectId: string;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** `parley serve --demo` as `npm start` runs it, until it prints the banner. */
async function startDemo(dataDir: string, port: number): Promise<Demo> {
  const child = spawn(process.execPath, [BIN, 'serve', '--demo', '--demo-port', '0', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, PARLEY_HOST: '127.0.0.1', PARLEY_PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  running.push(child);
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('Demo project id') && stderr.includes('logins kept in')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const line = (label: string) => new RegExp(`${label}\\s+(\\S+)(?:\\s+(\\S+) / (\\S+))?`).exec(stderr) ?? [];
  const desk = line('Agent desk');
  const admin = line('Admin console');
  return {
    child,
    site: line('Demo brand site')[1] ?? '',
    parley: `http://127.0.0.1:${port}`,
    agent: [desk[2] ?? '', desk[3] ?? ''],
    admin: [admin[2] ?? '', admin[3] ?? ''],
    projectId: line('Demo project id')[1] ?? '',
  };
}

const stop = async (child: ChildProcess) => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
};

describe('parley serve --demo (npm start)', () => {
  it('seeds a project, an admin and an agent, and serves a brand site whose signed-in users chat verified', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-demo-'));
    const port = await freePort();
    const demo = await startDemo(dataDir, port);
    expect(demo.site).toMatch(/^http:\/\/localhost:\d+$/);
    const site = demo.site.replace('localhost', '127.0.0.1');

    // The brand's home page carries the documented tag pointing at this Parley server.
    const home = await (await fetch(site)).text();
    expect(home).toContain(`parleyInterface.config = { projectId: "${demo.projectId}" }`);
    expect(home).toContain(`${demo.parley}/sdk/parley.js`);

    // Nobody signed in: the token endpoint answers 401 (the page then activates ANONYMOUS).
    expect((await fetch(`${site}/parley-token`, { method: 'POST' })).status).toBe(401);
    const signIn = await fetch(`${site}/sign-in`, {
      method: 'POST',
      body: new URLSearchParams({ user: 'alice', password: 'demo' }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // Another site cannot post the forms (login CSRF), and only real users sign in.
    const crossSite = await fetch(`${site}/sign-in`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      body: new URLSearchParams({ user: 'alice', password: 'demo' }),
      redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    // Issue 13, finding 12: `Origin: null` without Sec-Fetch-Site (an old browser, a sandboxed frame) was a 500.
    for (const origin of ['null', 'not a url']) {
      const opaque = await fetch(`${site}/sign-in`, {
        method: 'POST',
        headers: { origin },
        body: new URLSearchParams({ user: 'alice', password: 'demo' }),
        redirect: 'manual',
      });
      expect(opaque.status, origin).toBe(403);
    }
    for (const user of ['constructor', '__proto__', 'toString'])
      expect(
        (await fetch(`${site}/sign-in`, { method: 'POST', body: new URLSearchParams({ user, password: 'demo' }), redirect: 'manual' }))
          .status,
        user,
      ).toBe(401);
    const { token } = (await (await fetch(`${site}/parley-token`, { method: 'POST', headers: { cookie } })).json()) as { token: string };

    // Parley accepts those credentials for the demo project: a verified visitor "alice".
    const activation = await fetch(`${demo.parley}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }',
        variables: { p: demo.projectId, c: token },
      }),
    });
    expect(((await activation.json()) as { data: unknown }).data).toMatchObject({
      visitorAuthenticateFromCredentials: { vuid: expect.any(String) },
    });

    // The printed logins work.
    for (const [email, password] of [demo.agent, demo.admin]) {
      const grant = await fetch(`${demo.parley}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', username: email, password }),
      });
      expect(grant.status, email).toBe(200);
    }

    // A second start finds the same project and logins.
    await stop(demo.child);
    const again = await startDemo(dataDir, port);
    expect({ projectId: again.projectId, agent: again.agent, admin: again.admin }).toEqual({
      projectId: demo.projectId,
      agent: demo.agent,
      admin: demo.admin,
    });
  }, 60_000);
});
