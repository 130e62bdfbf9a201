import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thumbprintOf } from '@parley/token';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { capturingLog } from '../helpers/app.js';
import { DIALECTS, openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';

/** Issue 13, finding 8: platform private keys are sealed at rest, with PARLEY_SECRET or a generated secret file. */
describe.each(DIALECTS)('platform keys at rest on %s', (dialect) => {
  const stores: TestStore[] = [];
  const dirs: string[] = [];
  const services: Services[] = [];
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
    await Promise.all(stores.splice(0).map((s) => s.dispose()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-keys-at-rest-'));
    dirs.push(dir);
    return join(dir, 'data');
  };
  const newStore = async () => {
    const testStore = await openTestStore(dialect);
    stores.push(testStore);
    return testStore.store;
  };
  const start = async (store: TestStore['store'], env: Record<string, string>) => {
    const { lines, log } = capturingLog();
    const config = loadConfig({ ...(dialect === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL } : {}), ...env });
    const started = await createServices({ config, store, passwordCost: 2 ** 10, log });
    services.push(started);
    return { services: started, lines };
  };
  const privateKeys = async (store: TestStore['store']) =>
    (await store.db.selectFrom('platform_keys').select('private_key').execute()).map((row) => row.private_key);

  it('without PARLEY_SECRET, generates a 0600 secret file once, says where, and seals the keys with it', async () => {
    const store = await newStore();
    const dataDir = newDataDir();
    const file = join(dataDir, 'secret');
    const first = await start(store, { PARLEY_DATA_DIR: dataDir });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8');
    expect(first.lines.join('\n')).toContain(`warn: generated the secret that seals the platform keys: ${file}. `);
    expect(first.lines.join('\n')).toMatch(
      dialect === 'postgres' ? /every node needs this same secret: set PARLEY_SECRET/ : /Back it up with the database/,
    );
    const stored = await privateKeys(store);
    expect(stored).toHaveLength(2);
    for (const value of stored) {
      expect(value).toMatch(/^sealed:v1:/);
      expect(value).not.toContain('PRIVATE KEY');
    }
    const kids = (await first.services.platformKeys.decryptionKeys()).map((key) => key.kid);

    // The next start reads the same file and opens the same keys.
    const second = await start(store, { PARLEY_DATA_DIR: dataDir });
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(second.lines.join('\n')).toContain(`the platform keys are sealed with the secret in ${file}. `);
    expect((await second.services.platformKeys.decryptionKeys()).map((key) => key.kid)).toEqual(kids);
    expect((await second.services.platformKeys.signingKey()).kid).toBe((await first.services.platformKeys.signingKey()).kid);
  });

  it('seals the plain PEM keys an older version stored without PARLEY_SECRET, and keeps using them', async () => {
    const store = await newStore();
    const pairs = { rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }), ed25519: generateKeyPairSync('ed25519') };
    for (const [kind, pair] of Object.entries(pairs) as [keyof typeof pairs, (typeof pairs)[keyof typeof pairs]][])
      await store.db
        .insertInto('platform_keys')
        .values({
          kid: await thumbprintOf(pair.publicKey),
          kind,
          private_key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
          public_spki_pem: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string,
          status: 'current',
          created_at: '2025-01-01T00:00:00.000Z',
          retired_at: null,
        })
        .execute();
    await store.db.insertInto('parley_meta').values({ key: 'platform-keys-bootstrapped', value: '2025-01-01T00:00:00.000Z' }).execute();

    const { services: started, lines } = await start(store, { PARLEY_DATA_DIR: newDataDir() });
    for (const value of await privateKeys(store)) expect(value).toMatch(/^sealed:v1:/);
    expect(lines).toContainEqual('info: sealed 2 platform private key(s) stored in clear by an older version');
    const [decryption] = await started.platformKeys.decryptionKeys();
    expect(decryption?.kid).toBe(await thumbprintOf(pairs.rsa.publicKey));
    expect(decryption?.privateKey.export({ type: 'pkcs8', format: 'pem' })).toBe(
      pairs.rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    expect((await started.platformKeys.signingKey()).kid).toBe(await thumbprintOf(pairs.ed25519.publicKey));
  });

  it('refuses clearly, never showing key material, when the secret at hand does not open the keys', async () => {
    const store = await newStore();
    const dataDir = newDataDir();
    await start(store, { PARLEY_DATA_DIR: dataDir });
    const secret = readFileSync(join(dataDir, 'secret'), 'utf8').trim();

    // Another secret (a second node with its own PARLEY_SECRET, a typo).
    const wrong = await start(store, { PARLEY_DATA_DIR: newDataDir(), PARLEY_SECRET: 'another-secret-0123456789' });
    const failure = await wrong.services.platformKeys.decryptionKeys().catch((error: Error) => error.message);
    expect(failure).toMatch(
      /^cannot decrypt the stored platform keys: the secret from PARLEY_SECRET does not match the one they were sealed with/,
    );
    expect(failure).not.toMatch(/PRIVATE KEY|another-secret/);
    expect(failure).not.toContain(secret);

    // A second node or a restore without the file: the start stops before making a useless new secret.
    const bare = newDataDir();
    await expect(start(store, { PARLEY_DATA_DIR: bare })).rejects.toThrow(
      `the platform keys in the database are sealed, but PARLEY_SECRET is not set and ${join(bare, 'secret')} does not exist`,
    );
    expect(existsSync(join(bare, 'secret'))).toBe(false);

    // The file's content as PARLEY_SECRET (the secret moved to a secret store) opens them.
    const moved = await start(store, { PARLEY_DATA_DIR: dataDir, PARLEY_SECRET: secret });
    expect(await moved.services.platformKeys.decryptionKeys()).toHaveLength(1);
    expect(moved.lines).toContainEqual(
      `warn: PARLEY_SECRET is set, so ${join(dataDir, 'secret')} is not used: delete that file once PARLEY_SECRET holds its content`,
    );
  });

  it('says what to do when the data dir cannot hold the generated secret', async () => {
    const inTheWay = join(newDataDir(), '..', 'a-file');
    writeFileSync(inTheWay, '');
    const message = await start(await newStore(), { PARLEY_DATA_DIR: join(inTheWay, 'data') }).catch((error: Error) => error.message);
    expect(message).toMatch(
      /^cannot keep the generated secret in .+\/a-file\/data\/secret \(ENOTDIR: .+\): set PARLEY_SECRET, or make PARLEY_DATA_DIR a writable directory$/,
    );
  });

  it('with PARLEY_SECRET, writes no secret file', async () => {
    const store = await newStore();
    const dataDir = newDataDir();
    const { services: started } = await start(store, { PARLEY_DATA_DIR: dataDir, PARLEY_SECRET: 'a-long-enough-test-secret' });
    expect(existsSync(join(dataDir, 'secret'))).toBe(false);
    for (const value of await privateKeys(store)) expect(value).toMatch(/^sealed:v1:/);
    expect(await started.platformKeys.decryptionKeys()).toHaveLength(1);
  });
});
