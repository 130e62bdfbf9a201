// docs/quick-start.md's "your own project": the script it walks through, against a real server, with the
// admin console's steps (project, brand key, authenticated mode, API key) done through the same GraphQL API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, type Parley, ROOT, sample, startParley, tempDir } from './helpers/parley.js';

const run = (env: Record<string, string>) => exec('sh', [sample('shell/own-project.sh')], { cwd: ROOT, env: { ...process.env, ...env } });

describe('quick start: your own project', () => {
  let parley: Parley;
  beforeAll(async () => {
    parley = await startParley();
  });
  afterAll(() => parley.close());

  it('makes a brand key pair, then credentials the server accepts for the new project', async () => {
    const out = tempDir();
    const first = await run({ PARLEY_URL: parley.url, OUT_DIR: out });
    expect(first.stdout).toContain(`Now register ${out}/brand-keys/public.pem in the admin console`);
    const publicPem = readFileSync(join(out, 'brand-keys/public.pem'), 'utf8');
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    // The admin console's steps: new project, brand key, authenticated mode, an API key.
    const projectId = await parley.project(publicPem);
    const key = await parley.apiKey(projectId);

    const second = await run({
      PARLEY_URL: parley.url,
      OUT_DIR: out,
      PROJECT_ID: projectId,
      PARLEY_CLIENT_ID: key.clientId,
      PARLEY_CLIENT_SECRET: key.clientSecret,
    });
    expect(readFileSync(join(out, 'brand-keys/public.pem'), 'utf8')).toBe(publicPem); // kept, not regenerated
    expect(second.stdout).toMatch(/✓ signature/);
    expect(second.stdout).toContain('OK: the server accepts these credentials');
    expect(second.stdout).not.toMatch(/prl_api_/); // the bearer is never printed
  }, 90_000);
});
