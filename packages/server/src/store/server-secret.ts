import { randomBytes } from 'node:crypto';
import type { Store } from './open-store.js';

const SECRET_BYTES = 32;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * A 32-byte random secret named `name`, created once and kept in `parley_meta` under
 * `secret:<name>` (base64), so every node of an installation uses the same one.
 * Two nodes racing at first start agree: the insert is `on conflict do nothing` and
 * both read back whichever value landed first.
 */
export async function serverSecret(store: Store, name: string): Promise<Buffer> {
  if (!NAME.test(name)) throw new Error(`invalid server secret name "${name}": use 1 to 64 of a-z 0-9 . _ -`);
  const key = `secret:${name}`;
  await store.db
    .insertInto('parley_meta')
    .values({ key, value: randomBytes(SECRET_BYTES).toString('base64') })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const row = await store.db.selectFrom('parley_meta').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  const secret = Buffer.from(row.value, 'base64');
  if (secret.length !== SECRET_BYTES) throw new Error(`server secret "${name}" in parley_meta is not ${SECRET_BYTES} bytes of base64`);
  return secret;
}
