// `npm run size`: builds the minified browser bundles and prints their gzip sizes, failing past the budgets.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { gzipSize, SIZE_BUDGETS } from '../packages/web/build/bundles.js';

/** Gzip bytes allowed for `@parley/react` alone: React and the SDK are the application's, not counted. */
const REACT_BUDGET = 3072;

/** `@parley/react` as an application's bundler takes it: minified ESM with its peers and the SDK left out. */
async function reactGzipSize(): Promise<number> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../packages/react/src/index.ts', import.meta.url))],
    tsconfig: fileURLToPath(new URL('../packages/react/tsconfig.json', import.meta.url)),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome100', 'edge100', 'firefox100', 'safari15'],
    external: ['react', 'react-dom', '@parley/sdk'],
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for @parley/react');
  return gzipSync(output.contents, { level: 9 }).length;
}

const sizes: [name: string, size: number, budget: number][] = [];
for (const name of Object.keys(SIZE_BUDGETS) as (keyof typeof SIZE_BUDGETS)[]) sizes.push([name, await gzipSize(name), SIZE_BUDGETS[name]]);
sizes.push(['@parley/react', await reactGzipSize(), REACT_BUDGET]);

let over = false;
for (const [name, size, budget] of sizes) {
  console.log(`${name}: ${size}`);
  if (size > budget) {
    console.error(`${name} is over its budget of ${budget} gzip bytes`);
    over = true;
  }
}
process.exit(over ? 1 : 0);
