// deploy/ as shipped: the Dockerfile's run stage, compose.yaml and the secrets script. Containers
// cannot run here; what the image does is run without one (test/packages: pack.sh, install.sh, the
// HEALTHCHECK and the ENTRYPOINT), and this file holds the files to what those tests run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_VARIABLES, loadConfig } from '@parley/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deployDir, instructions, runStage } from './dockerfile.js';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  secrets?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  profiles?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
}

const compose = parse(readFileSync(join(deployDir, 'compose.yaml'), 'utf8'), { merge: true }) as Compose;
const parleyNodes = Object.entries(compose.services).filter(([, service]) => service.build?.dockerfile === 'deploy/Dockerfile');

describe('deploy/Dockerfile', () => {
  const stage = runStage();

  it('builds in one stage and runs Node 20 slim in another, as an unprivileged user with a /data volume', () => {
    const all = instructions(readFileSync(join(deployDir, 'Dockerfile'), 'utf8'));
    expect(all.filter((instruction) => instruction.keyword === 'FROM')).toHaveLength(2);
    expect(all.find((instruction) => instruction.keyword === 'ARG')?.args).toBe('NODE_VERSION=20');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ${NODE_VERSION} build argument
    expect(stage.base).toBe('node:${NODE_VERSION}-bookworm-slim');
    expect(stage.user).toBe('parley');
    expect(stage.volumes).toEqual(['/data']);
    expect(stage.env).toMatchObject({ PARLEY_DATA_DIR: '/data', PARLEY_HOST: '0.0.0.0', PARLEY_PORT: '8080' });
    expect(Object.keys(stage.env).filter((name) => name !== 'NODE_ENV' && !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });

  it('builds with the scripts CI runs, and starts `parley serve` with the HEALTHCHECK on /readyz', () => {
    const build = instructions(readFileSync(join(deployDir, 'Dockerfile'), 'utf8'))
      .filter((instruction) => instruction.keyword === 'RUN')
      .map((instruction) => instruction.args)
      .join(' ');
    expect(build).toContain('bash deploy/image/pack.sh /tarballs');
    expect(build).toContain('bash deploy/image/install.sh /tarballs /opt/parley');
    expect(stage.command).toEqual(['node', '/opt/parley/node_modules/parley/bin/parley.js', 'serve']);
    expect(stage.healthcheck).toEqual(['node', '/opt/parley/healthcheck.mjs']);
    expect(readFileSync(join(deployDir, 'image/healthcheck.mjs'), 'utf8')).toContain('/readyz');
  });
});

describe('deploy/compose.yaml', () => {
  it('runs PostgreSQL, Redis, two Parley nodes from the Dockerfile and HAProxy', () => {
    expect(compose.services.postgres?.image).toMatch(/^postgres:15/);
    expect(compose.services.redis?.image).toMatch(/^redis:7/);
    expect(parleyNodes.filter(([, service]) => !service.profiles).map(([name]) => name)).toEqual(['parley-1', 'parley-2']);
    expect(compose.services.lb?.image).toMatch(/^haproxy:2\./);
  });

  it('configures the nodes with settings the server reads, the secret, database URL and admin password from secrets', () => {
    for (const [name, service] of parleyNodes) {
      const environment = service.environment ?? {};
      expect(
        Object.keys(environment).filter((variable) => !CONFIG_VARIABLES.includes(variable)),
        name,
      ).toEqual([]);
      expect(environment).toMatchObject({
        PARLEY_SECRET_FILE: '/run/secrets/parley_secret',
        DATABASE_URL_FILE: '/run/secrets/database_url',
        PARLEY_ADMIN_PASSWORD_FILE: '/run/secrets/admin_password',
        REDIS_URL: 'redis://redis:6379',
      });
      expect(environment).not.toHaveProperty('PARLEY_SECRET');
      for (const secret of service.secrets ?? []) expect(compose.secrets[secret], secret).toBeDefined();
      expect(service.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
  });

  it('gives HAProxy the shipped haproxy.cfg and every variable that file reads', () => {
    const lb = compose.services.lb ?? {};
    expect(lb.volumes).toContain('./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const config = readFileSync(join(deployDir, 'haproxy.cfg'), 'utf8').replace(/^\s*#.*$/gm, '');
    const optional = new Set([...config.matchAll(/^\.if defined\((\w+)\)/gm)].map(([, name]) => name));
    const variables = [...config.matchAll(/\$\{(\w+)\}/g)].map(([, name]) => name).filter((name) => !optional.has(name));
    expect(variables).toContain('PARLEY_NODE1');
    for (const variable of variables) expect(lb.environment ?? {}, variable).toHaveProperty(variable as string);
  });

  it('HAProxy accepts the shipped configuration with compose’s environment', async () => {
    const { stdout, stderr } = await run('haproxy', ['-c', '-f', join(deployDir, 'haproxy.cfg')], {
      env: { ...process.env, ...compose.services.lb?.environment },
    });
    expect(`${stdout}${stderr}`).toMatch(/Configuration file is valid/);
  });
});

describe('the image build context', () => {
  it('leaves out the secrets, keys, data and builds of the working tree (.dockerignore)', () => {
    const ignored = readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8').split('\n');
    for (const entry of ['deploy/secrets', '**/node_modules', '**/dist', '.parley', 'brand-keys', 'platform-keys', '.git']) {
      expect(ignored, entry).toContain(entry);
    }
  });
});

describe('deploy/secrets.sh', () => {
  it('writes the secrets compose reads, reachable only through a 0700 directory and readable by the containers’ users', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'parley-secrets-')), 'secrets');
    await run('bash', [join(deployDir, 'secrets.sh'), dir]);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // Compose bind-mounts each file with its host owner and mode; the image reads it as uid 10001, PostgreSQL as 999.
    for (const name of Object.values(compose.secrets).map((secret) => secret.file.replace('./secrets/', ''))) {
      expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o644);
    }
    const first = read('parley_secret');
    expect(read('database_url')).toBe(`postgres://parley:${read('postgres_password')}@postgres:5432/parley`);
    await run('bash', [join(deployDir, 'secrets.sh'), dir]);
    expect(read('parley_secret')).toBe(first);
    const config = loadConfig({
      PARLEY_SECRET_FILE: join(dir, 'parley_secret'),
      DATABASE_URL_FILE: join(dir, 'database_url'),
      PARLEY_ADMIN_EMAIL: 'admin@example.com',
      PARLEY_ADMIN_PASSWORD_FILE: join(dir, 'admin_password'),
    });
    expect(config.secret).toBe(first);
    expect(config.initialAdmin?.password).toBe(read('admin_password'));
  });
});
