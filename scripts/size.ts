// `npm run size`: builds the minified browser scripts and prints their gzip sizes, failing past the budgets.
import { gzipSize, SIZE_BUDGETS } from '@parley/web/build';

let over = false;
for (const name of Object.keys(SIZE_BUDGETS) as (keyof typeof SIZE_BUDGETS)[]) {
  const size = await gzipSize(name);
  console.log(`${name}: ${size}`);
  if (size > SIZE_BUDGETS[name]) {
    console.error(`${name} is over its budget of ${SIZE_BUDGETS[name]} gzip bytes`);
    over = true;
  }
}
process.exit(over ? 1 : 0);
