import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 ships CJS (main) and ESM (module) copies; Node loads the CJS one for our code
  // and for mercurius alike, but Vite would pick the ESM one for our code: two graphql
  // instances that reject each other's schema. Point Vite at the copy Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql', { paths: ['packages/server'] }) }] },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
