import { createPublicKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformKeyError, PlatformKeys, platformJwks } from '../../src/keys/platform-keys.js';
import { SealedBox } from '../../src/keys/sealed-box.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('platform keys on %s', (dialect) => {
  let opened: TestStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.map((t) => t.dispose()));
    opened = [];
  });
  async function setup(secret = 'a-long-enough-test-secret') {
    const testStore = await openTestStore(dialect);
    opened.push(testStore);
    let clock = new Date('2026-01-01T00:00:00Z');
    const keys = new PlatformKeys({ store: testStore.store, box: new SealedBox(secret), now: () => clock, rsaBits: 2048 });
    return { keys, store: testStore.store, tick: () => (clock = new Date(clock.getTime() + 1000)) };
  }

  it('creates one current key of each kind at first start, once, and seals private keys', async () => {
    const { keys, store } = await setup();
    await Promise.all([keys.ensure(), keys.ensure()]);
    await keys.ensure();
    expect(await keys.list('rsa')).toHaveLength(1);
    expect(await keys.list('ed25519')).toHaveLength(1);
    const rows = await store.db.selectFrom('platform_keys').select(['private_key']).execute();
    for (const row of rows) {
      expect(row.private_key).toMatch(/^sealed:v1:/);
      expect(row.private_key).not.toMatch(/PRIVATE KEY/);
    }
    const [decryption] = await keys.decryptionKeys();
    expect(decryption?.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('nodes starting together each find the keys once their ensure() resolves, and an empty read is not cached', async () => {
    const { keys, store } = await setup();
    const otherNode = new PlatformKeys({ store, box: new SealedBox('a-long-enough-test-secret'), now: () => new Date(), rsaBits: 2048 });
    expect(await otherNode.decryptionKeys()).toEqual([]); // read before anyone made keys
    const found = await Promise.all(
      [keys, otherNode].map(async (node) => {
        await node.ensure();
        return (await node.decryptionKeys()).length;
      }),
    );
    expect(found).toEqual([1, 1]);
    expect((await otherNode.sessionVerificationKeys()).size).toBe(1);
  });

  it('refuses to open sealed keys with another secret, naming where that secret came from', async () => {
    const { keys, store } = await setup('the-first-secret-of-many');
    await keys.ensure();
    const other = new PlatformKeys({ store, box: new SealedBox('a-different-secret-here'), now: () => new Date(), rsaBits: 2048 });
    await expect(other.decryptionKeys()).rejects.toThrow(/the secret from PARLEY_SECRET does not match/);
    const fromFile = new PlatformKeys({
      store,
      box: new SealedBox('a-different-secret-here', 'the secret file /x/secret'),
      now: () => new Date(),
      rsaBits: 2048,
    });
    await expect(fromFile.signingKey()).rejects.toThrow(/the secret from the secret file \/x\/secret does not match/);
  });

  it('rotates: a new current key, the old one still accepted, JWKS current first', async () => {
    const { keys, tick } = await setup();
    await keys.ensure();
    const [first] = await keys.list('rsa');
    tick();
    const rotated = await keys.rotate('rsa');
    const listed = await keys.list('rsa');
    expect(listed.map((key) => [key.kid, key.current])).toEqual([
      [rotated.kid, true],
      [first?.kid, false],
    ]);
    expect((await keys.decryptionKeys()).map((key) => key.kid)).toEqual([rotated.kid, first?.kid]);
    const jwks = await platformJwks(keys);
    expect(jwks.keys.map((key) => key.kid)).toEqual([rotated.kid, first?.kid]);
    for (const jwk of jwks.keys) {
      expect(jwk).toMatchObject({ kty: 'RSA', use: 'enc', alg: 'RSA-OAEP-256' });
      expect(jwk).not.toHaveProperty('d');
      expect(createPublicKey({ key: jwk as never, format: 'jwk' }).asymmetricKeyType).toBe('rsa');
    }
  });

  it('retires an old key but never the current one', async () => {
    const { keys, tick } = await setup();
    await keys.ensure();
    const [first] = await keys.list('rsa');
    if (!first) throw new Error('no key');
    await expect(keys.retire(first.kid)).rejects.toThrow(PlatformKeyError);
    await expect(keys.retire(first.kid)).rejects.toThrow(/rotate to a new key before retiring/);
    tick();
    await keys.rotate('rsa');
    await keys.retire(first.kid);
    expect((await keys.list('rsa')).map((key) => key.kid)).not.toContain(first.kid);
    expect((await keys.decryptionKeys()).map((key) => key.kid)).not.toContain(first.kid);
    await expect(keys.retire(first.kid)).rejects.toThrow(/no active platform key/);
    await expect(keys.retire('never-existed')).rejects.toThrow(/no active platform key/);
  });
});
