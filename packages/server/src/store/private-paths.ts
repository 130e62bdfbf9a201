import { chmodSync, mkdirSync, statSync } from 'node:fs';
import type { Log } from '../log.js';

/** No such file, or a part of its path is not a directory: nothing to keep private. */
export const isAbsent = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
const ownedByUs = (uid: number) => process.getuid === undefined || process.getuid() === uid;

/**
 * The data dir, created 0700 when missing. An existing one is never chmod-ed: it may be a
 * directory the administrator shares on purpose (or `/srv` itself), so wider access is a warning.
 */
export function ensurePrivateDir(dir: string, log: Log): void {
  if (mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined) return;
  const { mode } = statSync(dir);
  if ((mode & 0o077) !== 0)
    log.warn({ dataDir: dir, mode: octal(mode) }, `the data dir ${dir} is open to other users (mode ${octal(mode)}): chmod 700 ${dir}`);
}

/**
 * Takes group and other access away from a file Parley made (the database, its WAL, the secret),
 * e.g. one left 0644 by an older version. A file of another user is not touched: a warning says so.
 */
export function keepFilePrivate(file: string, log: Log): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(file);
  } catch (error) {
    if (isAbsent(error)) return;
    throw error;
  }
  if ((stat.mode & 0o077) === 0) return;
  if (!ownedByUs(stat.uid)) {
    log.warn(
      { file, mode: octal(stat.mode) },
      `${file} belongs to another user and is open to others (mode ${octal(stat.mode)}): chmod 600 ${file}`,
    );
    return;
  }
  chmodSync(file, 0o600);
  log.info({ file }, `${file} was open to other users (mode ${octal(stat.mode)}): now 0600`);
}
