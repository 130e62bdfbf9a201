import type { Config } from '../config.js';
import type { SealedBox } from '../keys/sealed-box.js';
import type { Log } from '../log.js';
import type { Store } from '../store/open-store.js';
import { WebhookDeliveries } from './deliveries.js';
import { WebhookDispatcher } from './dispatcher.js';
import { WebhookEndpoints } from './endpoints.js';
import { WebhookOutbox } from './outbox.js';

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './event-types.js';
export type { WebhookEvent } from './events.js';

/** Webhooks (docs/reference/webhooks.md): the outbox written with each change, the endpoints, the log, the sender. */
export interface Webhooks {
  readonly outbox: WebhookOutbox;
  readonly endpoints: WebhookEndpoints;
  readonly deliveries: WebhookDeliveries;
  /** Started by `parley serve` (start-server.ts); tests start it or call runOnce. */
  readonly dispatcher: WebhookDispatcher;
}

export interface WebhooksOptions {
  config: Pick<Config, 'webhooks'>;
  store: Store;
  now: () => Date;
  newId: () => string;
  box: SealedBox;
  log: Log;
  /** Trusted certificates for https endpoints (tests). */
  ca?: string | Buffer;
}

export function createWebhooks(options: WebhooksOptions): Webhooks {
  const { store, now, newId, box, log } = options;
  const target = { allowLoopback: options.config.webhooks.allowLoopback };
  // The outbox wakes the dispatcher made below: a closure, first called once both exist.
  const outbox = new WebhookOutbox({ store, now, newId, committed: () => dispatcher.wake() });
  const endpoints = new WebhookEndpoints({ store, now, newId, box, target, changed: () => outbox.endpointsChanged() });
  const dispatcher = new WebhookDispatcher({
    store,
    endpoints,
    target,
    now,
    newId,
    log,
    timeoutMs: options.config.webhooks.timeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  return {
    outbox,
    endpoints,
    deliveries: new WebhookDeliveries({ store, now, newId, due: () => dispatcher.wake() }),
    dispatcher,
  };
}
