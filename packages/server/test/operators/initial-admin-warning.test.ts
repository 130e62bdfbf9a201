// PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD only create the first admin of an empty database: a start that
// ignores them says so in the log, with why and what to do (a guide once failed further on, with no word of it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { initialAdminWarning } from '../../src/operators/index.js';
import { createServices } from '../../src/services.js';
import { openStore, type Store } from '../../src/store/open-store.js';

const PASSWORD = 'correct horse battery';

describe('the first admin from the environment', () => {
  let store: Store;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-initial-admin-'));
    store = await openStore({ databaseUrl: null, dataDir });
  });
  afterAll(() => store.close());

  /** One start on the shared database with these variables: its warnings about the first admin. */
  async function start(env: Record<string, string>) {
    const warnings: { fields: object; message: string }[] = [];
    const log = {
      error() {},
      info() {},
      warn: (fields: object, message: string) => {
        if ('initialAdmin' in fields) warnings.push({ fields, message });
      },
    };
    const config = loadConfig({ PARLEY_DATA_DIR: dataDir, ...env });
    const services = await createServices({ config, store, passwordCost: 2 ** 10, log });
    await services.close();
    return { created: services.initialAdminCreated, warnings };
  }
  const admin = (email: string, password = PASSWORD) => ({ PARLEY_ADMIN_EMAIL: email, PARLEY_ADMIN_PASSWORD: password });

  it('creates it on an empty database and says nothing more; a later start with the same values is silent too', async () => {
    expect(await start(admin('first@example.com'))).toEqual({ created: true, warnings: [] });
    expect(await start(admin('first@example.com'))).toEqual({ created: false, warnings: [] });
    expect(await start({})).toEqual({ created: false, warnings: [] });
  });

  it('warns when the database already has operators and the email is not one of them', async () => {
    const { created, warnings } = await start(admin('admin@example.com'));
    expect(created).toBe(false);
    expect(warnings).toEqual([{ fields: { initialAdmin: 'ignored' }, message: expect.any(String) }]);
    const [warning] = warnings;
    expect(warning?.message).toContain('PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD were ignored');
    expect(warning?.message).toContain('this database already has 1 operator, and admin@example.com is not one of them');
    expect(warning?.message).toContain('another --data-dir');
  });

  it('warns when that operator exists with another password, and changes nothing', async () => {
    const { warnings } = await start(admin('First@Example.com', `${PASSWORD} staple`));
    expect(warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining('PARLEY_ADMIN_PASSWORD was ignored: the operator first@example.com already exists and has another password'),
    ]);
    expect(await start(admin('first@example.com'))).toEqual({ created: false, warnings: [] }); // the first password still holds
  });

  it('names what differs: an agent, a disabled operator', () => {
    expect(initialAdminWarning({ kind: 'differs', role: 'agent', disabled: false }, 'a@example.com')).toContain(
      'a@example.com already exists and is an agent, not an admin',
    );
    expect(initialAdminWarning({ kind: 'differs', role: 'admin', disabled: true }, 'a@example.com')).toContain(
      'already exists and is disabled',
    );
    expect(initialAdminWarning({ kind: 'ignored', operators: 3 }, 'a@example.com')).toContain('already has 3 operators');
    for (const kind of ['not-configured', 'created', 'exists'] as const) expect(initialAdminWarning({ kind }, 'a@example.com')).toBeNull();
  });
});
