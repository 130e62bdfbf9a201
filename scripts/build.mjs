#!/usr/bin/env node
// `npm run build` (and `npm ci`, through `prepare`): every package compiled to its dist/ (ESM,
// .d.ts, source maps), then the browser scripts built, minified and precompressed into
// @parley/web's dist/assets. Incremental: a second run with nothing changed takes about a second.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';

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
// Plain JavaScript that tsc does not copy: the SQLite checkpoint worker runs as written. Copied only when it
// changed: servers of a test run may be starting it while another test packs the packages (and so builds).
const worker = ['packages/server/src/store/checkpoint-worker.mjs', 'packages/server/dist/store/checkpoint-worker.mjs'];
const unchanged = (() => {
  try {
    return readFileSync(worker[0]).equals(readFileSync(worker[1]));
  } catch {
    return false;
  }
})();
if (!unchanged) copyFileSync(worker[0], worker[1]);
step('browser scripts in packages/web/dist/assets', process.execPath, [
  'node_modules/tsx/dist/cli.mjs',
  'packages/web/build/write-assets.ts',
]);
