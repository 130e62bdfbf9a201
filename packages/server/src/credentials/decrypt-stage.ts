import { constants, createDecipheriv, privateDecrypt, randomBytes } from 'node:crypto';
import { CREDENTIALS_ALGORITHMS, MAX_CREDENTIALS_BYTES } from '@parley/protocol';
import { decodeSegment, parseJsonObject } from './compact.js';
import { describe, fail } from './stage-failure.js';
import type { JsonObject, PlatformDecryptionKey } from './types.js';

const CEK_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface ParsedJwe {
  header: JsonObject;
  protectedSegment: string;
  encryptedKey: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Check `format`: a compact JWE of 5 base64url parts, ≤ 8 KiB, a JSON header without `zip` or `crit`. */
export function parseJwe(credentials: unknown): ParsedJwe {
  if (typeof credentials !== 'string' || credentials.length === 0) {
    fail('format', 'CREDENTIALS_MALFORMED', 'credentials are empty or not a string');
  }
  if (credentials.length > MAX_CREDENTIALS_BYTES) {
    fail('format', 'CREDENTIALS_MALFORMED', `${credentials.length} bytes, over the ${MAX_CREDENTIALS_BYTES}-byte limit`);
  }
  const parts = credentials.split('.');
  if (parts.length !== 5) {
    fail(
      'format',
      'CREDENTIALS_MALFORMED',
      `${parts.length} dot-separated parts; a compact JWE has 5${parts.length === 3 ? ' (this looks like a JWS: it must be encrypted)' : ''}`,
    );
  }
  const [protectedSegment, ...rest] = parts as [string, string, string, string, string];
  const decoded = [protectedSegment, ...rest].map(decodeSegment);
  if (decoded.some((segment) => segment === null)) {
    fail('format', 'CREDENTIALS_MALFORMED', 'a part is not base64url');
  }
  const [headerBytes, encryptedKey, iv, ciphertext, tag] = decoded as Buffer[] as [Buffer, Buffer, Buffer, Buffer, Buffer];
  const header = parseJsonObject(headerBytes);
  if (header === null) fail('format', 'CREDENTIALS_MALFORMED', 'the protected header is not a JSON object');
  if ('zip' in header) fail('format', 'CREDENTIALS_MALFORMED', `compressed (zip ${describe(header.zip)}) credentials are refused`);
  if ('crit' in header) fail('format', 'CREDENTIALS_MALFORMED', `a crit header (${describe(header.crit)}) is refused`);
  return { header, protectedSegment, encryptedKey, iv, ciphertext, tag };
}

/** Check `keyManagementAlgorithm`, from the allowlist only. */
export function checkKeyManagementAlgorithm(header: JsonObject): void {
  if (header.alg !== CREDENTIALS_ALGORITHMS.keyManagement) {
    fail('keyManagementAlgorithm', 'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM', `alg ${describe(header.alg)}`);
  }
}

/** Check `contentEncryption`, from the allowlist only. */
export function checkContentEncryption(header: JsonObject): void {
  if (header.enc !== CREDENTIALS_ALGORITHMS.contentEncryption) {
    fail('contentEncryption', 'UNSUPPORTED_CONTENT_ENCRYPTION', `enc ${describe(header.enc)}`);
  }
}

function unwrapKey(key: PlatformDecryptionKey, encryptedKey: Buffer): Buffer | null {
  try {
    const cek = privateDecrypt({ key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, encryptedKey);
    return cek.length === CEK_BYTES ? cek : null;
  } catch {
    return null;
  }
}

function openGcm(cek: Buffer, jwe: ParsedJwe): Buffer | null {
  if (jwe.iv.length !== IV_BYTES || jwe.tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', cek, jwe.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(jwe.protectedSegment, 'ascii'));
    decipher.setAuthTag(jwe.tag);
    return Buffer.concat([decipher.update(jwe.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * Check `decryption`. A `kid` naming a known platform key selects it; otherwise every key is
 * tried. Wrong key, unknown kid and tampering all end in the same failure: when no key unwraps
 * the CEK a random one is used, so the work done and the answer are the same (RFC 7516 §11.5).
 */
export function decryptJwe(jwe: ParsedJwe, platformKeys: readonly PlatformDecryptionKey[]): { plaintext: Buffer; platformKeyId: string } {
  const named = platformKeys.find((key) => key.kid === jwe.header.kid);
  for (const key of named ? [named] : platformKeys) {
    const cek = unwrapKey(key, jwe.encryptedKey);
    if (cek === null) continue;
    const plaintext = openGcm(cek, jwe);
    if (plaintext !== null) return { plaintext, platformKeyId: key.kid };
  }
  openGcm(randomBytes(CEK_BYTES), jwe);
  return fail('decryption', 'DECRYPTION_FAILED', 'no active platform key decrypts these credentials');
}
