/** A write refused by a unique key or index (PostgreSQL 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE): a race lost to another writer. */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
