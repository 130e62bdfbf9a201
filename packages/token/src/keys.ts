import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { MIN_RSA_MODULUS_BITS } from '@parley/protocol/constants';
import { TokenInputError } from './errors.js';

/** A key as a brand has it: PEM, bare base64 DER SPKI/PKCS#8, JWK (object or JSON text), or a KeyObject. */
export type KeyInput = string | KeyObject | Record<string, unknown>;

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

type Parsed = { kind: 'public' | 'private'; key: KeyObject };

function isKeyObject(input: KeyInput): input is KeyObject {
  return typeof input === 'object' && input !== null && 'asymmetricKeyType' in input && 'export' in input;
}

function parseJwk(jwk: Record<string, unknown>, label: string): Parsed {
  const isPrivate = PRIVATE_JWK_MEMBERS.some((member) => member in jwk);
  try {
    const spec = { key: jwk as JsonWebKey, format: 'jwk' as const };
    return isPrivate ? { kind: 'private', key: createPrivateKey(spec) } : { kind: 'public', key: createPublicKey(spec) };
  } catch {
    throw new TokenInputError('KEY_INVALID', `${label} is not a valid RSA JWK (it needs kty "RSA", n and e).`);
  }
}

function parsePem(pem: string, label: string): Parsed {
  const isPrivate = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem);
  try {
    return isPrivate ? { kind: 'private', key: createPrivateKey(pem) } : { kind: 'public', key: createPublicKey(pem) };
  } catch {
    throw new TokenInputError('KEY_INVALID', `${label} is not a readable PEM key (expected "BEGIN PUBLIC KEY" or "BEGIN PRIVATE KEY").`);
  }
}

function parseBase64Der(text: string, label: string): Parsed {
  const der = Buffer.from(text.replace(/\s+/g, ''), text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  try {
    return { kind: 'public', key: createPublicKey({ key: der, format: 'der', type: 'spki' }) };
  } catch {
    try {
      return { kind: 'private', key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
    } catch {
      throw new TokenInputError('KEY_INVALID', `${label} is not a base64 DER SPKI or PKCS#8 key.`);
    }
  }
}

function parseKey(input: KeyInput, label: string): Parsed {
  if (isKeyObject(input)) {
    return { kind: input.type === 'private' ? 'private' : 'public', key: input };
  }
  if (typeof input === 'object' && input !== null) return parseJwk(input, label);
  if (typeof input !== 'string' || input.trim() === '') {
    throw new TokenInputError('KEY_INVALID', `${label} is missing: pass a PEM, base64 DER or JWK key.`);
  }
  const text = input.trim();
  if (text.startsWith('-----BEGIN')) return parsePem(text, label);
  if (text.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      throw new TokenInputError('KEY_INVALID', `${label} looks like JSON but does not parse as a JWK.`);
    }
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
      throw new TokenInputError('KEY_INVALID', `${label} must be a JWK object.`);
    }
    return parseJwk(jwk as Record<string, unknown>, label);
  }
  if (BASE64.test(text.replace(/\s+/g, ''))) return parseBase64Der(text, label);
  throw new TokenInputError('KEY_INVALID', `${label} is not a PEM, base64 DER or JWK key.`);
}

function requireStrongRsa(key: KeyObject, label: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new TokenInputError('KEY_NOT_RSA', `${label} must be an RSA key (got ${key.asymmetricKeyType ?? 'an unknown type'}).`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_MODULUS_BITS) {
    throw new TokenInputError(
      'KEY_TOO_SMALL',
      `${label} is a ${bits}-bit RSA key; at least ${MIN_RSA_MODULUS_BITS} bits are required. Generate a new one with "parley keys generate".`,
    );
  }
  return key;
}

/** Loads an RSA public key (≥ 2048 bits). Private key material is refused and never echoed. */
export function loadPublicKey(input: KeyInput, label = 'The public key'): KeyObject {
  const parsed = parseKey(input, label);
  if (parsed.kind === 'private') {
    throw new TokenInputError(
      'PRIVATE_KEY_WHERE_PUBLIC_EXPECTED',
      `${label} contains private key material; pass only the public key (SPKI "BEGIN PUBLIC KEY", base64 SPKI or a public JWK).`,
    );
  }
  return requireStrongRsa(parsed.key, label);
}

/** Loads an RSA private key (≥ 2048 bits) from PKCS#8/PKCS#1 PEM, base64 PKCS#8 DER or a private JWK. */
export function loadPrivateKey(input: KeyInput, label = 'The private key'): KeyObject {
  const parsed = parseKey(input, label);
  if (parsed.kind === 'public') {
    throw new TokenInputError(
      'PUBLIC_KEY_WHERE_PRIVATE_EXPECTED',
      `${label} is a public key; a private key is needed here (PKCS#8 "BEGIN PRIVATE KEY" or a private JWK).`,
    );
  }
  return requireStrongRsa(parsed.key, label);
}
