import { REASON_CODES } from '@parley/protocol';
import { loadVectors, vectorSetup } from '@parley/test-vectors';
import { afterAll, describe, expect, it } from 'vitest';
import { createVerifierPool, verifyCredentials } from '../../src/credentials/index.js';
import type { CheckName, VerificationResult } from '../../src/credentials/types.js';

const file = loadVectors();
const tokenVectors = file.vectors.filter((vector) => vector.scope === 'token');
const CHECK_ORDER: CheckName[] = [
  'format',
  'keyManagementAlgorithm',
  'contentEncryption',
  'decryption',
  'nestedToken',
  'signatureAlgorithm',
  'signature',
  'issuer',
  'expiration',
  'lifetime',
  'notBefore',
  'userId',
  'visitorData',
  'replay',
];

function expectMatches(result: VerificationResult, expected: (typeof tokenVectors)[number]['expected']) {
  if (expected.ok) {
    expect(result.ok ? null : `${result.reason}: ${result.checks.at(-1)?.detail}`).toBeNull();
    if (!result.ok) return;
    expect(result.credentials).toMatchObject({
      userId: expected.userId,
      visitorData: expected.visitorData,
      platformKeyId: expected.platformKeyId,
      brandKeyId: expected.brandKeyId,
    });
  } else {
    expect(result.ok ? 'ok' : result.reason).toBe(expected.reason);
  }
}

describe('credentials test vectors through the pipeline', () => {
  it('covers every token-scope reason code', () => {
    const covered = new Set(tokenVectors.flatMap((vector) => (vector.expected.ok ? [] : [vector.expected.reason])));
    const tokenScope = Object.entries(REASON_CODES)
      .filter(([, info]) => info.scope === 'token')
      .map(([code]) => code);
    expect(tokenScope).toHaveLength(16);
    expect([...covered].sort()).toEqual(tokenScope.sort());
  });

  it.each(tokenVectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const result = verifyCredentials({ credentials: vector.credentials, now: file.now, ...vectorSetup(file, vector) });
    expectMatches(result, vector.expected);

    // The checks are the steps run, in spec §2.6 order, all passing but the last when failing.
    const names = result.checks.map((check) => check.name);
    expect(names).toEqual(CHECK_ORDER.slice(0, names.length));
    expect(result.checks.slice(0, -1).every((check) => check.ok)).toBe(true);
    expect(result.checks.at(-1)?.ok).toBe(result.ok);
    if (!result.ok) expect(result.checks.at(-1)?.hint).toBe(result.hint);
  });

  it('tells operators about an unprefixed userId', () => {
    const vector = tokenVectors.find((v) => v.name === 'user-id-unprefixed');
    if (!vector) throw new Error('vector missing');
    const result = verifyCredentials({ credentials: vector.credentials, now: file.now, ...vectorSetup(file, vector) });
    expect(result.checks.at(-1)?.detail).toMatch(/unprefixed "userId"/);
  });

  it('reports an unknown brand kid so the caller can refetch a JWKS once', () => {
    const vector = tokenVectors.find((v) => v.name === 'valid-unknown-brand-kid');
    if (!vector) throw new Error('vector missing');
    const setup = vectorSetup(file, vector);
    const result = verifyCredentials({
      credentials: vector.credentials,
      now: file.now,
      platformKeys: setup.platformKeys,
      policy: { ...setup.policy, brandKeys: setup.policy.brandKeys.slice(0, 1) },
    });
    expect(result.ok ? null : [result.reason, result.unknownBrandKid]).toEqual(['SIGNATURE_INVALID', 'provider-label-7']);
  });

  it('gives the same answer for every decryption failure, whatever the cause', () => {
    const details = tokenVectors
      .filter((vector) => !vector.expected.ok && vector.expected.reason === 'DECRYPTION_FAILED')
      .map(
        (vector) =>
          verifyCredentials({ credentials: vector.credentials, now: file.now, ...vectorSetup(file, vector) }).checks.at(-1)?.detail,
      );
    expect(details.length).toBeGreaterThan(5);
    expect(new Set(details).size).toBe(1);
  });
});

describe('credentials test vectors through the worker pool', () => {
  const pool = createVerifierPool({ size: 2 });
  afterAll(() => pool.close());

  it('agrees with the inline pipeline on every vector, with and without the report', async () => {
    const inputs = tokenVectors.map((vector) => ({ credentials: vector.credentials, now: file.now, ...vectorSetup(file, vector) }));
    const full = await Promise.all(inputs.map((input) => pool.verify(input)));
    const lean = await Promise.all(inputs.map((input) => pool.verify(input, { report: false })));
    tokenVectors.forEach((vector, index) => {
      expectMatches(full[index] as VerificationResult, vector.expected);
      expectMatches(lean[index] as VerificationResult, vector.expected);
      expect(full[index]).toEqual(verifyCredentials(inputs[index] as (typeof inputs)[number]));
      expect(lean[index]?.checks).toEqual([]);
    });
  });

  it('survives a worker crash and keeps answering', async () => {
    const vector = tokenVectors[0];
    if (!vector) throw new Error('no vectors');
    const input = { credentials: vector.credentials, now: file.now, ...vectorSetup(file, vector) };
    const broken = { ...input, policy: null } as unknown as typeof input;
    await expect(pool.verify(broken)).rejects.toThrow(/verification failed/);
    await expect(pool.verify(input)).resolves.toMatchObject({ ok: true });
  });
});
