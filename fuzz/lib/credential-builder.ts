/**
 * Turns a credential recipe (fuzz/credentials.ts) into the tokens to present, each with the outcome
 * lib/credential-model.ts predicts. Times are relative to `now`; every token that could be accepted
 * carries a fresh jti or nonce, so it is never a replay of another case.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject, randomBytes, randomInt } from 'node:crypto';
import { CLAIMS, DEFAULT_ISSUER } from '@parley/protocol';
import type {
  ClaimsSpec,
  FieldValue,
  Json,
  JweHeaderSpec,
  JwsHeaderSpec,
  Mangle,
  NestedPlaintext,
  ProjectChoice,
  Recipe,
} from '../credentials.js';
import { decodedParts, type Expected, expectedOutcome, type ProjectState } from './credential-model.js';
import type { Fixture, KeyPairPem } from './fixture.js';
import { b64u, encryptJwe, signJws } from './jose-parts.js';

interface KeyPair {
  kid: string;
  privateKey: KeyObject;
  publicPem: string;
  publicJwk: JsonWebKey;
}

export interface BuilderKeys {
  brand: { main: KeyPair; other: KeyPair; unregistered: KeyPair };
  platform: { kid: string; publicKey: KeyObject };
  foreignPlatform: KeyObject;
  /** Where jku and x5u point: a listener that counts the requests (there must be none). */
  trapUrl: string;
}

/** A token and what it decrypts to with the platform key (null: it does not decrypt). */
export interface Sealed {
  token: string;
  sealed: Buffer | null;
}

export interface Presentation {
  token: string;
  expected: Expected;
  /** The userId the session of an accepted presentation must carry. */
  userId: string | null;
}

const pair = (pem: KeyPairPem): KeyPair => {
  const publicKey = createPublicKey(pem.publicPem);
  return {
    kid: pem.kid,
    privateKey: createPrivateKey(pem.privatePem),
    publicPem: pem.publicPem,
    publicJwk: publicKey.export({ format: 'jwk' }),
  };
};

export function builderKeys(fixture: Fixture, trapUrl: string): BuilderKeys {
  return {
    brand: { main: pair(fixture.brandKeys.main), other: pair(fixture.brandKeys.other), unregistered: pair(fixture.brandKeys.unregistered) },
    platform: { kid: fixture.platform.kid, publicKey: createPublicKey(fixture.platform.publicPem) },
    foreignPlatform: createPublicKey(fixture.foreignPlatform.publicPem),
    trapUrl,
  };
}

/** JSON text of an object given as entries, so keys may repeat and `__proto__` stays a plain key. */
function objectText(entries: readonly [string, unknown][]): string {
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${JSON.stringify(item)}`).join(',')}}`;
}

function field(name: string, spec: FieldValue, now: number): [string, Json][] {
  if ('absent' in spec) return [];
  if ('relative' in spec) return [[name, now + spec.relative]];
  return [[name, spec.value]];
}

const uniqueId = () => randomBytes(16).toString('base64url');

function claimsText(spec: ClaimsSpec, now: number, jti?: string): string {
  const entries: [string, Json][] = [
    ...field('iss', spec.iss, now),
    ...field('iat', spec.iat, now),
    ...field('nbf', spec.nbf, now),
    ...field('exp', spec.exp, now),
    ...field(CLAIMS.userId, spec.userId, now),
    ...field(CLAIMS.visitorData, spec.visitorData, now),
  ];
  if (spec.unprefixedUserId) entries.push(['userId', 'fuzz-unprefixed']);
  if (jti !== undefined) entries.push(['jti', jti], ['x-fuzz-nonce', uniqueId()]);
  else if (spec.jti === 'string') entries.push(['jti', uniqueId()]);
  else if (spec.jti === 'number') entries.push(['jti', randomInt(2 ** 47)]);
  else entries.push(['x-fuzz-nonce', uniqueId()]);
  // A jti among the extras could repeat across cases and make a later one a replay.
  entries.push(...spec.extra.filter(([key]) => key !== 'jti'));
  if (spec.padding > 0) entries.push(['x-fuzz-padding', 'p'.repeat(spec.padding)]);
  return objectText(entries);
}

const GOOD_CLAIMS: ClaimsSpec = {
  iss: { value: DEFAULT_ISSUER },
  exp: { relative: 60 },
  nbf: { absent: true },
  iat: { relative: 0 },
  userId: { value: 'fuzz-user' },
  unprefixedUserId: false,
  visitorData: { value: { firstName: 'Ada', email: 'ada@example.com' } },
  jti: 'string',
  extra: [],
  padding: 0,
};

function jweHeaderText(spec: JweHeaderSpec, keys: BuilderKeys): string {
  const entries: [string, Json][] = [...field('alg', spec.alg, 0), ...field('enc', spec.enc, 0), ...field('cty', spec.cty, 0)];
  if (spec.kid === 'platform') entries.push(['kid', keys.platform.kid]);
  if (spec.kid === 'random') entries.push(['kid', uniqueId()]);
  if (spec.kid === 'number') entries.push(['kid', 12345]);
  entries.push(...field('zip', spec.zip, 0), ...field('crit', spec.crit, 0));
  if (spec.jku) entries.push(['jku', `${keys.trapUrl}/jwe-jku.json`]);
  if (spec.x5u) entries.push(['x5u', `${keys.trapUrl}/jwe-x5u.pem`]);
  if (spec.jwk) entries.push(['jwk', keys.foreignPlatform.export({ format: 'jwk' }) as Json]);
  if (spec.x5c) entries.push(['x5c', ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA']]);
  return objectText(entries);
}

function jwsHeaderText(spec: JwsHeaderSpec, keys: BuilderKeys): string {
  const entries: [string, Json][] = [...field('alg', spec.alg, 0), ...field('typ', spec.typ, 0)];
  if (spec.kid === 'own') entries.push(['kid', keys.brand.main.kid]);
  if (spec.kid === 'otherProject') entries.push(['kid', keys.brand.other.kid]);
  if (spec.kid === 'random') entries.push(['kid', uniqueId()]);
  entries.push(...field('crit', spec.crit, 0), ...field('b64', spec.b64, 0));
  if (spec.jku) entries.push(['jku', `${keys.trapUrl}/jws-jku.json`]);
  if (spec.jwk) entries.push(['jwk', keys.brand.unregistered.publicJwk as Json]);
  return objectText(entries);
}

const defaultJweHeader = (keys: BuilderKeys) =>
  objectText([
    ['alg', 'RSA-OAEP-256'],
    ['enc', 'A256GCM'],
    ['cty', 'JWT'],
    ['kid', keys.platform.kid],
  ]);
const defaultJwsHeader = (keys: BuilderKeys) =>
  objectText([
    ['alg', 'RS256'],
    ['typ', 'JWT'],
    ['kid', keys.brand.main.kid],
  ]);

/** A valid JWS of the main brand key, with a fresh jti unless one is given. */
function goodJws(keys: BuilderKeys, now: number, jti?: string): string {
  const brand = keys.brand.main;
  return signJws(defaultJwsHeader(keys), claimsText(GOOD_CLAIMS, now, jti), brand.privateKey, brand.publicPem, 'rs256');
}

const seal = (keys: BuilderKeys, plaintext: string | Buffer): Sealed => ({
  token: encryptJwe(defaultJweHeader(keys), plaintext, keys.platform.publicKey),
  sealed: Buffer.from(plaintext),
});

/** A valid credential of the main project, sealed for the platform key. */
export function goodCredential(keys: BuilderKeys, now: number): Sealed {
  return seal(keys, goodJws(keys, now));
}

/** A valid credential for `userId`, from PEM keys (the fixture's setup and the well-behaved client's fallback). */
export function validCredential(options: { brandKey: KeyPairPem; platformPem: string; userId: string }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = objectText([
    ['alg', 'RS256'],
    ['kid', options.brandKey.kid],
  ]);
  const claims = claimsText({ ...GOOD_CLAIMS, userId: { value: options.userId } }, now);
  const jws = signJws(header, claims, createPrivateKey(options.brandKey.privatePem), options.brandKey.publicPem, 'rs256');
  return encryptJwe(
    objectText([
      ['alg', 'RSA-OAEP-256'],
      ['enc', 'A256GCM'],
      ['cty', 'JWT'],
    ]),
    jws,
    createPublicKey(options.platformPem),
  );
}

function built(recipe: Extract<Recipe, { kind: 'built' }>, keys: BuilderKeys, now: number): Sealed {
  const signer = keys.brand[recipe.signer];
  const jws = signJws(jwsHeaderText(recipe.jws, keys), claimsText(recipe.claims, now), signer.privateKey, signer.publicPem, recipe.mode);
  const header = jweHeaderText(recipe.jwe, keys);
  if (recipe.sealer === 'foreign') return { token: encryptJwe(header, jws, keys.foreignPlatform), sealed: null };
  if (recipe.sealer === 'platform') return { token: encryptJwe(header, jws, keys.platform.publicKey), sealed: Buffer.from(jws) };
  // Sealed under the default header, sent under this one: the same header decrypts, any other does not.
  const sealedUnder = defaultJweHeader(keys);
  return { token: encryptJwe(header, jws, keys.platform.publicKey, sealedUnder), sealed: header === sealedUnder ? Buffer.from(jws) : null };
}

function nested(what: NestedPlaintext, keys: BuilderKeys, now: number): Sealed {
  const jws = goodJws(keys, now);
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const brand = keys.brand.main;
  const signed = (headerJson: string, payloadJson: string) => signJws(headerJson, payloadJson, brand.privateKey, brand.publicPem, 'rs256');
  const plaintexts: Record<NestedPlaintext, () => string | Buffer> = {
    jwe: () => goodCredential(keys, now).token,
    claimsJson: () => claimsText(GOOD_CLAIMS, now),
    twoParts: () => `${header}.${payload}`,
    fourParts: () => `${jws}.${signature}`,
    randomBytes: () => randomBytes(64),
    empty: () => '',
    headerNotJson: () => `${b64u('not json')}.${payload}.${signature}`,
    payloadNotJson: () => signed(defaultJwsHeader(keys), 'nope'),
    payloadArray: () => signed(defaultJwsHeader(keys), '[1,2,3]'),
    jwsWithCrit: () =>
      signed(
        objectText([
          ['alg', 'RS256'],
          ['crit', ['exp']],
          ['exp', now + 60],
        ]),
        claimsText(GOOD_CLAIMS, now),
      ),
    jwsJsonSerialization: () => JSON.stringify({ protected: header, payload, signature }),
    paddedWithSpaces: () => ` ${jws} `,
  };
  return seal(keys, plaintexts[what]());
}

function bare(what: 'jws' | 'claims' | 'jweJson', keys: BuilderKeys, now: number): Sealed {
  if (what === 'jws') return { token: goodJws(keys, now), sealed: null };
  if (what === 'claims') return { token: claimsText(GOOD_CLAIMS, now), sealed: null };
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = goodCredential(keys, now).token.split('.');
  return { token: JSON.stringify({ protected: protectedHeader, encrypted_key: encryptedKey, iv, ciphertext, tag }), sealed: null };
}

const at = (text: string, fraction: number) => Math.min(text.length, Math.floor(fraction * (text.length + 1)));
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes written differently: the unused low bits of the last character set (when the part has any). */
function nonCanonical(part: string): string {
  const unusedBits = part.length % 4 === 2 ? 4 : part.length % 4 === 3 ? 2 : 0;
  if (unusedBits === 0 || part.length === 0) return part;
  const last = B64.indexOf(part[part.length - 1] as string);
  return part.slice(0, -1) + (B64[last | ((1 << unusedBits) - 1)] as string);
}

function mangled(mangle: Mangle, base: Sealed): string {
  const token = base.token;
  const parts = token.split('.');
  const index = (part: number) => part % parts.length;
  const withPart = (part: number, change: (text: string) => string) =>
    parts.map((text, i) => (i === index(part) ? change(text) : text)).join('.');
  switch (mangle.kind) {
    case 'truncate':
      return token.slice(0, Math.floor(mangle.keep * token.length));
    case 'bitflip':
      return withPart(mangle.part, (text) => {
        const bytes = Buffer.from(text, 'base64url');
        if (bytes.length === 0) return text;
        const i = Math.min(bytes.length - 1, Math.floor(mangle.at * bytes.length));
        bytes[i] = (bytes[i] as number) ^ (1 << mangle.bit);
        return b64u(bytes);
      });
    case 'replaceChar': {
      const i = Math.min(token.length - 1, at(token, mangle.at));
      return token.slice(0, i) + mangle.char + token.slice(i + 1);
    }
    case 'insertChar': {
      const i = at(token, mangle.at);
      return token.slice(0, i) + mangle.char + token.slice(i);
    }
    case 'swapParts': {
      const swapped = [...parts];
      swapped[index(mangle.a)] = parts[index(mangle.b)] as string;
      swapped[index(mangle.b)] = parts[index(mangle.a)] as string;
      return swapped.join('.');
    }
    case 'dropPart':
      return parts.filter((_, i) => i !== index(mangle.part)).join('.');
    case 'duplicatePart':
      return parts.flatMap((text, i) => (i === index(mangle.part) ? [text, text] : [text])).join('.');
    case 'emptyPart':
      return withPart(mangle.part, () => '');
    case 'appendPadding':
      return withPart(mangle.part, (text) => `${text}==`);
    case 'upperCase':
      return withPart(mangle.part, (text) => text.toUpperCase());
    case 'wrap':
      return `${mangle.before}${token}${mangle.after}`;
    case 'nonCanonical':
      return withPart(mangle.part, nonCanonical);
    case 'repeat':
      return Array.from({ length: mangle.times }, () => token).join('.');
  }
}

/** What a mangled token decrypts to: the base's plaintext when it is the same JWE written alike or differently, else nothing. */
function mangledSealed(token: string, base: Sealed): Buffer | null {
  const before = decodedParts(base.token);
  const after = decodedParts(token);
  if (!before || !after || token.split('.')[0] !== base.token.split('.')[0]) return null;
  return after.every((part, i) => part.equals(before[i] as Buffer)) ? base.sealed : null;
}

function present(project: ProjectState, token: string, sealed: Buffer | null, now: number): Presentation {
  const expected = expectedOutcome(project, token, sealed, now);
  return { token, expected, userId: expected.accept ? claimedUserId(sealed) : null };
}

/** The userId the JWS in `sealed` names. */
function claimedUserId(sealed: Buffer | null): string | null {
  const payload = sealed?.toString('utf8').split('.')[1];
  if (payload === undefined) return null;
  const userId = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)[CLAIMS.userId];
  return typeof userId === 'string' ? userId : null;
}

export function projectState(choice: ProjectChoice, keys: BuilderKeys): ProjectState {
  if (typeof choice === 'object') return { kind: 'refuses', reason: 'PROJECT_NOT_FOUND' };
  if (choice === 'modeOff') return { kind: 'refuses', reason: 'AUTHENTICATED_MODE_DISABLED' };
  if (choice === 'noKey') return { kind: 'refuses', reason: 'NO_BRAND_KEY' };
  return { kind: 'verifies', brandPublicPem: keys.brand[choice].publicPem };
}

/**
 * The tokens of a case in the order they are presented, each with its expected outcome. `base` is
 * a shared valid credential for mangles that cannot be accepted; one that could is redone on a
 * fresh credential, so that no case consumes another's.
 */
export function presentations(recipe: Recipe, project: ProjectState, consumes: boolean, keys: BuilderKeys, base: Sealed): Presentation[] {
  const now = Math.floor(Date.now() / 1000);
  const one = (sealed: Sealed): Presentation[] => [present(project, sealed.token, sealed.sealed, now)];
  switch (recipe.kind) {
    case 'valid':
      return one(goodCredential(keys, now));
    case 'built':
      return one(built(recipe, keys, now));
    case 'nested':
      return one(nested(recipe.plaintext, keys, now));
    case 'bare':
      return one(bare(recipe.what, keys, now));
    case 'garbage':
      return one({ token: recipe.text, sealed: null });
    case 'mangled': {
      const from = (sealed: Sealed) => {
        const token = mangled(recipe.mangle, sealed);
        return present(project, token, mangledSealed(token, sealed), now);
      };
      const shared = from(base);
      return [shared.expected.accept ? from(goodCredential(keys, now)) : shared];
    }
    case 'replay': {
      const jti = uniqueId();
      const firstJws = goodJws(keys, now, jti);
      const first = seal(keys, firstJws);
      // The same token again, the same JWS sealed again, or another JWS with the same jti.
      const second = recipe.how === 'same' ? first : seal(keys, recipe.how === 'reencrypted' ? firstJws : goodJws(keys, now, jti));
      const [a, b] = [...one(first), ...one(second)] as [Presentation, Presentation];
      // A second presentation of what the first consumed is a replay.
      const replayed: Presentation = { token: b.token, expected: { accept: false, reason: 'CREDENTIALS_REPLAYED' }, userId: null };
      return consumes && a.expected.accept && b.expected.accept ? [a, replayed] : [a, b];
    }
  }
}
