import { loadVectors, vectorSetup } from '@parley/test-vectors';
import { describe, expect, it } from 'vitest';
import { checkSingleUse, InMemoryReplayStore, verifyCredentials } from '../../src/credentials/index.js';

const file = loadVectors();
const byName = (name: string) => {
  const vector = file.vectors.find((v) => v.name === name);
  if (!vector) throw new Error(`no vector ${name}`);
  return vector;
};
const verify = (name: string, now = file.now) => {
  const vector = byName(name);
  return verifyCredentials({ credentials: vector.credentials, now, ...vectorSetup(file, vector) });
};

describe('single use (CREDENTIALS_REPLAYED)', () => {
  it('accepts credentials once, then refuses them with a replay check', async () => {
    const store = new InMemoryReplayStore(() => file.now);
    const first = await checkSingleUse(verify('server-replayed'), 'project-1', store);
    const second = await checkSingleUse(verify('server-replayed'), 'project-1', store);
    expect(first.ok).toBe(true);
    expect(first.checks.at(-1)).toMatchObject({ name: 'replay', ok: true });
    expect(second).toMatchObject({ ok: false, reason: 'CREDENTIALS_REPLAYED' });
    expect(second.checks.at(-1)).toMatchObject({ name: 'replay', ok: false });
  });

  it('refuses a captured JWS re-encrypted into a new JWE', async () => {
    const store = new InMemoryReplayStore(() => file.now);
    expect((await checkSingleUse(verify('server-replayed-reencrypted-first'), 'p', store)).ok).toBe(true);
    expect(await checkSingleUse(verify('server-replayed-reencrypted'), 'p', store)).toMatchObject({ reason: 'CREDENTIALS_REPLAYED' });
  });

  it('lets exactly one of two concurrent presentations through', async () => {
    const store = new InMemoryReplayStore(() => file.now);
    const results = await Promise.all([1, 2, 3].map(() => checkSingleUse(verify('valid-full'), 'p', store)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('keys jti per project and issuer', async () => {
    const store = new InMemoryReplayStore(() => file.now);
    const verified = verify('valid-full');
    if (!verified.ok) throw new Error('expected valid');
    const other = { ...verified, credentials: { ...verified.credentials, signatureDigest: 'different-signature' } };
    expect((await checkSingleUse(verified, 'p1', store)).ok).toBe(true);
    expect((await checkSingleUse(other, 'p2', store)).ok).toBe(true);
    expect((await checkSingleUse(other, 'p1', store)).ok).toBe(false);
  });

  it('forgets credentials only after exp + 30 s, when the expiry check refuses them anyway', async () => {
    let now = file.now;
    const store = new InMemoryReplayStore(() => now);
    const verified = verify('valid-full');
    if (!verified.ok) throw new Error('expected valid');
    await checkSingleUse(verified, 'p', store);
    now = verified.credentials.expiresAt + 29;
    expect((await checkSingleUse(verified, 'p', store)).ok).toBe(false);
    now = verified.credentials.expiresAt + 41;
    expect(store.size).toBeGreaterThan(0);
    await checkSingleUse({ ...verified, credentials: { ...verified.credentials, signatureDigest: 'x', jti: 'y' } }, 'p', store);
    expect(verify('valid-full', now)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(store.size).toBe(2); // the old entries were swept
  });
});
