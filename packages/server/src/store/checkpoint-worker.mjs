// Runs SQLite WAL checkpoints on a thread of its own, with its own connection, so the copy of
// the log into the database file (and its fsync) never pauses the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const database = new Database(workerData.file);
database.pragma('busy_timeout = 5000');
database.pragma(`journal_size_limit = ${workerData.walSizeLimit}`);
const timer = setInterval(() => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy (or full) database is checkpointed on the next tick.
  }
}, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Closing anyway: the next start checkpoints what is left.
  } finally {
    database.close();
    parentPort.close();
  }
});
