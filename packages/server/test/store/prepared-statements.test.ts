import { describe, expect, it } from 'vitest';
import { silentLog } from '../../src/log.js';
import { createPostgresPool, DEFAULT_DATABASE_LIMITS } from '../../src/store/postgres-pool.js';
import { preparedOnPostgres } from '../../src/store/prepared-statements.js';
import { TEST_DATABASE_URL } from '../helpers/stores.js';

describe('prepared statements on PostgreSQL', () => {
  it('prepares a registered text once per connection and leaves every other statement unnamed', async () => {
    const pool = createPostgresPool({
      url: TEST_DATABASE_URL,
      schema: undefined,
      limits: { ...DEFAULT_DATABASE_LIMITS, poolSize: 1 },
      log: silentLog,
    });
    const hot = preparedOnPostgres('SELECT $1::int + 1 AS next');
    try {
      const client = await pool.connect();
      const prepared = async () =>
        (
          (await client.query('SELECT name, statement FROM pg_prepared_statements ORDER BY name', [])) as {
            rows: { name: string; statement: string }[];
          }
        ).rows;
      expect(await prepared()).toEqual([]);
      for (const value of [1, 2, 3]) {
        const { rows } = (await client.query(hot, [value])) as { rows: { next: number }[] };
        expect(rows).toEqual([{ next: value + 1 }]);
      }
      await client.query('SELECT $1::int AS unnamed', [1]);
      expect(await prepared()).toEqual([{ name: expect.stringMatching(/^parley_hot_\d+$/), statement: hot }]);
      client.release();
    } finally {
      await pool.end();
    }
  });
});
