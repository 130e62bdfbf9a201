import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KeyName, loadVectors, privateKey, publicKey } from '@parley/test-vectors';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const file = loadVectors();
const dir = mkdtempSync(join(tmpdir(), 'parley-cli-vectors-'));

/** Key files as JWKs carrying the vectors' kids, so kid selection behaves as in the verifier tests. */
function keyFile(name: KeyName, half: 'private' | 'public'): string {
  const path = join(dir, `${name}.${half}.jwk.json`);
  const key = half === 'private' ? privateKey(name) : publicKey(name);
  writeFileSync(path, JSON.stringify({ ...key.export({ format: 'jwk' }), kid: file.kids[name] }));
  return path;
}

describe('parley token inspect --json on every token-scope vector', () => {
  it.each(file.vectors.filter((v) => v.scope === 'token').map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
    const policy = vector.policy ?? {};
    const args = ['token', 'inspect', vector.credentials, '--json', '--now', String(file.now)];
    for (const name of policy.platformKeys ?? ['platform']) args.push('--platform-private-key', keyFile(name, 'private'));
    for (const name of policy.brandKeys ?? ['brand']) args.push('--brand-public-key', keyFile(name, 'public'));
    for (const issuer of policy.acceptedIssuers ?? []) args.push('--issuer', issuer);
    if (policy.maxTokenLifetimeSeconds !== undefined) args.push('--max-lifetime', String(policy.maxTokenLifetimeSeconds));

    const { code, stdout } = await runCli(args);
    const report = JSON.parse(stdout);
    expect(report.reason).toBe(vector.expected.ok ? null : vector.expected.reason);
    expect(report.ok).toBe(vector.expected.ok);
    expect(code).toBe(vector.expected.ok ? 0 : 1);
    expect(Object.keys(report)).toEqual(['ok', 'reason', 'hint', 'header', 'claims', 'checks']);
    if (!vector.expected.ok) expect(report.checks.at(-1)).toMatchObject({ ok: false, hint: report.hint });
  });
});
