import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, openTestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('public routes on %s', (dialect) => {
  let testApp: TestApp;
  let app: TestApp['app'];
  beforeAll(async () => {
    testApp = await openTestApp(dialect);
    app = testApp.app;
  });
  afterAll(() => testApp.dispose());

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
    const config = loadConfig({});
    const lonely = await buildApp(config, await createServices({ config, store: store.store }));
    await store.dispose();
    expect((await lonely.inject('/readyz')).statusCode).toBe(503);
    await lonely.close();
  });
});
