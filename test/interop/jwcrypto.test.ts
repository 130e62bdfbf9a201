import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { verifyCredentials } from '@parley/server';
import { KEY_NAMES, keyPath, loadVectors, privateKey, publicKey } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';
import { describe, expect, it } from 'vitest';

// Debian's python3-jwcrypto is only visible to Debian's own interpreter.
const PYTHON = '/usr/bin/python3';
const SCRIPT = new URL('./jwcrypto_credentials.py', import.meta.url).pathname;
const KEY_DIR = keyPath(KEY_NAMES[0] ?? 'platform', 'public').replace(/\/[^/]+$/, '');
const exec = promisify(execFile);
const { now } = loadVectors();

const verify = (credentials: string) =>
  verifyCredentials({
    credentials,
    now,
    platformKeys: [{ kid: 'platform', privateKey: privateKey('platform') }],
    policy: {
      acceptedIssuers: ['https://livechat.iadvize.com'],
      maxTokenLifetimeSeconds: 60,
      brandKeys: [{ id: 'brand', kid: 'brand', publicKey: publicKey('brand') }],
    },
  });

describe('interop with python3-jwcrypto', () => {
  it('verifies credentials a Python backend made with jwcrypto', async () => {
    const { stdout } = await exec(PYTHON, [SCRIPT, 'create', KEY_DIR, 'py-user-7', String(now)]);
    const result = verify(stdout.trim());
    expect(result.ok ? null : result.reason).toBeNull();
    expect(result).toMatchObject({
      ok: true,
      credentials: { userId: 'py-user-7', visitorData: { firstName: 'Grace', city: 'Arlington' } },
    });
  });

  it("lets jwcrypto decrypt and verify Parley's credentials", async () => {
    const token = await createCredentials({
      userId: 'node-user-9',
      visitorData: { email: 'n@example.com' },
      brandPrivateKey: privateKey('brand'),
      platformPublicKey: publicKey('platform'),
      issuedAt: now,
      brandKeyId: 'brand-2026',
    });
    const { stdout } = await exec(PYTHON, [SCRIPT, 'read', KEY_DIR, token]);
    const read = JSON.parse(stdout);
    expect(read.jwsHeader).toMatchObject({ alg: 'RS256', kid: 'brand-2026' });
    expect(read.claims).toMatchObject({
      iss: 'https://livechat.iadvize.com',
      exp: now + 60,
      'https://iadvize.com/userId': 'node-user-9',
      'https://iadvize.com/visitorData': { email: 'n@example.com' },
    });
  });
});
