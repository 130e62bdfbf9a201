// `npm run build` runs this: every browser script built once, minified, and written beside its
// brotli and gzip copies with a manifest (ETags, sizes) that the server reads at start.
// A server may be reading these files while a build runs (the tests pack the packages while others
// serve the scripts): a file whose bytes did not change is not touched, and a changed one is
// replaced by a rename, never truncated in place.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type AssetManifest, BUNDLES, type BundleName, buildBundle } from './bundles.js';

const assetsDir = fileURLToPath(new URL('../dist/assets/', import.meta.url));
const written = new Set<string>();

function put(file: string, bytes: Buffer | string): void {
  written.add(file);
  const path = `${assetsDir}${file}`;
  const same = (() => {
    try {
      return readFileSync(path).equals(Buffer.from(bytes));
    } catch {
      return false;
    }
  })();
  if (same) return;
  writeFileSync(`${path}.${process.pid}.tmp`, bytes);
  renameSync(`${path}.${process.pid}.tmp`, path);
}

async function writeAsset(name: BundleName): Promise<AssetManifest[BundleName]> {
  const identity = Buffer.from(await buildBundle(name));
  const file = `${name}.js`;
  const gzip = gzipSync(identity, { level: 9 });
  put(file, identity);
  put(`${file}.gz`, gzip);
  put(`${file}.br`, brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { file, etag, bytes: identity.length, gzipBytes: gzip.length };
}

mkdirSync(assetsDir, { recursive: true });
const names = Object.keys(BUNDLES) as BundleName[];
const entries = await Promise.all(names.map(async (name) => [name, await writeAsset(name)] as const));
const manifest = Object.fromEntries(entries) as AssetManifest;
// The scripts bundle Preact (MIT), and the desk zod (MIT, the frame schemas of @parley/protocol): their licences travel with them.
const require = createRequire(import.meta.url);
for (const library of ['preact', 'zod']) {
  put(`${library}.LICENSE.txt`, readFileSync(require.resolve(`${library}/package.json`).replace(/package\.json$/, 'LICENSE')));
}
put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
// Whatever an older build left that this one did not write (a script since renamed, say).
for (const file of readdirSync(assetsDir)) if (!written.has(file)) rmSync(`${assetsDir}${file}`, { force: true });
for (const [name, asset] of entries)
  console.log(`  ${asset.file.padEnd(12)} ${String(asset.bytes).padStart(7)} B, ${String(asset.gzipBytes).padStart(6)} B gzip  (${name})`);
