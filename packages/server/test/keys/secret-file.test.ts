import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { platformSecretBox } from '../../src/keys/platform-secret.js';
import { createSecretFile, readSecretFile } from '../../src/keys/secret-file.js';
import { capturingLog } from '../helpers/app.js';

describe('the generated secret file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const fileIn = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-secret-'));
    dirs.push(dir);
    return { dir, file: join(dir, 'secret') };
  };

  it('is created once, 0600, with 256 random bits, and read back as it is', () => {
    const { dir, file } = fileIn();
    expect(readSecretFile(file)).toBeNull();
    const first = createSecretFile(file);
    expect(first.created).toBe(true);
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${first.secret}\n`);
    expect(readSecretFile(file)).toBe(first.secret);
    // A second creator (another process starting at the same moment) gets the first one's secret.
    expect(createSecretFile(file)).toEqual({ secret: first.secret, created: false });
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  it('keeps a secret someone put there (PARLEY_SECRET moved back into a file), and refuses a truncated one', () => {
    const { file } = fileIn();
    writeFileSync(file, '  a-secret-typed-by-hand-0123  \n', { mode: 0o600 });
    expect(createSecretFile(file)).toEqual({ secret: 'a-secret-typed-by-hand-0123', created: false });
    writeFileSync(file, '');
    expect(() => readSecretFile(file)).toThrow(
      `the secret file ${file} holds fewer than 16 characters: restore it from a backup of the data dir`,
    );
  });

  // Issue 13: a secret file someone else planted as a link would seal the keys with a secret they know.
  it('refuses a link as the secret, never reading, writing or chmod-ing what it points at', async () => {
    const { dir, file } = fileIn();
    const planted = join(dir, 'planted');
    writeFileSync(planted, 'a-secret-the-attacker-knows-0123\n', { mode: 0o644 });
    symlinkSync(planted, file);
    const message = `${file} is a symbolic link: Parley follows no link among its own files in the data dir; put the file itself there`;
    expect(() => readSecretFile(file)).toThrow(message);
    expect(() => createSecretFile(file)).toThrow(message);
    const box = platformSecretBox({
      config: { secret: null, dataDir: dir, databaseUrl: null },
      sealedKeysStored: async () => false,
      log: capturingLog().log,
    });
    await expect(box).rejects.toThrow(message);
    expect(statSync(planted).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['planted', 'secret']);
  });

  it('refuses a dangling link as the secret without creating what it names', () => {
    const { dir, file } = fileIn();
    symlinkSync(join(dir, 'elsewhere'), file);
    expect(() => createSecretFile(file)).toThrow(`${file} is a symbolic link`);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('refuses a secret that is not a regular file', () => {
    const { file } = fileIn();
    mkdirSync(file);
    expect(() => readSecretFile(file)).toThrow(
      `${file} is not a regular file (a directory, FIFO, socket or device): move it out of the data dir`,
    );
  });
});
