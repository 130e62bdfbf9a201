import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretFile, readSecretFile } from '../../src/keys/secret-file.js';

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
});
