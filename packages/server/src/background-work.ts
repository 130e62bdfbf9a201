import { startSearchIndexer } from './conversations/search-index.js';
import type { Log } from './log.js';
import { purgeByRetention } from './privacy/retention.js';
import type { Services } from './services.js';
import { deleteOldDeliveries } from './webhooks/forget-deliveries.js';

const HOUSEKEEPING_MS = 3_600_000;

export interface BackgroundWork {
  /**
   * Stops the timers; a search-index catch-up under way ends after its current chunk. The webhook dispatcher stops with
   * the services (`services.close()`), so a node shutting down still delivers what it commits while it drains.
   */
  stop(): Promise<void>;
}

/**
 * What a node runs besides answering requests: webhook deliveries, the hourly housekeeping (authentication events
 * past their retention, expired bearers, used or expired transfer tokens, each project's retention of closed
 * conversations and idle anonymous profiles, old deliveries), and on SQLite the indexing of new messages for search
 * every second. `startServer` runs it; a server assembled from `createServices` and `buildApp` runs it with this.
 */
export function startBackgroundWork(services: Services, log: Log): BackgroundWork {
  const failed = (what: string) => (error: unknown) => log.error({ err: error }, `${what} failed`);
  const housekeeping = setInterval(() => {
    services.authLog.purgeExpired().catch(failed('purging expired authentication events'));
    services.accessTokens.deleteExpired().catch(failed('deleting expired bearers'));
    services.transfers.purge().catch(failed('purging transfer tokens'));
    purgeByRetention(services.store, services.now()).catch(failed('applying retention'));
    deleteOldDeliveries(services.store, services.now()).catch(failed('deleting old webhook deliveries'));
  }, HOUSEKEEPING_MS);
  housekeeping.unref();
  const searchIndexer = startSearchIndexer(services.store, log);
  services.webhooks.dispatcher.start();
  return {
    async stop() {
      clearInterval(housekeeping);
      await searchIndexer.stop();
    },
  };
}
