/**
 * Hand-rolled JOSE serialisation for building test vectors, including the malformed and
 * hostile ones no library will produce. Test-only: the product uses jose to create tokens.
 */
import { constants, createCipheriv, createHmac, type KeyObject, publicEncrypt, randomBytes, sign } from 'node:crypto';

export const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');
export const json = (value: unknown) => b64(JSON.stringify(value));

export function signRs256(header: object, claims: object | string, key: KeyObject): string {
  const payload = typeof claims === 'string' ? b64(claims) : json(claims);
  const input = `${json(header)}.${payload}`;
  return `${input}.${b64(sign('sha256', Buffer.from(input), key))}`;
}

export function signHs256(header: object, claims: object, secret: Buffer): string {
  const input = `${json(header)}.${json(claims)}`;
  return `${input}.${b64(createHmac('sha256', secret).update(input).digest())}`;
}

export function signNone(claims: object): string {
  return `${json({ alg: 'none' })}.${json(claims)}.`;
}

export interface EncryptOptions {
  /** Key-wrapping: OAEP with SHA-256 (RSA-OAEP-256), PKCS#1 v1.5 (RSA1_5), or none (dir, ECDH-ES). */
  wrap?: 'oaep256' | 'pkcs1' | 'none';
  cekBytes?: 16 | 32;
}

export function encrypt(header: object, plaintext: string | Buffer, key: KeyObject, options: EncryptOptions = {}): string {
  const cekBytes = options.cekBytes ?? 32;
  const cek = randomBytes(cekBytes);
  const wrap = options.wrap ?? 'oaep256';
  const encryptedKey =
    wrap === 'none'
      ? Buffer.alloc(0)
      : publicEncrypt(
          wrap === 'oaep256'
            ? { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }
            : { key, padding: constants.RSA_PKCS1_PADDING },
          cek,
        );
  const protectedHeader = json(header);
  const iv = randomBytes(12);
  const cipher = createCipheriv(cekBytes === 32 ? 'aes-256-gcm' : 'aes-128-gcm', cek, iv);
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [protectedHeader, b64(encryptedKey), b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join('.');
}

/** Replaces one character in the middle of a segment with another base64url character. */
export function tamperSegment(token: string, index: number): string {
  const parts = token.split('.');
  const segment = parts[index] as string;
  const at = Math.floor(segment.length / 2);
  const replacement = segment[at] === 'A' ? 'B' : 'A';
  parts[index] = segment.slice(0, at) + replacement + segment.slice(at + 1);
  return parts.join('.');
}
