// `npm run size`: builds the minified browser scripts and prints their gzip sizes against the budgets.
import { gzipSync } from 'node:zlib';
import { type BundleName, buildBundle } from '@parley/web/build';

/** Gzip bytes allowed for each script; the widget figure includes the core. */
const BUDGETS: Record<BundleName, number> = { core: 8192, widget: 40960 };

let over = false;
for (const name of Object.keys(BUDGETS) as BundleName[]) {
  const size = gzipSync(await buildBundle(name), { level: 9 }).length;
  console.log(`${name}: ${size}`);
  if (size > BUDGETS[name]) {
    console.error(`${name} is over its budget of ${BUDGETS[name]} gzip bytes`);
    over = true;
  }
}
process.exit(over ? 1 : 0);
