// Worker threads do not inherit module hooks registered at run time, so the TypeScript
// loader is registered here before the worker's own module loads.
import { register } from 'tsx/esm/api';

register();
await import('./verifier-worker.ts');
