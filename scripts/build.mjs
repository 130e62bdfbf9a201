#!/usr/bin/env node
// `npm run build` (and `npm ci`, through `prepare`): every package compiled to its dist/ (ESM,
// .d.ts, source maps), then the browser scripts built, minified and precompressed into
// @parley/web's dist/assets. Incremental: a second run with nothing changed takes about a second.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';

function step(what, command, args) {
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`build: ${what} failed`);
    process.exit(status ?? 1);
  }
  console.log(`build: ${what} (${Date.now() - started} ms)`);
}

step('packages compiled to dist/', process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json']);
// Files tsc does not copy: the SQLite checkpoint worker (plain JavaScript, run as written) and the GraphQL
// SDL the server reads at start. Copied only when changed: servers of a test run may be reading them while
// another test packs the packages (and so builds).
function copyIfChanged(from, to) {
  try {
    if (readFileSync(from).equals(readFileSync(to))) return;
  } catch {}
  copyFileSync(from, to);
}
copyIfChanged('packages/server/src/store/checkpoint-worker.mjs', 'packages/server/dist/store/checkpoint-worker.mjs');
const sdl = 'packages/server/src/graphql/schema';
mkdirSync(sdl.replace('/src/', '/dist/'), { recursive: true });
for (const file of readdirSync(sdl).filter((name) => name.endsWith('.graphql')))
  copyIfChanged(`${sdl}/${file}`, `${sdl.replace('/src/', '/dist/')}/${file}`);
step('browser scripts in packages/web/dist/assets', process.execPath, [
  'node_modules/tsx/dist/cli.mjs',
  'packages/web/build/write-assets.ts',
]);
