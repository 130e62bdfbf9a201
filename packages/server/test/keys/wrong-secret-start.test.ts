import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase, freePort, killServerProcesses, startServerProcess } from '../helpers/server-process.js';

/** Issue 13, finding 8: a node whose secret does not open the stored keys says so and ends (a process manager sees it fail). */
describe('parley serve on PostgreSQL with a secret that does not open the keys', () => {
  const cleanUps: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    await killServerProcesses();
    for (const cleanUp of cleanUps.reverse()) await cleanUp();
  });

  it('stops before listening, with the reason and no key material, and exits 1', async () => {
    const database = await createTestDatabase('wrong_secret');
    cleanUps.push(() => database.drop());
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-wrong-secret-'));
    cleanUps.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // The first node sealed the keys with its secret.
    const store = await openStore({ databaseUrl: database.url, dataDir });
    const config = loadConfig({ DATABASE_URL: database.url, PARLEY_DATA_DIR: dataDir, PARLEY_SECRET: 'the-first-nodes-secret-0123' });
    await (await createServices({ config, store })).close();
    await store.close();

    const start = (env: Record<string, string>) =>
      freePort().then((port) =>
        startServerProcess({ port, dataDir: join(dataDir, 'second'), databaseUrl: database.url, env, startTimeoutMs: 20_000 }),
      );
    const failure = await start({ PARLEY_SECRET: 'another-nodes-secret-0123' }).catch((error: Error) => error.message);
    expect(failure).toMatch(/^parley serve exited \(1\) before listening/);
    expect(failure).toContain(
      'cannot decrypt the stored platform keys: the secret from PARLEY_SECRET does not match the one they were sealed with',
    );
    expect(failure).not.toMatch(/PRIVATE KEY|the-first-nodes-secret/);
    // Without any secret, it does not make one of its own either.
    expect(await start({}).catch((error: Error) => error.message)).toContain(
      `the platform keys in the database are sealed, but PARLEY_SECRET is not set and ${join(dataDir, 'second', 'secret')} does not exist`,
    );
  }, 60_000);
});
