import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, type Stats, statSync } from 'node:fs';
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
 * One of Parley's own files as it is (the link itself, not what it points at), or null when there is
 * none. A symbolic link or anything but a regular file stops the start: in a directory others can
 * write to, a planted `secret -> /elsewhere` would make Parley write, read or chmod another file.
 */
export function regularFileOrNone(file: string): Stats | null {
  let stat: Stats;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if (isAbsent(error)) return null;
    throw error;
  }
  if (stat.isSymbolicLink())
    throw new Error(`${file} is a symbolic link: Parley follows no link among its own files in the data dir; put the file itself there`);
  if (!stat.isFile()) throw new Error(`${file} is not a regular file (a directory, FIFO, socket or device): move it out of the data dir`);
  return stat;
}

/**
 * Takes group and other access away from a file Parley made (the database, its WAL, the secret),
 * e.g. one left 0644 by an older version. A file of another user is not touched: a warning says so.
 */
export function keepFilePrivate(file: string, log: Log): void {
  const stat = regularFileOrNone(file);
  if (stat === null || (stat.mode & 0o077) === 0) return;
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

/**
 * Creates `file` 0600 unless it exists, following no link, and keeps it and its `companions` (files
 * another library creates beside it, such as SQLite's `-wal` and `-shm`) private. Every one is checked
 * before anything is created: the other library will open them without refusing links.
 */
export function createPrivateFile(file: string, log: Log, companions: readonly string[] = []): void {
  const files = [file, ...companions];
  for (const path of files) regularFileOrNone(path);
  try {
    closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
  } catch (error) {
    // Already there (a link swapped in meanwhile is refused just below).
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const path of files) keepFilePrivate(path, log);
}
