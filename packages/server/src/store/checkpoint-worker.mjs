// Runs SQLite WAL checkpoints on a thread of its own, with its own connection, so the copy of
// the log into the database file (and its fsync) never pauses the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const database = new Database(workerData.file);
database.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database is checkpointed on the next tick.
  }
}, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    database.close();
    parentPort.close();
  }
});
