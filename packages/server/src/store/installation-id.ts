import { randomUUID } from 'node:crypto';
import type { Store } from './open-store.js';

const KEY = 'installation-id';

/**
 * The installation's id, `urn:parley:installation:<uuid>`, created once and kept in `parley_meta`:
 * the same on every node of the installation whatever its port or address (the `iss` of visitor
 * session tokens). Racing first starts agree (`on conflict do nothing`, then read back).
 */
export async function installationId(store: Store): Promise<string> {
  await store.db
    .insertInto('parley_meta')
    .values({ key: KEY, value: `urn:parley:installation:${randomUUID()}` })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const row = await store.db.selectFrom('parley_meta').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return row.value;
}
