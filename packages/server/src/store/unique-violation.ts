/** A write refused by a unique key or index (PostgreSQL 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE): a race lost to another writer. */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A write refused by a foreign key (PostgreSQL 23503, SQLite's SQLITE_CONSTRAINT_FOREIGNKEY): the row it names was deleted meanwhile. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
