/**
 * Compact JWS and JWE built by hand from node:crypto, so the fuzzer controls every byte: headers
 * the server must refuse (zip, crit, RSA1_5…) encrypted correctly, signatures by the wrong key or
 * algorithm, plaintexts that are not a JWS. Brands use @parley/token; the server uses its own
 * pipeline; this file only builds test inputs.
 */
import { constants, createCipheriv, createHmac, type KeyObject, publicEncrypt, randomBytes, sign } from 'node:crypto';

export const b64u = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** How the signature segment of a JWS is made. */
export type SignatureMode =
  /** RSASSA-PKCS1-v1_5 with SHA-256: RS256, what the server accepts. */
  | 'rs256'
  /** RSASSA-PSS with SHA-256 (PS256) under whatever alg the header names. */
  | 'ps256'
  /** HMAC-SHA256 keyed with the PEM text of the public key: the classic RS256/HS256 confusion. */
  | 'hmacWithPublicPem'
  /** An empty signature segment (alg none style). */
  | 'empty'
  /** A correct RS256 signature cut to half its length. */
  | 'truncated';

/** `header` and `payload` are JSON text (any text: the fuzzer may want it malformed). */
export function signJws(headerJson: string, payloadJson: string, privateKey: KeyObject, publicPem: string, mode: SignatureMode): string {
  const signingInput = `${b64u(headerJson)}.${b64u(payloadJson)}`;
  const data = Buffer.from(signingInput, 'ascii');
  let signature: Buffer;
  switch (mode) {
    case 'rs256':
      signature = sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
      break;
    case 'ps256':
      signature = sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      break;
    case 'hmacWithPublicPem':
      signature = createHmac('sha256', publicPem).update(data).digest();
      break;
    case 'empty':
      signature = Buffer.alloc(0);
      break;
    case 'truncated':
      signature = sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PADDING }).subarray(0, 128);
      break;
  }
  return `${signingInput}.${b64u(signature)}`;
}

/**
 * A compact JWE: RSA-OAEP-256 key wrapping for `publicKey` and AES-256-GCM content encryption,
 * whatever `headerJson` claims. `aadHeaderJson`, when given, is the header the content is
 * sealed under while `headerJson` is the one sent: a header swapped after encryption.
 */
export function encryptJwe(headerJson: string, plaintext: Buffer | string, publicKey: KeyObject, aadHeaderJson?: string): string {
  const protectedSegment = b64u(headerJson);
  const sealedUnder = aadHeaderJson === undefined ? protectedSegment : b64u(aadHeaderJson);
  const cek = randomBytes(32);
  const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cek, iv);
  cipher.setAAD(Buffer.from(sealedUnder, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(plaintext)), cipher.final()]);
  return [protectedSegment, b64u(encryptedKey), b64u(iv), b64u(ciphertext), b64u(cipher.getAuthTag())].join('.');
}
