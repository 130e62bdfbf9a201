import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { capturingLog } from '../helpers/app.js';

/** Issue 13, finding 8: the data dir and the SQLite files are for the user running Parley only. */
describe('SQLite data dir permissions', () => {
  const roots: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  const root = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-perms-'));
    roots.push(dir);
    return dir;
  };
  const modeOf = (path: string) => statSync(path).mode & 0o777;
  const open = async (dataDir: string, log = capturingLog().log) => {
    const store = await openStore({ databaseUrl: null, dataDir, log });
    stores.push(store);
    return store;
  };

  it('creates the data dir 0700 and parley.db, -wal and -shm 0600, whatever the umask', async () => {
    const dataDir = join(root(), 'nested', 'parley');
    const umask = process.umask(0o022);
    try {
      const store = await open(dataDir);
      await store.db.insertInto('parley_meta').values({ key: 'written', value: 'yes' }).execute();
    } finally {
      process.umask(umask);
    }
    expect(modeOf(dataDir)).toBe(0o700);
    for (const file of ['parley.db', 'parley.db-wal', 'parley.db-shm']) {
      expect(existsSync(join(dataDir, file)), file).toBe(true);
      expect(modeOf(join(dataDir, file)), file).toBe(0o600);
    }
  });

  it('tightens database files an older version left 0644, and warns about an open existing dir without chmod-ing it', async () => {
    const dataDir = join(root(), 'old');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const old = new SqliteDatabase(join(dataDir, 'parley.db'));
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x)');
    chmodSync(join(dataDir, 'parley.db'), 0o644);
    old.close();
    const { lines, log } = capturingLog();
    await open(dataDir, log);
    expect(modeOf(dataDir)).toBe(0o755);
    expect(lines).toContainEqual(`warn: the data dir ${dataDir} is open to other users (mode 0755): chmod 700 ${dataDir}`);
    expect(modeOf(join(dataDir, 'parley.db'))).toBe(0o600);
    expect(lines).toContainEqual(`info: ${join(dataDir, 'parley.db')} was open to other users (mode 0644): now 0600`);
  });

  it('leaves a database file of another user as it is, with a warning', async () => {
    const dataDir = root();
    const file = join(dataDir, 'parley.db');
    new SqliteDatabase(file).close();
    chmodSync(file, 0o644);
    chownSync(file, 4242, 4242); // the tests run as root
    const { lines, log } = capturingLog();
    await open(dataDir, log);
    expect(modeOf(file)).toBe(0o644);
    expect(lines).toContainEqual(`warn: ${file} belongs to another user and is open to others (mode 0644): chmod 600 ${file}`);
  });
});
