import { createPublicKey, type KeyObject } from 'node:crypto';
import { loadPrivateKey, loadPublicKey, TokenInputError } from '@parley/token';
import { calculateJwkThumbprint } from 'jose';
import { CliError, readTextFile } from './io.js';

export interface KeyFromFile {
  key: KeyObject;
  /** The JWK's own `kid`, else its RFC 7638 thumbprint. */
  kid: string;
}

function load<T>(loader: () => T): T {
  try {
    return loader();
  } catch (error) {
    if (error instanceof TokenInputError) throw new CliError(error.message);
    throw error;
  }
}

async function kidOf(text: string, key: KeyObject): Promise<string> {
  if (text.trim().startsWith('{')) {
    const jwk = JSON.parse(text) as { kid?: unknown };
    if (typeof jwk.kid === 'string' && jwk.kid !== '') return jwk.kid;
  }
  const publicJwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  return calculateJwkThumbprint({ kty: 'RSA', n: publicJwk.n as string, e: publicJwk.e as string });
}

export async function readPrivateKeyFile(path: string, option: string): Promise<KeyFromFile> {
  const text = readTextFile(path, option);
  const key = load(() => loadPrivateKey(text, `${option} ${path}`));
  return { key, kid: await kidOf(text, key) };
}

export async function readPublicKeyFile(path: string, option: string): Promise<KeyFromFile> {
  const text = readTextFile(path, option);
  const key = load(() => loadPublicKey(text, `${option} ${path}`));
  return { key, kid: await kidOf(text, key) };
}
