import { describe, expect, it } from 'vitest';
import { silentLog } from '../../src/log.js';
import { createPostgresPool, DEFAULT_DATABASE_LIMITS } from '../../src/store/postgres-pool.js';
import { preparedOnPostgres } from '../../src/store/prepared-statements.js';
import { TEST_DATABASE_URL } from '../helpers/stores.js';

describe('prepared statements on PostgreSQL', () => {
  it('prepares a registered text once per connection, another once it repeats, and never one holding *', async () => {
    const pool = createPostgresPool({
      url: TEST_DATABASE_URL,
      schema: undefined,
      limits: { ...DEFAULT_DATABASE_LIMITS, poolSize: 1 },
      log: silentLog,
    });
    const hot = preparedOnPostgres('SELECT $1::int + 1 AS next');
    const client = await pool.connect();
    try {
      const prepared = async () =>
        (
          (await client.query(
            "SELECT name, statement FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared%' ORDER BY name",
            [],
          )) as {
            rows: { name: string; statement: string }[];
          }
        ).rows;
      expect(await prepared()).toEqual([]);
      for (const value of [1, 2, 3]) {
        const { rows } = (await client.query(hot, [value])) as { rows: { next: number }[] };
        expect(rows).toEqual([{ next: value + 1 }]);
      }
      const once = 'SELECT $1::int AS once';
      await client.query(once, [1]);
      expect((await prepared()).map((row) => row.statement)).toEqual([hot]);
      const star = 'SELECT * FROM (SELECT $1::int AS n) AS t';
      for (const value of [1, 2, 3]) await client.query(star, [value]);
      await client.query(once, [2]);
      expect((await prepared()).map((row) => row.statement).sort()).toEqual([hot, once].sort());
      for (const row of await prepared()) expect(row.name).toMatch(/^parley_\d+$/);
    } finally {
      client.release();
      await pool.end();
    }
  });
});
