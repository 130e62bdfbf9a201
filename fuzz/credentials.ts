/**
 * Credentials for `visitorAuthenticateFromCredentials` (and the admins' test mutation): recipes
 * that lib/credential-builder.ts turns into tokens at run time (times are relative to the moment
 * the token is made, keys are the fixture's), each with the outcome lib/credential-model.ts
 * predicts from spec §2.6. Nearly all must be refused, with the reason code of the first check
 * that fails; the few that are valid (ignored headers, unknown fields) must be accepted exactly once.
 */
import fc from 'fast-check';
import type { SignatureMode } from './lib/jose-parts.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A claim or header field: left out, a time relative to now (seconds), or a JSON value as is. */
export type FieldValue = { absent: true } | { relative: number } | { value: Json };

export interface ClaimsSpec {
  iss: FieldValue;
  exp: FieldValue;
  nbf: FieldValue;
  iat: FieldValue;
  userId: FieldValue;
  /** Adds an unprefixed `userId` claim (a common integration mistake). */
  unprefixedUserId: boolean;
  visitorData: FieldValue;
  /** A fresh random string or number, or left out (then a unique `x-fuzz-nonce` claim keeps the signature unique). */
  jti: 'string' | 'number' | 'absent';
  /** More claims, written after the others: duplicates of the checked ones and `__proto__` included. */
  extra: [string, Json][];
  /** Characters of an `x-fuzz-padding` claim: tokens near and over the 8 KiB limit. */
  padding: number;
}

export interface JweHeaderSpec {
  alg: FieldValue;
  enc: FieldValue;
  kid: 'absent' | 'platform' | 'random' | 'number';
  cty: FieldValue;
  zip: FieldValue;
  crit: FieldValue;
  /** URLs and keys the server must ignore, never follow (spec §2.1): jku and x5u point at the fuzzer's trap. */
  jku: boolean;
  x5u: boolean;
  jwk: boolean;
  x5c: boolean;
}

export interface JwsHeaderSpec {
  alg: FieldValue;
  kid: 'absent' | 'own' | 'otherProject' | 'random';
  typ: FieldValue;
  crit: FieldValue;
  b64: FieldValue;
  jku: boolean;
  jwk: boolean;
}

export type SignerKey = 'main' | 'other' | 'unregistered';
/** Whom the JWE is sealed for: the platform key, an unknown key, or the platform key under another header than the one sent. */
export type Sealer = 'platform' | 'foreign' | 'headerSwappedAfter';

export type Mangle =
  | { kind: 'truncate'; keep: number }
  | { kind: 'bitflip'; part: number; at: number; bit: number }
  | { kind: 'replaceChar'; at: number; char: string }
  | { kind: 'insertChar'; at: number; char: string }
  | { kind: 'swapParts'; a: number; b: number }
  | { kind: 'dropPart'; part: number }
  | { kind: 'duplicatePart'; part: number }
  | { kind: 'emptyPart'; part: number }
  | { kind: 'appendPadding'; part: number }
  | { kind: 'upperCase'; part: number }
  | { kind: 'wrap'; before: string; after: string }
  | { kind: 'nonCanonical'; part: number }
  | { kind: 'repeat'; times: number };

export type NestedPlaintext =
  | 'jwe'
  | 'claimsJson'
  | 'twoParts'
  | 'fourParts'
  | 'randomBytes'
  | 'empty'
  | 'headerNotJson'
  | 'payloadNotJson'
  | 'payloadArray'
  | 'jwsWithCrit'
  | 'jwsJsonSerialization'
  | 'paddedWithSpaces';

export type Recipe =
  | { kind: 'valid' }
  | { kind: 'built'; claims: ClaimsSpec; jws: JwsHeaderSpec; jwe: JweHeaderSpec; signer: SignerKey; mode: SignatureMode; sealer: Sealer }
  | { kind: 'mangled'; mangle: Mangle }
  | { kind: 'nested'; plaintext: NestedPlaintext }
  | { kind: 'bare'; what: 'jws' | 'claims' | 'jweJson' }
  | { kind: 'replay'; how: 'same' | 'reencrypted' | 'sameJti' }
  | { kind: 'garbage'; text: string };

export type ProjectChoice = 'main' | 'other' | 'modeOff' | 'noKey' | { unknownId: string };

export interface CredentialCase {
  project: ProjectChoice;
  /** `test`: the admins' testVisitorAuthenticateFromCredentials, which verifies without consuming. */
  route: 'activate' | 'test';
  /** The visitor bearer of an activation: none, a string that is no token, or a genuine anonymous session (then signed in). */
  bearer: 'none' | 'garbage' | 'visitor';
  currentVuid: string | null;
  recipe: Recipe;
}

const absent: FieldValue = { absent: true };
const value = (json: Json): FieldValue => ({ value: json });
const relative = (arb: fc.Arbitrary<number>) => arb.map((seconds): FieldValue => ({ relative: seconds }));

/** Strings of every kind a claim may hold: control characters, lone surrogates, astral characters, long ones. */
const oddString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\ud800', 'a\udfffb', '🔒'.repeat(255), '🔒'.repeat(256), 'x'.repeat(255), 'x'.repeat(256), ' ', '\u202e'),
  fc.nat(3000).map((n) => 'u'.repeat(n)),
);
const jsonOdd: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53, '', [], {}, ['x'], { a: 1 }),
  oddString,
  fc.integer(),
);

const timeClaim = (good: fc.Arbitrary<number>, bad: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 6, arbitrary: relative(good) },
    { weight: 2, arbitrary: relative(bad) },
    { weight: 1, arbitrary: fc.constant(absent) },
    { weight: 1, arbitrary: jsonOdd.map(value) },
  );

const claimsSpec: fc.Arbitrary<ClaimsSpec> = fc.record({
  iss: fc.oneof(
    { weight: 8, arbitrary: fc.constant(value('https://livechat.iadvize.com')) },
    { weight: 1, arbitrary: fc.constant(absent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('https://livechat.iadvize.com/', 'HTTPS://LIVECHAT.IADVIZE.COM', 'https://evil.example').map(value),
    },
    { weight: 1, arbitrary: jsonOdd.map(value) },
  ),
  // Good: within the lifetime (60 s + 30 s of skew) with a margin; bad: expired or too far away.
  exp: timeClaim(
    fc.integer({ min: -20, max: 80 }),
    fc.oneof(fc.integer({ min: -(10 ** 9), max: -35 }), fc.integer({ min: 95, max: 10 ** 9 })),
  ),
  nbf: fc.oneof(
    { weight: 4, arbitrary: fc.constant(absent) },
    { weight: 2, arbitrary: timeClaim(fc.integer({ min: -(10 ** 6), max: 25 }), fc.integer({ min: 35, max: 10 ** 9 })) },
  ),
  iat: fc.oneof(
    { weight: 2, arbitrary: fc.constant(absent) },
    { weight: 4, arbitrary: timeClaim(fc.integer({ min: -(10 ** 6), max: 25 }), fc.integer({ min: 35, max: 10 ** 9 })) },
  ),
  userId: fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map((id) => value(`fuzz-${id}`)) },
    { weight: 1, arbitrary: fc.constant(absent) },
    { weight: 3, arbitrary: oddString.map(value) },
    { weight: 1, arbitrary: jsonOdd.map(value) },
  ),
  unprefixedUserId: fc.boolean(),
  visitorData: fc.oneof(
    { weight: 3, arbitrary: fc.constant(absent) },
    {
      weight: 4,
      arbitrary: fc
        .dictionary(
          fc.constantFrom(
            'firstName',
            'lastName',
            'address',
            'zipCode',
            'city',
            'country',
            'phoneNumber',
            'email',
            'ssn',
            '__proto__',
            'constructor',
          ),
          fc.oneof({ weight: 4, arbitrary: oddString }, { weight: 1, arbitrary: jsonOdd }),
          { maxKeys: 5 },
        )
        .map((data) => value(data as Json)),
    },
    { weight: 1, arbitrary: jsonOdd.map(value) },
  ),
  jti: fc.constantFrom('string', 'string', 'string', 'number', 'absent'),
  extra: fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'iss',
          'exp',
          'nbf',
          'https://iadvize.com/userId',
          '__proto__',
          'aud',
          'sub',
          'constructor',
          'https://iadvize.com/visitorData',
        ),
        fc.string({ maxLength: 12 }),
      ),
      jsonOdd,
    ),
    { maxLength: 3 },
  ),
  padding: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 4000, max: 6500 }) }),
});

const headerValue = (good: string, odd: readonly Json[]) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(value(good)) },
    { weight: 1, arbitrary: fc.constant(absent) },
    { weight: 2, arbitrary: fc.constantFrom(...odd).map(value) },
  );
/** True about one time in nine. */
const sometimes = fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
const rarely = (arb: fc.Arbitrary<FieldValue>) => fc.oneof({ weight: 12, arbitrary: fc.constant(absent) }, { weight: 1, arbitrary: arb });

const jweHeaderSpec: fc.Arbitrary<JweHeaderSpec> = fc.record({
  alg: headerValue('RSA-OAEP-256', ['RSA1_5', 'RSA-OAEP', 'rsa-oaep-256', 'dir', 'ECDH-ES', 'A256KW', 'none', null, 256]),
  enc: headerValue('A256GCM', ['A128GCM', 'A256CBC-HS512', 'a256gcm', null, 1]),
  kid: fc.constantFrom('absent', 'platform', 'platform', 'random', 'number'),
  cty: fc.oneof(fc.constant(value('JWT')), fc.constant(absent), fc.constantFrom<Json>('JWE', 'application/json', 7).map(value)),
  zip: rarely(fc.constantFrom<Json>('DEF', null, '', 0).map(value)),
  crit: rarely(fc.constantFrom<Json>(['exp'], [], 'b64', null).map(value)),
  jku: sometimes,
  x5u: sometimes,
  jwk: sometimes,
  x5c: sometimes,
});

const jwsHeaderSpec: fc.Arbitrary<JwsHeaderSpec> = fc.record({
  alg: headerValue('RS256', ['none', 'None', 'HS256', 'ES256', 'PS256', 'RS512', 'rs256', null, '']),
  kid: fc.constantFrom('absent', 'own', 'own', 'otherProject', 'random'),
  typ: fc.oneof(fc.constant(absent), fc.constant(value('JWT')), jsonOdd.map(value)),
  crit: rarely(fc.constantFrom<Json>(['b64'], [], 'exp').map(value)),
  b64: rarely(fc.constantFrom<Json>(false, true).map(value)),
  jku: sometimes,
  jwk: sometimes,
});

const built: fc.Arbitrary<Recipe> = fc.record({
  kind: fc.constant('built' as const),
  claims: claimsSpec,
  jws: jwsHeaderSpec,
  jwe: jweHeaderSpec,
  signer: fc.constantFrom<SignerKey>('main', 'main', 'main', 'main', 'other', 'unregistered'),
  mode: fc.constantFrom<SignatureMode>('rs256', 'rs256', 'rs256', 'rs256', 'ps256', 'hmacWithPublicPem', 'empty', 'truncated'),
  sealer: fc.constantFrom<Sealer>('platform', 'platform', 'platform', 'platform', 'foreign', 'headerSwappedAfter'),
});

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const part = fc.nat(4);
const char = fc.oneof(
  fc.constantFrom('A', 'z', '0', '-', '_', '.', '=', '+', '/', ' ', '\n', '\u0000', 'é', '🔒', '%', '\\'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

const mangle: fc.Arbitrary<Mangle> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), keep: fraction }),
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('bitflip' as const), part, at: fraction, bit: fc.nat(7) }) },
  fc.record({ kind: fc.constant('replaceChar' as const), at: fraction, char }),
  fc.record({ kind: fc.constant('insertChar' as const), at: fraction, char }),
  fc.record({ kind: fc.constant('swapParts' as const), a: part, b: part }).filter(({ a, b }) => a !== b),
  fc.record({ kind: fc.constant('dropPart' as const), part }),
  fc.record({ kind: fc.constant('duplicatePart' as const), part }),
  fc.record({ kind: fc.constant('emptyPart' as const), part }),
  fc.record({ kind: fc.constant('appendPadding' as const), part }),
  fc.record({ kind: fc.constant('upperCase' as const), part }),
  fc.record({
    kind: fc.constant('wrap' as const),
    before: fc.constantFrom('', ' ', '\n', '"', 'Bearer '),
    after: fc.constantFrom('', ' ', '\n', '"', '.'),
  }),
  fc.record({ kind: fc.constant('nonCanonical' as const), part: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 4 }) }),
);

const garbage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(fc.base64String({ maxLength: 60 }), { minLength: 5, maxLength: 5 })
    .map((parts) => parts.join('.').replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')),
  fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/), { minLength: 1, maxLength: 7 }).map((parts) => parts.join('.')),
  fc.constantFrom('', '.', '....', '.....', 'null', 'undefined', '{}', 'eyJ.eyJ.eyJ.eyJ.eyJ'),
  fc.integer({ min: 8000, max: 12000 }).map((n) => 'A'.repeat(n)),
);

export const recipe: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Recipe>({ kind: 'valid' }) },
  { weight: 10, arbitrary: built },
  { weight: 8, arbitrary: mangle.map((m): Recipe => ({ kind: 'mangled', mangle: m })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<NestedPlaintext>(
        'jwe',
        'claimsJson',
        'twoParts',
        'fourParts',
        'randomBytes',
        'empty',
        'headerNotJson',
        'payloadNotJson',
        'payloadArray',
        'jwsWithCrit',
        'jwsJsonSerialization',
        'paddedWithSpaces',
      )
      .map((plaintext): Recipe => ({ kind: 'nested', plaintext })),
  },
  { weight: 1, arbitrary: fc.constantFrom('jws', 'claims', 'jweJson').map((what): Recipe => ({ kind: 'bare', what })) },
  { weight: 1, arbitrary: fc.constantFrom('same', 'reencrypted', 'sameJti').map((how): Recipe => ({ kind: 'replay', how })) },
  { weight: 2, arbitrary: garbage.map((text): Recipe => ({ kind: 'garbage', text })) },
);

const project: fc.Arbitrary<ProjectChoice> = fc.oneof(
  { weight: 16, arbitrary: fc.constant<ProjectChoice>('main') },
  { weight: 1, arbitrary: fc.constantFrom<ProjectChoice>('other', 'modeOff', 'noKey') },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('', ' ', "' OR 1=1 --", 'prj_', '\u0000'),
        fc.nat(20_000).map((n) => 'p'.repeat(n)),
      )
      .map((unknownId): ProjectChoice => ({ unknownId })),
  },
);

export const credentialCases: fc.Arbitrary<CredentialCase> = fc.record({
  project,
  route: fc.constantFrom('activate', 'activate', 'activate', 'test'),
  bearer: fc.constantFrom('none', 'none', 'none', 'garbage', 'visitor'),
  currentVuid: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.uuid()), { nil: null }),
  recipe,
});
