import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The browser scripts `npm run build` writes into `@parley/web`'s `dist/assets`. */
export type ScriptName = 'core' | 'widget' | 'desk' | 'admin';

/** One script in each encoding a browser may accept, read once from its prebuilt, precompressed files. */
export interface BrowserScript {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

interface ManifestEntry {
  file: string;
  etag: string;
}

const NAMES: readonly ScriptName[] = ['core', 'widget', 'desk', 'admin'];

let loaded: Map<ScriptName, BrowserScript> | undefined;

function assetsDir(): string {
  const manifest = createRequire(import.meta.url).resolve('@parley/web/package.json');
  return join(dirname(manifest), 'dist', 'assets');
}

/** Reads the four scripts from `dir` (a `dist/assets` with its manifest); a missing or partial build is a clear error. */
export function readBrowserScripts(dir: string): Map<ScriptName, BrowserScript> {
  let manifest: Partial<Record<ScriptName, ManifestEntry>>;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Partial<Record<ScriptName, ManifestEntry>>;
  } catch (error) {
    throw new Error(`the browser scripts are not built (${dir}/manifest.json: ${(error as Error).message}); run \`npm run build\``);
  }
  const scripts = new Map<ScriptName, BrowserScript>();
  for (const name of NAMES) {
    const entry = manifest[name];
    if (!entry) throw new Error(`the browser scripts' manifest in ${dir} lacks "${name}"; run \`npm run build\``);
    const path = join(dir, entry.file);
    scripts.set(name, {
      identity: readFileSync(path),
      gzip: readFileSync(`${path}.gz`),
      br: readFileSync(`${path}.br`),
      etag: entry.etag,
    });
  }
  return scripts;
}

/**
 * Reads the prebuilt scripts into memory (four small files, read once per process).
 * `startServer` calls it so a missing build stops the start with a clear error instead of failing the first page view.
 */
export function loadBrowserScripts(): Map<ScriptName, BrowserScript> {
  loaded ??= readBrowserScripts(assetsDir());
  return loaded;
}

export function browserScript(name: ScriptName): BrowserScript {
  const script = loadBrowserScripts().get(name);
  if (!script) throw new Error(`unknown browser script ${name}`);
  return script;
}
