// Runs SQLite WAL checkpoints on a thread of its own, with its own connection, so the copy of
// the log into the database file (and its fsync) never pauses the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const database = new Database(workerData.file);
database.pragma('busy_timeout = 5000');
database.pragma(`journal_size_limit = ${workerData.walSizeLimit}`);
// SQLite starts the log over only when a write begins and finds every frame copied. A checkpoint every
// 250 ms never finds that under writes that do not pause (the WAL grew to 263 MB in 13 s of activations,
// then the first pause cut it with a 140 ms truncation on the event loop): while the log is long, copy
// its tail again every few milliseconds, so a write soon finds it fully copied.
const LONG_LOG_FRAMES = 1024;
const CATCH_UP_MS = 10;
let timer;
function checkpoint() {
  let delay = workerData.intervalMs;
  try {
    const [result] = database.pragma('wal_checkpoint(PASSIVE)');
    if (result && result.log > LONG_LOG_FRAMES) delay = CATCH_UP_MS;
  } catch {
    // A busy (or full) database is checkpointed on the next tick.
  }
  timer = setTimeout(checkpoint, delay);
}
timer = setTimeout(checkpoint, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Closing anyway: the next start checkpoints what is left.
  } finally {
    database.close();
    parentPort.close();
  }
});
