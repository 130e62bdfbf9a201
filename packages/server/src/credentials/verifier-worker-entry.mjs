// Worker threads do not inherit module hooks registered at run time, so when the server runs from its
// TypeScript sources (tests, tsx) the loader is registered here before the worker's own module loads.
// The built package starts dist/credentials/verifier-worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./verifier-worker.ts');
