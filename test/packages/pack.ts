// The packages as users get them, made by the same scripts the image runs (deploy/image/): packed
// with `npm pack` and installed from the tarballs alone into directories outside the repository.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const repoRoot = new URL('../../', import.meta.url).pathname;
const script = (name: string) => join(repoRoot, 'deploy/image', name);

export interface Tarball {
  name: string;
  /** The workspace directory it was packed from. */
  dir: string;
  path: string;
  files: string[];
}

/** `deploy/image/pack.sh`: builds, then packs every published package into `destination`. */
export async function packAll(destination: string): Promise<Tarball[]> {
  const { stdout } = await run('bash', [script('pack.sh'), destination], { maxBuffer: 16 * 1024 * 1024 });
  const packed = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  const { workspaces } = readJson<{ workspaces: string[] }>(join(repoRoot, 'package.json'));
  return packed.map((entry) => ({
    name: entry.name,
    dir: workspaces.find((dir) => readJson<{ name: string }>(join(repoRoot, dir, 'package.json')).name === entry.name) ?? '',
    path: join(destination, entry.filename),
    files: entry.files.map((file) => file.path),
  }));
}

/** `deploy/image/install.sh`: `packages` and their dependencies from the tarballs, production only, in a new temporary directory. */
export async function install(label: string, tarballDir: string, packages: string[]): Promise<string> {
  const prefix = mkdtempSync(join(tmpdir(), `parley-${label}-`));
  await run('bash', [script('install.sh'), tarballDir, prefix, ...packages], { maxBuffer: 16 * 1024 * 1024 });
  return prefix;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
