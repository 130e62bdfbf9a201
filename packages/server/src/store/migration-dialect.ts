import { type Kysely, SqliteAdapter } from 'kysely';

/** Whether a migration runs on SQLite (types and autoincrement differ from PostgreSQL's). */
export const onSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;
