// `npm run build` runs this: every browser script built once, minified, and written beside its
// brotli and gzip copies with a manifest (ETags, sizes) that the server reads at start.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type AssetManifest, BUNDLES, type BundleName, buildBundle } from './bundles.js';

const assetsDir = fileURLToPath(new URL('../dist/assets/', import.meta.url));

async function writeAsset(name: BundleName): Promise<AssetManifest[BundleName]> {
  const identity = Buffer.from(await buildBundle(name));
  const file = `${name}.js`;
  const gzip = gzipSync(identity, { level: 9 });
  writeFileSync(`${assetsDir}${file}`, identity);
  writeFileSync(`${assetsDir}${file}.gz`, gzip);
  writeFileSync(`${assetsDir}${file}.br`, brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  return { file, etag, bytes: identity.length, gzipBytes: gzip.length };
}

rmSync(assetsDir, { recursive: true, force: true });
mkdirSync(assetsDir, { recursive: true });
const names = Object.keys(BUNDLES) as BundleName[];
const entries = await Promise.all(names.map(async (name) => [name, await writeAsset(name)] as const));
const manifest = Object.fromEntries(entries) as AssetManifest;
writeFileSync(`${assetsDir}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
for (const [name, asset] of entries)
  console.log(`  ${asset.file.padEnd(12)} ${String(asset.bytes).padStart(7)} B, ${String(asset.gzipBytes).padStart(6)} B gzip  (${name})`);
