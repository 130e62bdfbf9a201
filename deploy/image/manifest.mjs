// The package.json of an installation from tarballs: the wanted packages as dependencies, and an
// override per tarball so that dependencies between Parley packages resolve to tarballs too.
//   node deploy/image/manifest.mjs TARBALL_DIR PACKAGE...
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...wanted] = process.argv.slice(2);
const byName = new Map();
for (const file of readdirSync(dir).filter((name) => name.endsWith('.tgz'))) {
  const path = join(dir, file);
  const { name } = JSON.parse(execFileSync('tar', ['-xzOf', path, 'package/package.json'], { encoding: 'utf8' }));
  byName.set(name, `file:${path}`);
}
const missing = wanted.filter((name) => !byName.has(name));
if (missing.length > 0) {
  console.error(`no tarball for ${missing.join(', ')} in ${dir}`);
  process.exit(1);
}
const manifest = {
  name: 'parley-installation',
  private: true,
  dependencies: Object.fromEntries(wanted.map((name) => [name, byName.get(name)])),
  overrides: Object.fromEntries(byName),
  // npm 11 runs install scripts only for the packages named here: better-sqlite3 builds its addon.
  allowScripts: { 'better-sqlite3': true },
};
console.log(JSON.stringify(manifest, null, 2));
