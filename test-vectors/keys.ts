import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KeyName } from './types.js';

export const KEY_NAMES: KeyName[] = ['platform', 'platform-other', 'brand', 'brand-old', 'brand-other'];
export const KEYS_DIR = new URL('./keys/', import.meta.url);

export function keyPath(name: KeyName, half: 'private' | 'public'): string {
  return new URL(`${name}.${half}.pem`, KEYS_DIR).pathname;
}

export function privateKey(name: KeyName): KeyObject {
  return createPrivateKey(readFileSync(keyPath(name, 'private'), 'utf8'));
}

export function publicKey(name: KeyName): KeyObject {
  return createPublicKey(readFileSync(keyPath(name, 'public'), 'utf8'));
}
