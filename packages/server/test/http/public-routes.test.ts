import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loadConfig, PlatformKeys, SealedBox } from '../../src/index.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('public routes on %s', (dialect) => {
  let testStore: TestStore;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const now = () => new Date('2026-01-01T00:00:00Z');
    const platformKeys = new PlatformKeys({ store: testStore.store, box: new SealedBox(null), now, rsaBits: 2048 });
    await platformKeys.ensure();
    app = await buildApp(loadConfig({}), { store: testStore.store, platformKeys, now });
  });
  afterAll(async () => {
    await app.close();
    await testStore.dispose();
  });

  it('answers /healthz and /readyz', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('publishes the platform public keys at /.well-known/jwks.json, without private members', async () => {
    const response = await app.inject('/.well-known/jwks.json');
    expect(response.statusCode).toBe(200);
    const { keys } = response.json() as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', use: 'enc', alg: 'RSA-OAEP-256' });
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(member);
    expect(response.body).not.toMatch(/sealed|PRIVATE/);
  });

  it('answers 503 from /readyz when the store is gone', async () => {
    const store = await openTestStore(dialect);
    const platformKeys = new PlatformKeys({ store: store.store, box: new SealedBox(null), now: () => new Date(), rsaBits: 2048 });
    const lonely = await buildApp(loadConfig({}), { store: store.store, platformKeys, now: () => new Date() });
    await store.dispose();
    expect((await lonely.inject('/readyz')).statusCode).toBe(503);
    await lonely.close();
  });
});
