import { CompiledQuery } from 'kysely';
import { type Log, throttledWarning } from '../log.js';
import type { Store } from '../store/open-store.js';
import { type ClaimedRow, claimStatement, PARKED, PER_ENDPOINT, PER_PROJECT, type Room } from './claim-statements.js';
import type { WebhookEndpoints } from './endpoints.js';
import { parkDeliveries } from './parking.js';
import { DISABLE_AFTER_FAILING_MS, retryDelayMs } from './retry-schedule.js';
import { signedHeaders } from './signing.js';
import { checkedAddress, parseEndpointUrl, postTo, type TargetOptions } from './target.js';

export interface DispatcherOptions {
  store: Store;
  endpoints: WebhookEndpoints;
  target: TargetOptions;
  now: () => Date;
  newId: () => string;
  log: Log;
  /** How long one request may take (PARLEY_WEBHOOKS_TIMEOUT_MS). */
  timeoutMs: number;
  /** How often the outbox is read when nothing wakes the dispatcher (other nodes' events, retries). */
  pollMs?: number;
  /** Requests in flight at once on this node (16 by default; PER_ENDPOINT and PER_PROJECT of them at most to one). */
  concurrency?: number;
  /** Trusted certificates for https endpoints (tests); Node's roots by default. */
  ca?: string | Buffer;
  random?: () => number;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

const describe = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 300);
};

/**
 * Sends the outbox's deliveries (docs/reference/webhooks.md): every node runs one, and a delivery is claimed by one
 * node at a time. 2xx is delivered; 410 Gone disables the endpoint; anything else (another status, a redirect, a
 * timeout, a refused address) is retried on the schedule of retry-schedule.ts, with the same `webhook-id` and body.
 */
export class WebhookDispatcher {
  private readonly claim: ReturnType<typeof claimStatement>;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private inFlight = 0;
  /** Requests in flight per endpoint and per project. */
  private readonly byEndpoint = new Map<string, number>();
  private readonly byProject = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = true;
  private again = false;
  private readonly settled = new Set<Promise<void>>();
  /** While the database is down, one line a minute rather than one a poll. */
  private readonly readFailed: (error: unknown) => void;

  constructor(private readonly options: DispatcherOptions) {
    this.claim = claimStatement(options.store.dialect);
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 16;
    this.readFailed = throttledWarning(options.log, 'webhook outbox could not be read; trying again every poll');
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Reads the outbox now (events just committed on this node). */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Stops claiming and waits for the requests in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.settled]);
  }

  /** One pass: claims what is due (up to the free request slots) and sends it. Tests call it directly. */
  async runOnce(): Promise<number> {
    const free = this.concurrency - this.inFlight;
    if (free <= 0) return 0;
    const now = this.options.now();
    // Past the request's timeout with room to spare (the write of the result): then another node may send it.
    const leaseUntil = new Date(now.getTime() + 2 * this.options.timeoutMs + 5_000).toISOString();
    const { sql, parameters } = this.claim(leaseUntil, now.toISOString(), free, this.room());
    const { rows } = await this.options.store.db.executeQuery<ClaimedRow>(CompiledQuery.raw(sql, parameters));
    for (const row of rows) {
      this.inFlight++;
      count(this.byEndpoint, row.endpoint_id, 1);
      count(this.byProject, row.project_id, 1);
      const sending = this.send(row, leaseUntil)
        .catch((error) => this.options.log.warn({ delivery: row.id, error: describe(error) }, 'webhook delivery could not be recorded'))
        .finally(() => {
          this.inFlight--;
          count(this.byEndpoint, row.endpoint_id, -1);
          count(this.byProject, row.project_id, -1);
          this.settled.delete(sending);
          this.wake();
        });
      this.settled.add(sending);
    }
    return rows.length;
  }

  /** The slots left to the endpoints and projects this node is sending to. */
  private room(): Room {
    const left = (counts: Map<string, number>, cap: number) =>
      Object.fromEntries([...counts].map(([id, busy]) => [id, Math.max(0, cap - busy)]));
    return { endpoints: left(this.byEndpoint, PER_ENDPOINT), projects: left(this.byProject, PER_PROJECT) };
  }

  /** Waits for the requests in flight (tests). */
  async idle(): Promise<void> {
    while (this.settled.size > 0) await Promise.allSettled([...this.settled]);
  }

  private schedule(delayMs: number): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    this.running = true;
    this.again = false;
    try {
      await this.runOnce();
    } catch (error) {
      this.readFailed(error);
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(this.again ? 0 : this.pollMs);
    }
  }

  private async send(row: ClaimedRow, leaseUntil: string): Promise<void> {
    const endpoint = await this.options.endpoints.row(row.endpoint_id);
    if (endpoint.disabled_at !== null) return this.release(row, leaseUntil);
    const started = performance.now();
    let outcome: Outcome;
    try {
      // One deadline for the lookup and the request: the attempt must end well within the lease.
      const signal = AbortSignal.timeout(this.options.timeoutMs);
      const url = parseEndpointUrl(endpoint.url, this.options.target);
      const address = await abortable(checkedAddress(url, this.options.target), signal);
      const timestamp = Math.floor(this.options.now().getTime() / 1000);
      const headers = signedHeaders(this.options.endpoints.signingSecrets(endpoint), row.event_id, timestamp, row.payload);
      const { status } = await postTo(url, address, headers, row.payload, signal, this.options.ca);
      outcome = status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `answered HTTP ${status}` };
    } catch (error) {
      const timedOut = (error as { name?: unknown }).name === 'TimeoutError' || (error as { name?: unknown }).name === 'AbortError';
      outcome = { ok: false, status: null, error: timedOut ? `no answer within ${this.options.timeoutMs} ms` : describe(error) };
    }
    await this.record(row, leaseUntil, endpoint.failing_since, outcome, Math.round(performance.now() - started));
  }

  /** A delivery claimed for an endpoint disabled meanwhile: not sent, not counted, parked until it is enabled. */
  private async release(row: ClaimedRow, leaseUntil: string): Promise<void> {
    await this.options.store.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ lease_until: null, attempts: eb('attempts', '-', 1), next_attempt_at: PARKED }))
      .where('seq', '=', Number(row.seq))
      .where('lease_until', '=', leaseUntil)
      .execute();
  }

  private async record(
    row: ClaimedRow,
    leaseUntil: string,
    failingSince: string | null,
    outcome: Outcome,
    durationMs: number,
  ): Promise<void> {
    const { store } = this.options;
    const now = this.options.now();
    const at = now.toISOString();
    const seq = Number(row.seq);
    const gone = !outcome.ok && outcome.status === 410;
    const delay = outcome.ok || gone ? null : retryDelayMs(Number(row.attempts), this.options.random);
    const status = outcome.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
    const nextAttemptAt = delay === null ? null : new Date(now.getTime() + delay).toISOString();
    const failingFor = failingSince ? now.getTime() - Date.parse(failingSince) : 0;
    const disableReason = gone
      ? 'the endpoint answered 410 Gone'
      : !outcome.ok && failingFor >= DISABLE_AFTER_FAILING_MS
        ? `every attempt failed for ${Math.round(failingFor / 86_400_000)} days`
        : null;
    const recorded = await store.transaction(async () => {
      const { db } = store;
      const updated = await db
        .updateTable('webhook_deliveries')
        .set({
          status,
          lease_until: null,
          last_status: outcome.status,
          last_error: outcome.ok ? null : outcome.error,
          last_duration_ms: durationMs,
          ...(outcome.ok ? { delivered_at: at } : {}),
          ...(nextAttemptAt !== null ? { next_attempt_at: nextAttemptAt } : {}),
          // A user.erased event names the user only until it has gone out (or given up).
          ...(status !== 'pending' && row.event_type === 'user.erased' ? { payload: withoutUserId(row.payload), user_id: null } : {}),
        })
        .where('seq', '=', seq)
        .where('lease_until', '=', leaseUntil)
        .executeTakeFirst();
      // Deleted while in flight (its endpoint deleted, its user erased), or no longer this attempt's (its lease ran out
      // and another node took it): the attempt has nothing left to record.
      if (Number(updated.numUpdatedRows) === 0) return false;
      await db
        .insertInto('webhook_attempts')
        .values({
          id: this.options.newId(),
          delivery_seq: seq,
          attempted_at: at,
          status_code: outcome.status,
          duration_ms: durationMs,
          error: outcome.ok ? null : outcome.error,
        })
        .execute();
      // The deliveries queued behind it wait as long (so the claim does not walk them while they are blocked).
      if (nextAttemptAt !== null && row.ordering_key !== null)
        await db
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: nextAttemptAt })
          .where('endpoint_id', '=', row.endpoint_id)
          .where('ordering_key', '=', row.ordering_key)
          .where('status', '=', 'pending')
          .where('seq', '>', seq)
          .where('next_attempt_at', '<', nextAttemptAt)
          .execute();
      if (disableReason) await parkDeliveries(db, row.endpoint_id);
      const endpoint = db.updateTable('webhook_endpoints').where('id', '=', row.endpoint_id);
      if (outcome.ok) await endpoint.set({ failing_since: null }).where('failing_since', 'is not', null).execute();
      else if (disableReason)
        await endpoint.set({ disabled_at: at, disabled_reason: disableReason }).where('disabled_at', 'is', null).execute();
      else if (!failingSince) await endpoint.set({ failing_since: at }).where('failing_since', 'is', null).execute();
      return true;
    });
    if (recorded && disableReason) this.options.log.warn({ endpoint: row.endpoint_id, reason: disableReason }, 'webhook endpoint disabled');
  }
}

function count(counts: Map<string, number>, id: string, by: 1 | -1): void {
  const next = (counts.get(id) ?? 0) + by;
  if (next > 0) counts.set(id, next);
  else counts.delete(id);
}

/** `work`, or the signal's reason once it aborts (the work itself goes on unheeded: a DNS lookup cannot be stopped). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The stored copy of a delivered user.erased event: its userId blanked. */
function withoutUserId(payload: string): string {
  const body = JSON.parse(payload) as { data?: Record<string, unknown> };
  if (body.data) body.data.userId = '[erased]';
  return JSON.stringify(body);
}
