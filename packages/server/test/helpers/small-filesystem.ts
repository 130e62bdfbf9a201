import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeScratchDir, releaseScratchDir } from './fault-support.js';

// Tiny tmpfs mounts for disk-full and read-only tests. Mounting needs root (or CAP_SYS_ADMIN);
// where it is refused the helpers return null and the caller injects the failure instead.

/** A tmpfs of a fixed size. */
export interface SmallFilesystem {
  readonly dir: string;
  /** Fills what is left of it with `.filler`, to the last byte: further writes fail with ENOSPC. */
  fill(): Promise<void>;
  /** Removes `.filler`. */
  free(): Promise<void>;
  /** Unmounts it (lazily if something still uses it) and removes the mount point; safe to call twice. */
  unmount(): Promise<void>;
}

/** A tmpfs mounted read-only: writes fail with EROFS. */
export interface ReadOnlyDir {
  readonly dir: string;
  /** `mount -o remount,ro` / `remount,rw`. */
  setReadOnly(readOnly: boolean): Promise<void>;
  /** Unmounts it (lazily if something still uses it) and removes the mount point; safe to call twice. */
  unmount(): Promise<void>;
}

/** Whether a mount error says that mounting is not permitted here. */
const notPermitted = (message: string) => /permission denied|not permitted|only root|must be superuser/i.test(message);

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 15_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve();
    });
  });
}

/** Mounts a tmpfs of `bytes` (mode 0777) on a fresh scratch dir; null if mounting is not permitted. */
async function mountTmpfs(kind: string, bytes: number): Promise<{ root: string; dir: string; unmount(): Promise<void> } | null> {
  const root = makeScratchDir(kind);
  const dir = join(root, 'mnt');
  mkdirSync(dir);
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${Math.max(1, Math.floor(bytes))},mode=0777`, 'tmpfs', dir]);
  } catch (error) {
    await releaseScratchDir(root);
    if (error instanceof Error && notPermitted(error.message)) return null;
    throw error;
  }
  let unmounting: Promise<void> | null = null;
  return {
    root,
    dir,
    unmount: () => {
      // releaseScratchDir kills what works in there, unmounts lazily and removes the directory.
      unmounting ??= run('umount', [dir])
        .catch(() => {})
        .then(() => releaseScratchDir(root));
      return unmounting;
    },
  };
}

/** Mounts a tmpfs of `bytes` (rounded up to whole pages) on a fresh dir; null when mounting is not permitted here. */
export async function mountSmallFilesystem(bytes: number): Promise<SmallFilesystem | null> {
  const mounted = await mountTmpfs('fs', bytes);
  if (!mounted) return null;
  const filler = join(mounted.dir, '.filler');
  return {
    dir: mounted.dir,
    unmount: mounted.unmount,
    async fill() {
      const fd = openSync(filler, 'a');
      try {
        const block = Buffer.alloc(1 << 20, 0x2e);
        // Big writes while they fit, then smaller and smaller ones down to a single byte.
        for (let size = block.length; size >= 1; ) {
          try {
            writeSync(fd, block, 0, size);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            size = size >> 1;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    async free() {
      rmSync(filler, { force: true });
    },
  };
}

/** Mounts a small tmpfs, lets `populate` write into it, then remounts it read-only; null when mounting is not permitted here. */
export async function mountReadOnlyDir(populate?: (dir: string) => void | Promise<void>, bytes = 16 << 20): Promise<ReadOnlyDir | null> {
  const mounted = await mountTmpfs('ro', bytes);
  if (!mounted) return null;
  const setReadOnly = (readOnly: boolean) => run('mount', ['-o', readOnly ? 'remount,ro' : 'remount,rw', mounted.dir]);
  try {
    await populate?.(mounted.dir);
    await setReadOnly(true);
  } catch (error) {
    await mounted.unmount();
    throw error;
  }
  return { dir: mounted.dir, setReadOnly, unmount: mounted.unmount };
}
