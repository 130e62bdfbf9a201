/**
 * Writes keys/ (once) and credentials.json (every run): `npm run generate -w @parley/test-vectors`.
 * Each vector names its expected outcome; RSA-OAEP is randomised, so regenerating changes the
 * tokens but never the expectations.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { b64, encrypt, json, signHs256, signNone, signRs256, tamperSegment } from './craft.js';
import { VECTORS_PATH } from './index.js';
import { KEY_NAMES, keyPath, privateKey, publicKey } from './keys.js';
import type { CredentialsVector, KeyName, VectorFile } from './types.js';

for (const name of KEY_NAMES) {
  if (existsSync(keyPath(name, 'private'))) continue;
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(keyPath(name, 'private'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(keyPath(name, 'public'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
}

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const ISS = 'https://livechat.iadvize.com';
const USER = 'https://iadvize.com/userId';
const DATA = 'https://iadvize.com/visitorData';
const kids: Record<KeyName, string> = {
  platform: 'platform-2026',
  'platform-other': 'platform-other',
  brand: 'brand-2026',
  'brand-old': 'brand-2025',
  'brand-other': 'brand-unregistered',
};

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISS,
  iat: NOW,
  exp: NOW + 60,
  jti: `jti-${Math.random().toString(36).slice(2)}`,
  [USER]: 'user-42',
  ...extra,
});
const without = (key: string, extra: Record<string, unknown> = {}) => {
  const all: Record<string, unknown> = claims(extra);
  delete all[key];
  return all;
};
const jws = (payload: object | string, header: object = { alg: 'RS256', typ: 'JWT' }, key: KeyName = 'brand') =>
  signRs256(header, payload, privateKey(key));
const jwe = (plaintext: string | Buffer, header: object = { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' }, key: KeyName = 'platform') =>
  encrypt(header, plaintext, publicKey(key));
const token = (payload: object = claims(), header?: object) => jwe(jws(payload, header));

const FULL_VISITOR_DATA = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  address: '12 St James Square',
  zipCode: 'SW1Y 4JH',
  city: 'London',
  country: 'GB',
  phoneNumber: '+44 20 7946 0000',
  email: 'ada@example.com',
};

const vectors: CredentialsVector[] = [];
const valid = (
  name: string,
  description: string,
  credentials: string,
  extra: Partial<{
    userId: string;
    visitorData: Record<string, string> | null;
    brandKeyId: string;
    policy: CredentialsVector['policy'];
  }> = {},
) =>
  vectors.push({
    name,
    description,
    scope: 'token',
    credentials,
    ...(extra.policy ? { policy: extra.policy } : {}),
    expected: {
      ok: true,
      userId: extra.userId ?? 'user-42',
      visitorData: extra.visitorData ?? null,
      platformKeyId: kids.platform,
      brandKeyId: extra.brandKeyId ?? kids.brand,
    },
  });
const invalid = (
  name: string,
  description: string,
  reason: CredentialsVector['expected'] extends infer E ? (E extends { ok: false; reason: infer R } ? R : never) : never,
  credentials: string,
  policy?: CredentialsVector['policy'],
) => vectors.push({ name, description, scope: 'token', credentials, ...(policy ? { policy } : {}), expected: { ok: false, reason } });

// Valid credentials
valid('valid-minimal', 'iss, exp and the prefixed userId only', jwe(jws({ iss: ISS, exp: NOW + 60, [USER]: 'user-42' })));
valid(
  'valid-full',
  'iat, jti, visitorData with every known field',
  token(
    claims({
      [DATA]: FULL_VISITOR_DATA,
    }),
  ),
  {
    visitorData: FULL_VISITOR_DATA,
  },
);
valid(
  'valid-visitor-data-unknown-fields-dropped',
  'unknown visitorData fields, nested objects among them, are dropped; null fields are absent',
  token(claims({ [DATA]: { firstName: 'Ada', loyalty: { tier: 'gold' }, lastName: null } })),
  { visitorData: { firstName: 'Ada' } },
);
valid('valid-no-cty', 'JWE header without cty', jwe(jws(claims()), { alg: 'RSA-OAEP-256', enc: 'A256GCM' }));
valid(
  'valid-platform-kid',
  'JWE kid names the platform key',
  jwe(jws(claims()), { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: kids.platform }),
  { policy: { platformKeys: ['platform-other', 'platform'] } },
);
valid(
  'valid-unknown-platform-kid',
  'an unknown JWE kid: every active platform key is tried',
  jwe(jws(claims()), { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'rotated-away' }),
  { policy: { platformKeys: ['platform-other', 'platform'] } },
);
valid('valid-brand-kid', 'JWS kid names a registered brand key', token(claims(), { alg: 'RS256', kid: kids.brand }), {
  policy: { brandKeys: ['brand-old', 'brand'] },
});
valid(
  'valid-unknown-brand-kid',
  "a JWS kid the project doesn't know: every active brand key is tried",
  token(claims(), { alg: 'RS256', kid: 'provider-label-7' }),
  { policy: { brandKeys: ['brand-old', 'brand'] } },
);
valid('valid-no-jti', 'no jti: single use rests on the signature alone', jwe(jws(without('jti'))));
valid(
  'valid-jku-x5u-jwk-ignored',
  'jku, x5u, x5c and an embedded jwk in both headers are ignored, never followed',
  jwe(
    jws(claims(), {
      alg: 'RS256',
      jku: 'https://attacker.example/jwks.json',
      x5u: 'https://attacker.example/cert.pem',
      jwk: publicKey('brand-other').export({ format: 'jwk' }),
    }),
    {
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      jku: 'https://attacker.example/jwks.json',
      x5u: 'https://attacker.example/x5u',
      x5c: ['MIIB'],
      jwk: publicKey('platform-other').export({ format: 'jwk' }),
    },
  ),
);
valid('valid-exp-edge', 'exp 29 s in the past is inside the 30 s skew', token(claims({ iat: NOW - 80, exp: NOW - 29 })));
valid('valid-lifetime-edge', 'exp exactly max lifetime + skew away', token(claims({ exp: NOW + 90 })));
valid('valid-iat-edge', 'iat and nbf 30 s ahead are inside the skew', token(claims({ iat: NOW + 30, nbf: NOW + 30 })));
valid(
  'valid-user-id-255-code-points',
  '255 astral code points (510 UTF-16 units) is the limit',
  token(claims({ [USER]: '😀'.repeat(255) })),
  { userId: '😀'.repeat(255) },
);
valid(
  'valid-control-characters-kept',
  'C0 controls other than U+0000 (a tab, a newline) and U+FFFD itself are text like any other, kept as written',
  token(claims({ [USER]: 'user\t42\ufffd', [DATA]: { address: '12 St James Square\nLondon' } })),
  { userId: 'user\t42\ufffd', visitorData: { address: '12 St James Square\nLondon' } },
);
valid('valid-other-accepted-issuer', 'an issuer the project added', token(claims({ iss: 'https://auth.brand.example' })), {
  policy: { acceptedIssuers: [ISS, 'https://auth.brand.example'] },
});

// CREDENTIALS_MALFORMED
invalid('malformed-empty', 'empty string', 'CREDENTIALS_MALFORMED', '');
invalid('malformed-plain-jws', 'a signed but unencrypted JWS', 'CREDENTIALS_MALFORMED', jws(claims()));
invalid('malformed-truncated', 'the last part cut off', 'CREDENTIALS_MALFORMED', token().split('.').slice(0, 4).join('.'));
invalid(
  'malformed-cut-in-half',
  'the string cut in the middle',
  'CREDENTIALS_MALFORMED',
  (() => {
    const t = token();
    return t.slice(0, t.indexOf('.') + 20);
  })(),
);
invalid('malformed-six-parts', 'an extra part', 'CREDENTIALS_MALFORMED', `${token()}.AAAA`);
invalid(
  'malformed-bad-base64url',
  'standard base64 characters in a part',
  'CREDENTIALS_MALFORMED',
  (() => {
    const p = token().split('.');
    p[3] = `${(p[3] as string).slice(0, 10)}+/${(p[3] as string).slice(12)}`;
    return p.join('.');
  })(),
);
invalid(
  'malformed-header-not-json',
  'the protected header is not JSON',
  'CREDENTIALS_MALFORMED',
  [b64('not json'), ...token().split('.').slice(1)].join('.'),
);
invalid(
  'malformed-header-array',
  'the protected header is a JSON array',
  'CREDENTIALS_MALFORMED',
  [b64('["RSA-OAEP-256"]'), ...token().split('.').slice(1)].join('.'),
);
invalid(
  'malformed-zip',
  'zip: DEF (compressed plaintext) is refused',
  'CREDENTIALS_MALFORMED',
  jwe(deflateRawSync(jws(claims())), { alg: 'RSA-OAEP-256', enc: 'A256GCM', zip: 'DEF' }),
);
invalid(
  'malformed-crit',
  'a crit header is refused',
  'CREDENTIALS_MALFORMED',
  jwe(jws(claims()), { alg: 'RSA-OAEP-256', enc: 'A256GCM', crit: ['exp'], exp: NOW + 60 }),
);
invalid(
  'malformed-oversized',
  'over 8 KiB',
  'CREDENTIALS_MALFORMED',
  token(claims({ [DATA]: { firstName: 'Ada', padding: 'x'.repeat(6000) } })),
);

// Algorithms
invalid(
  'alg-rsa1_5',
  'RSA1_5 key management (Bleichenbacher-prone)',
  'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM',
  encrypt({ alg: 'RSA1_5', enc: 'A256GCM' }, jws(claims()), publicKey('platform'), { wrap: 'pkcs1' }),
);
invalid(
  'alg-rsa-oaep-sha1',
  'RSA-OAEP (SHA-1)',
  'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM',
  jwe(jws(claims()), { alg: 'RSA-OAEP', enc: 'A256GCM' }),
);
invalid(
  'alg-dir',
  'dir: a shared symmetric key',
  'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM',
  encrypt({ alg: 'dir', enc: 'A256GCM' }, jws(claims()), publicKey('platform'), { wrap: 'none' }),
);
invalid(
  'alg-ecdh-es',
  'ECDH-ES key agreement',
  'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM',
  encrypt(
    { alg: 'ECDH-ES', enc: 'A256GCM', epk: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) },
    jws(claims()),
    publicKey('platform'),
    { wrap: 'none' },
  ),
);
invalid('alg-missing', 'no alg in the JWE header', 'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM', jwe(jws(claims()), { enc: 'A256GCM' }));
invalid(
  'enc-a128gcm',
  'A128GCM content encryption',
  'UNSUPPORTED_CONTENT_ENCRYPTION',
  encrypt({ alg: 'RSA-OAEP-256', enc: 'A128GCM' }, jws(claims()), publicKey('platform'), { cekBytes: 16 }),
);
invalid(
  'enc-cbc-hs',
  'A256CBC-HS512 content encryption',
  'UNSUPPORTED_CONTENT_ENCRYPTION',
  jwe(jws(claims()), { alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512' }),
);

// DECRYPTION_FAILED
invalid(
  'decrypt-other-platform-key',
  'encrypted for another platform key',
  'DECRYPTION_FAILED',
  jwe(jws(claims()), undefined, 'platform-other'),
);
invalid(
  'decrypt-kid-selects-other-key',
  'the JWE kid selects a known key that is not the one used',
  'DECRYPTION_FAILED',
  jwe(jws(claims()), { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: kids['platform-other'] }),
  { platformKeys: ['platform-other', 'platform'] },
);
invalid('decrypt-retired-key', 'encrypted for a key no longer active', 'DECRYPTION_FAILED', token(), { platformKeys: ['platform-other'] });
invalid('decrypt-tampered-ciphertext', 'one ciphertext character changed', 'DECRYPTION_FAILED', tamperSegment(token(), 3));
invalid('decrypt-tampered-tag', 'one tag character changed', 'DECRYPTION_FAILED', tamperSegment(token(), 4));
invalid('decrypt-tampered-iv', 'one IV character changed', 'DECRYPTION_FAILED', tamperSegment(token(), 2));
invalid('decrypt-tampered-encrypted-key', 'one encrypted-key character changed', 'DECRYPTION_FAILED', tamperSegment(token(), 1));
invalid(
  'decrypt-tampered-header',
  'protected header re-encoded with an added member (the AAD no longer matches)',
  'DECRYPTION_FAILED',
  (() => {
    const p = token().split('.');
    p[0] = json({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: 'x' });
    return p.join('.');
  })(),
);
invalid(
  'decrypt-short-iv',
  'an IV that is not 96 bits',
  'DECRYPTION_FAILED',
  (() => {
    const p = token().split('.');
    p[2] = b64(Buffer.alloc(8));
    return p.join('.');
  })(),
);

// NESTED_TOKEN_MALFORMED
invalid('nested-not-jws', 'the plaintext is not a JWS', 'NESTED_TOKEN_MALFORMED', jwe('hello, platform'));
invalid('nested-raw-json-claims', 'claims encrypted without a signature', 'NESTED_TOKEN_MALFORMED', jwe(JSON.stringify(claims())));
invalid('nested-payload-not-json', 'a JWS whose payload is not JSON', 'NESTED_TOKEN_MALFORMED', jwe(jws('plain text payload')));
invalid(
  'nested-jws-crit',
  'a crit header in the JWS',
  'NESTED_TOKEN_MALFORMED',
  jwe(jws(claims(), { alg: 'RS256', crit: ['b64'], b64: false })),
);

// UNSUPPORTED_SIGNATURE_ALGORITHM
invalid('sig-alg-none', 'alg none, no signature', 'UNSUPPORTED_SIGNATURE_ALGORITHM', jwe(signNone(claims())));
invalid(
  'sig-hs256-public-key-as-secret',
  'HS256 keyed with the brand public key PEM (key confusion)',
  'UNSUPPORTED_SIGNATURE_ALGORITHM',
  jwe(signHs256({ alg: 'HS256' }, claims(), Buffer.from(publicKey('brand').export({ type: 'spki', format: 'pem' }) as string))),
);
invalid('sig-ps256', 'PS256 (RSA-PSS) instead of RS256', 'UNSUPPORTED_SIGNATURE_ALGORITHM', jwe(jws(claims(), { alg: 'PS256' })));
invalid(
  'sig-es256',
  'ES256',
  'UNSUPPORTED_SIGNATURE_ALGORITHM',
  jwe(signRs256({ alg: 'ES256' }, claims(), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)),
);

// SIGNATURE_INVALID
invalid(
  'sig-unregistered-brand-key',
  'signed with a brand key the project does not have',
  'SIGNATURE_INVALID',
  jwe(jws(claims(), undefined, 'brand-other')),
);
invalid(
  'sig-tampered-payload',
  'claims changed after signing',
  'SIGNATURE_INVALID',
  jwe(
    (() => {
      const p = jws(claims()).split('.');
      p[1] = json(claims({ [USER]: 'admin' }));
      return p.join('.');
    })(),
  ),
);
invalid(
  'sig-kid-selects-other-key',
  'the JWS kid selects a registered key that did not sign it',
  'SIGNATURE_INVALID',
  token(claims(), { alg: 'RS256', kid: kids['brand-old'] }),
  { brandKeys: ['brand-old', 'brand'] },
);
invalid('sig-revoked-brand-key', 'signed with a key that is no longer active', 'SIGNATURE_INVALID', token(), { brandKeys: ['brand-old'] });

// Claims
invalid('iss-missing', 'no iss', 'ISSUER_MISSING', token(without('iss')));
invalid('iss-mismatch', 'an issuer the project does not accept', 'ISSUER_MISMATCH', token(claims({ iss: 'https://evil.example' })));
invalid('iss-number', 'iss as a number', 'ISSUER_MISMATCH', token(claims({ iss: 42 })));
invalid('exp-missing', 'no exp', 'EXPIRATION_MISSING', token(without('exp')));
invalid('exp-string', 'exp as a string', 'EXPIRATION_MISSING', token(claims({ exp: String(NOW + 60) })));
invalid('exp-past', 'expired 31 s ago', 'EXPIRED', token(claims({ iat: NOW - 91, exp: NOW - 31 })));
invalid('exp-skew-boundary', 'exp = now − 30 is expired', 'EXPIRED', token(claims({ iat: NOW - 90, exp: NOW - 30 })));
invalid('lifetime-too-long', 'exp 91 s away with a 60 s maximum', 'LIFETIME_TOO_LONG', token(claims({ exp: NOW + 91 })));
invalid('lifetime-project-setting', 'a 20 s maximum refuses a 60 s token', 'LIFETIME_TOO_LONG', token(), { maxTokenLifetimeSeconds: 20 });
invalid('iat-future', 'iat 31 s in the future', 'NOT_YET_VALID', token(claims({ iat: NOW + 31 })));
invalid('nbf-future', 'nbf 31 s in the future', 'NOT_YET_VALID', token(claims({ nbf: NOW + 31 })));
invalid('iat-string', 'iat as a string', 'NOT_YET_VALID', token(claims({ iat: 'yesterday' })));
invalid('user-id-missing', 'no userId at all', 'USER_ID_MISSING', token(without(USER)));
invalid(
  'user-id-unprefixed',
  'userId without the https://iadvize.com/ prefix',
  'USER_ID_MISSING',
  token(without(USER, { userId: 'user-42' })),
);
invalid('user-id-empty', 'an empty userId', 'USER_ID_INVALID', token(claims({ [USER]: '' })));
invalid('user-id-number', 'a numeric userId', 'USER_ID_INVALID', token(claims({ [USER]: 42 })));
invalid('user-id-256-code-points', '256 code points', 'USER_ID_INVALID', token(claims({ [USER]: 'é'.repeat(256) })));
invalid(
  'user-id-nul',
  'a userId holding U+0000, which no store keeps as written',
  'USER_ID_INVALID',
  token(claims({ [USER]: 'user\u000042' })),
);
invalid(
  'user-id-lone-high-surrogate',
  'a userId ending in a lone high surrogate: stored as U+FFFD, it would be the same user as user-id-lone-low-surrogate',
  'USER_ID_INVALID',
  token(claims({ [USER]: 'user-\ud800' })),
);
invalid(
  'user-id-lone-low-surrogate',
  'a userId ending in a lone low surrogate',
  'USER_ID_INVALID',
  token(claims({ [USER]: 'user-\udfff' })),
);
invalid('visitor-data-string', 'visitorData as a string', 'VISITOR_DATA_INVALID', token(claims({ [DATA]: 'Ada' })));
invalid('visitor-data-array', 'visitorData as an array', 'VISITOR_DATA_INVALID', token(claims({ [DATA]: ['Ada'] })));
invalid(
  'visitor-data-nested-known-field',
  'a known field holding a nested object',
  'VISITOR_DATA_INVALID',
  token(claims({ [DATA]: { email: { primary: 'ada@example.com' } } })),
);
invalid('visitor-data-number-field', 'a known field as a number', 'VISITOR_DATA_INVALID', token(claims({ [DATA]: { zipCode: 75001 } })));
invalid(
  'visitor-data-long-field',
  'a known field of 256 characters',
  'VISITOR_DATA_INVALID',
  token(claims({ [DATA]: { city: 'x'.repeat(256) } })),
);
invalid(
  'visitor-data-nul',
  'a known field holding U+0000',
  'VISITOR_DATA_INVALID',
  token(claims({ [DATA]: { firstName: 'Ada', city: 'Lon\u0000don' } })),
);
invalid(
  'visitor-data-lone-surrogate',
  'a known field holding a lone surrogate (a low one before a high one is no pair)',
  'VISITOR_DATA_INVALID',
  token(claims({ [DATA]: { lastName: 'Love\udc00\ud800lace' } })),
);

// Order: the first failing check wins
invalid(
  'order-issuer-before-expiry',
  'no iss and no exp: the issuer check runs first',
  'ISSUER_MISSING',
  token(without('iss', { exp: undefined })),
);
invalid(
  'order-expiry-before-user-id',
  'expired and without userId: expiry runs first',
  'EXPIRED',
  token(without(USER, { iat: NOW - 200, exp: NOW - 100 })),
);
invalid(
  'order-signature-before-claims',
  'bad signature and bad claims: the signature runs first',
  'SIGNATURE_INVALID',
  jwe(jws(without('iss'), undefined, 'brand-other')),
);

// Server scope: need project state; the token itself is valid
const serverVector = (
  name: string,
  description: string,
  reason: 'PROJECT_NOT_FOUND' | 'AUTHENTICATED_MODE_DISABLED' | 'NO_BRAND_KEY' | 'CREDENTIALS_REPLAYED' | 'RATE_LIMITED',
  project: NonNullable<CredentialsVector['project']>,
  policy?: CredentialsVector['policy'],
) =>
  vectors.push({
    name,
    description,
    scope: 'server',
    credentials: token(),
    project,
    ...(policy ? { policy } : {}),
    expected: { ok: false, reason },
  });
serverVector('server-rate-limited', 'the (IP, project) budget is spent: decided before parsing', 'RATE_LIMITED', { rateLimited: true });
serverVector('server-project-not-found', 'no project has this id', 'PROJECT_NOT_FOUND', { exists: false });
serverVector('server-authenticated-mode-off', 'the project has authenticated mode off', 'AUTHENTICATED_MODE_DISABLED', {
  authenticatedMode: false,
});
serverVector('server-no-brand-key', 'the project has no active brand key', 'NO_BRAND_KEY', { authenticatedMode: true }, { brandKeys: [] });
serverVector('server-replayed', 'the same credentials presented a second time', 'CREDENTIALS_REPLAYED', {
  authenticatedMode: true,
  alreadyUsed: true,
});
const reencrypted = jws(claims());
vectors.push({
  name: 'server-replayed-reencrypted',
  description: 'a captured JWS re-encrypted (new JWE) is still a replay',
  scope: 'server',
  credentials: jwe(reencrypted),
  project: { authenticatedMode: true, alreadyUsed: true },
  expected: { ok: false, reason: 'CREDENTIALS_REPLAYED' },
});
vectors.push({
  name: 'server-replayed-reencrypted-first',
  description: 'the first encryption of that JWS (present it before server-replayed-reencrypted)',
  scope: 'server',
  credentials: jwe(reencrypted),
  project: { authenticatedMode: true },
  expected: { ok: true, userId: 'user-42', visitorData: null, platformKeyId: kids.platform, brandKeyId: kids.brand },
});

const file: VectorFile = { now: NOW, kids, vectors };
writeFileSync(VECTORS_PATH, `${JSON.stringify(file, null, 2)}\n`);
console.log(`${vectors.length} vectors written to ${VECTORS_PATH}`);
