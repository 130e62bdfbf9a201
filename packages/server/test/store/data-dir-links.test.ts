import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { capturingLog } from '../helpers/app.js';

/**
 * Issue 13: in a data dir others can write to, a link planted under the name of one of Parley's
 * files must not make it create, write or chmod the file the link points at: the start stops,
 * naming the link, and the target is left as it was.
 */
describe('links among the SQLite files of the data dir', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  /** A data dir, and beside it a victim file (0644, with content) outside it. */
  const setUp = () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-links-'));
    roots.push(root);
    const dataDir = join(root, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const victim = join(root, 'victim');
    writeFileSync(victim, 'not a database\n', { mode: 0o644 });
    return { dataDir, victim, elsewhere: join(root, 'elsewhere') };
  };
  const refusal = async (dataDir: string) => {
    const error = await openStore({ databaseUrl: null, dataDir, log: capturingLog().log }).then(
      async (store) => {
        await store.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  };
  const untouched = (victim: string) => {
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(readFileSync(victim, 'utf8')).toBe('not a database\n');
  };

  it.each(['parley.db', 'parley.db-wal', 'parley.db-shm'])(
    'refuses %s as a link to another file, and leaves that file alone',
    async (name) => {
      const { dataDir, victim } = setUp();
      symlinkSync(victim, join(dataDir, name));
      expect(await refusal(dataDir)).toBe(
        `cannot use the data dir ${dataDir}: ${join(dataDir, name)} is a symbolic link: Parley follows no link among its own files in the data dir; put the file itself there. Make it a writable directory for the user running Parley, or set PARLEY_DATA_DIR (--data-dir).`,
      );
      untouched(victim);
    },
  );

  it('refuses a dangling link as parley.db without creating what it names', async () => {
    const { dataDir, elsewhere } = setUp();
    symlinkSync(elsewhere, join(dataDir, 'parley.db'));
    expect(await refusal(dataDir)).toContain(`${join(dataDir, 'parley.db')} is a symbolic link`);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('refuses a directory as parley.db-wal', async () => {
    const { dataDir } = setUp();
    mkdirSync(join(dataDir, 'parley.db-wal'));
    expect(await refusal(dataDir)).toContain(
      `${join(dataDir, 'parley.db-wal')} is not a regular file (a directory, FIFO, socket or device): move it out of the data dir`,
    );
    expect(existsSync(join(dataDir, 'parley.db'))).toBe(false);
  });
});
