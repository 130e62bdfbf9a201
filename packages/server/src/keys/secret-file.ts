import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { regularFileOrNone } from '../store/private-paths.js';

/** The name of the generated secret in the data dir. */
export const SECRET_FILE = 'secret';

const MIN_LENGTH = 16;

/**
 * The secret kept in `path` (surrounding white space dropped), or null when there is no such file.
 * A link or anything but a regular file there is refused: a planted `secret -> file` would hand
 * Parley a secret someone else knows.
 */
export function readSecretFile(path: string): string | null {
  if (regularFileOrNone(path) === null) return null;
  // O_NOFOLLOW: a link put there after the check is refused too (ELOOP), never read.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  let text: string;
  try {
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const secret = text.trim();
  if (secret.length < MIN_LENGTH)
    throw new Error(`the secret file ${path} holds fewer than ${MIN_LENGTH} characters: restore it from a backup of the data dir`);
  return secret;
}

/**
 * Writes a new random secret to `path` (0600) unless the file exists, and returns the secret in
 * the file either way. The secret is written and synced under a name of its own (created, never
 * opened through a link), then hard-linked to `path`, which fails on any existing name, a symbolic
 * link included: a second process starting at the same time never overwrites it nor reads it half-written.
 */
export function createSecretFile(path: string): { secret: string; created: boolean } {
  const secret = randomBytes(32).toString('base64url');
  const staging = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const fd = openSync(staging, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, `${secret}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(staging, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = readSecretFile(path);
    if (existing === null) throw new Error(`the secret file ${path} was removed while Parley was creating it`);
    return { secret: existing, created: false };
  } finally {
    unlinkSync(staging);
  }
  syncDir(dirname(path));
  return { secret, created: true };
}

/** The new name must survive a power cut as well as the keys the secret seals. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
