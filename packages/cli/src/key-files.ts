import type { KeyObject } from 'node:crypto';
import { keyId, loadPrivateKey, loadPublicKey, TokenInputError } from '@parley/token';
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

export async function readPrivateKeyFile(path: string, option: string): Promise<KeyFromFile> {
  const text = readTextFile(path, option);
  const key = load(() => loadPrivateKey(text, `${option} ${path}`));
  return { key, kid: await keyId(text, key) };
}

export async function readPublicKeyFile(path: string, option: string): Promise<KeyFromFile> {
  const text = readTextFile(path, option);
  const key = load(() => loadPublicKey(text, `${option} ${path}`));
  return { key, kid: await keyId(text, key) };
}
