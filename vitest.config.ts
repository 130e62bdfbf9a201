import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Tests run the sources: each workspace package resolves to its src/ through the same `paths` that
// tsc and tsx read (the packages' own exports point at their built dist/).
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.base.json', 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const workspaceSources = Object.entries(compilerOptions.paths).map(([name, [source]]) => ({
  find: new RegExp(`^${name.replace('/', '\\/')}$`),
  replacement: fileURLToPath(new URL(source, import.meta.url)),
}));

export default defineConfig({
  resolve: {
    alias: [
      ...workspaceSources,
      // graphql 16 ships CJS (main) and ESM (module) copies; Node loads the CJS one for our code
      // and for mercurius alike, but Vite would pick the ESM one for our code: two graphql
      // instances that reject each other's schema. Point Vite at the copy Node uses.
      { find: /^graphql$/, replacement: require.resolve('graphql', { paths: ['packages/server'] }) },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
