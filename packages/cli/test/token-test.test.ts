import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { liveServerForFile } from '../../../test/fixtures/live-server.js';
import { runCli } from './run-cli.js';

const exec = promisify(execFile);
const BIN = new URL('../bin/parley.js', import.meta.url).pathname;
const AGENT = { email: 'agent@example.com', password: 'another horse battery staple' };

/** A real Parley server on SQLite, listening on 127.0.0.1, as `parley serve` would run it. */
const live = liveServerForFile();
let server: string;
let admin: string;
let agent: string;
let apiBearer: string;
let projectId: string;

/** Credentials signed with the test-vector brand key, for the server's current platform key. */
const credentials = (userId = 'user-42', options: { issuer?: string; issuedAt?: number } = {}) => live.credentials(userId, options);

beforeAll(async () => {
  ({ url: server, admin, projectId } = live);
  apiBearer = (await live.apiKey(projectId)).bearer;
  await live.ok(
    'mutation($email: String!, $password: String!) { operatorCreate(input: { email: $email, password: $password, role: AGENT }) { operator { id } } }',
    { email: AGENT.email, password: AGENT.password },
  );
  agent = await live.login(AGENT.email, AGENT.password);
});

const savedToken = process.env.PARLEY_TOKEN;
beforeEach(() => {
  delete process.env.PARLEY_TOKEN;
});
afterEach(() => {
  if (savedToken === undefined) delete process.env.PARLEY_TOKEN;
  else process.env.PARLEY_TOKEN = savedToken;
});

const args = (jwe: string, ...more: string[]) => ['token', 'test', jwe, '--server', server, '--project', projectId, ...more];

describe('parley token test against a running server', () => {
  it('shows every check with ✓ and exits 0 for valid credentials, without printing the bearer', async () => {
    expect(admin).toMatch(/^prl_op_/);
    const result = await runCli(args(await credentials(), '--token', admin));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Checks (server ${server}, project ${projectId})`);
    for (const name of ['rateLimit', 'project', 'authenticatedMode', 'brandKey', 'signature']) {
      expect(result.stdout).toMatch(new RegExp(`✓ ${name}\\b`));
    }
    expect(result.stdout).not.toContain('✗');
    expect(result.stdout).toMatch(/\nOK: the server accepts these credentials/);
    expect(result.stdout).not.toContain(admin);
  });

  it('tests the same credentials again (nothing is consumed), with a project API bearer from PARLEY_TOKEN and the JWE on stdin', async () => {
    expect(apiBearer).toMatch(/^prl_api_/);
    process.env.PARLEY_TOKEN = apiBearer;
    const jwe = await credentials('user-7');
    for (let round = 0; round < 2; round += 1) {
      const result = await runCli(args('-'), `${jwe}\n`);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).not.toContain(apiBearer);
    }
  });

  it('shows the failing check with ✗ and its hint, and the reason last; exits 1', async () => {
    const expired = await credentials('user-42', { issuedAt: Math.floor(Date.now() / 1000) - 3600 });
    const result = await runCli(args(expired, '--token', admin));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/✓ signature/);
    expect(result.stdout).toMatch(/✗ expiration/);
    expect(result.stdout).toMatch(/✗ expiration[^\n]*\n {6}hint: \S/);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('FAILED: EXPIRED');

    const foreign = await runCli(args(await credentials('user-42', { issuer: 'https://evil.example' }), '--token', admin));
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toMatch(/✗ issuer/);
    expect(foreign.stdout).toMatch(/FAILED: ISSUER_MISMATCH/);
  });

  it('reports an unknown project as data (PROJECT_NOT_FOUND) for an admin', async () => {
    const result = await runCli([
      'token',
      'test',
      await credentials(),
      '--server',
      server,
      '--project',
      'no-such-project',
      '--token',
      admin,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ project/);
    expect(result.stdout).toMatch(/FAILED: PROJECT_NOT_FOUND/);
  });

  it('--json prints one object { ok, reason, hint, checks }', async () => {
    const ok = await runCli(args(await credentials(), '--token', admin, '--json'));
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(Object.keys(report)).toEqual(['ok', 'reason', 'hint', 'checks']);
    expect(report).toMatchObject({ ok: true, reason: null, hint: null });
    expect(report.checks.length).toBeGreaterThan(4);
    expect(report.checks.every((check: { ok: boolean; hint: unknown }) => check.ok && check.hint === null)).toBe(true);
    expect(Object.keys(report.checks[0])).toEqual(['name', 'ok', 'detail', 'hint']);

    const failed = await runCli(args('not-a-jwe', '--token', admin, '--json'));
    expect(failed.code).toBe(1);
    const failure = JSON.parse(failed.stdout);
    expect(failure).toMatchObject({ ok: false, reason: 'CREDENTIALS_MALFORMED' });
    expect(failure.checks.at(-1)).toMatchObject({ ok: false, hint: failure.hint });
    expect(failure.hint).toEqual(expect.any(String));
  });

  it('says the token was refused, and how to get one, for a bad bearer — never echoing it', async () => {
    const bogus = 'prl_op_thisIsNotARealBearerButItLooksLikeOne000000';
    const result = await runCli(args(await credentials(), '--token', bogus));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^parley: the token was refused \(UNAUTHENTICATED\).*POST \/oauth2\/token/);
    expect(result.stderr).not.toContain(bogus);
    expect(result.stderr).not.toContain('thisIsNotARealBearer');

    process.env.PARLEY_TOKEN = 'eyJhbGciOiJFZERTQSJ9.e30.c2ln';
    const visitorLike = await runCli(args(await credentials()));
    expect(visitorLike.code).toBe(1);
    expect(visitorLike.stderr).toMatch(/UNAUTHENTICATED.*does not look like one: operator bearers start with prl_op_/);
    expect(visitorLike.stderr).not.toContain('eyJhbGci');
  });

  it('says an agent needs an admin or a project API key (PERMISSION_DENIED)', async () => {
    const result = await runCli(args(await credentials(), '--token', agent));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PERMISSION_DENIED\): it needs an admin or a project API key/);
    expect(result.stderr).not.toContain(agent);
  });
});

describe('parley token test when the server cannot be asked', () => {
  it('names an unreachable server and suggests `parley serve`', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runCli(['token', 'test', 'x.y.z.a.b', '--server', `http://127.0.0.1:${port}`, '--project', 'p', '--token', admin]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `parley: cannot reach http://127.0.0.1:${port}: ECONNREFUSED; is \`parley serve\` running there? (check --server)\n`,
    );
    expect(result.stderr).not.toContain(admin);
  });

  it('says when the URL answers but is not a Parley server', async () => {
    const other = createServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>nope</h1>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    try {
      const result = await runCli(['token', 'test', 'x', '--server', `http://127.0.0.1:${port}/`, '--project', 'p', '--token', admin]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`http://127\\.0\\.0\\.1:${port}/graphql did not answer as a Parley server \\(HTTP 404, not JSON\\); check --server`),
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('parley token test usage errors exit 2', () => {
  it('needs --project, --server, a bearer and a URL', async () => {
    const jwe = 'x.y.z.a.b';
    const noProject = await runCli(['token', 'test', jwe, '--server', server, '--token', admin]);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toMatch(/required option '--project <id>' not specified/);
    expect((await runCli(['token', 'test', jwe, '--project', 'p', '--token', admin])).code).toBe(2);

    const noBearer = await runCli(['token', 'test', jwe, '--server', server, '--project', 'p']);
    expect(noBearer.code).toBe(2);
    expect(noBearer.stderr).toMatch(/a bearer is needed: set PARLEY_TOKEN \(or pass --token\)/);

    const badUrl = await runCli(['token', 'test', jwe, '--server', 'localhost:8080', '--project', 'p', '--token', admin]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/--server must be an http:\/\/ or https:\/\/ URL/);

    const emptyStdin = await runCli(['token', 'test', '-', '--server', server, '--project', 'p', '--token', admin], '\n');
    expect(emptyStdin.code).toBe(2);
    expect(emptyStdin.stderr).toMatch(/no credentials/);
  });

  it('has help', async () => {
    const { code, stdout } = await runCli(['token', 'test', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: parley token test \[options\] <jwe>/);
    expect(stdout).toMatch(/PARLEY_TOKEN/);
  });
});

describe('parley token test (the real executable)', () => {
  it('reads PARLEY_TOKEN from its environment and exits 0', async () => {
    const jwe = await credentials('user-bin');
    const { stdout, stderr } = await exec(process.execPath, [BIN, 'token', 'test', jwe, '--server', server, '--project', projectId], {
      env: { ...process.env, PARLEY_TOKEN: admin, NO_COLOR: '1' },
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/OK: the server accepts these credentials/);
    expect(stdout).not.toContain(admin);
  });
});
