import type { Log } from '../log.js';
import { describeFault, type StorageFault } from './storage-faults.js';

/** How often a persisting fault is logged again (with how many errors it caused meanwhile). */
const REPEAT_LOG_MS = 60_000;
/**
 * A write that succeeds this long after the last failure means the database works again. Sooner
 * proves little: on a full disk a small write still fits in a page SQLite holds while the next
 * message needs a new one, and readiness must not flap with every request.
 */
export const RECOVERY_QUIET_MS = 5000;

/**
 * What the database did lately, for readiness and for the log: the first failure of a run is
 * logged once in plain words (where, what, what to do), then once a minute with a count, and
 * recovery once. A disk that fills up writes a handful of lines, not one per request.
 */
export class StoreHealth {
  private fault: StorageFault | null = null;
  private since = 0;
  private lastFailureAt = 0;
  private errors = 0;
  private loggedAt = 0;

  constructor(
    private readonly log: Log,
    /** Where the data lives, named in the log: the SQLite data dir or the PostgreSQL host. */
    private readonly location: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last fault, until a write succeeds RECOVERY_QUIET_MS after it. */
  get current(): StorageFault | null {
    return this.fault;
  }

  failed(fault: StorageFault): void {
    // Shedding load on this node is not a database fault: the database answers, readiness stays.
    if (fault.kind === 'saturated') return;
    const at = this.now();
    this.lastFailureAt = at;
    this.errors++;
    if (this.fault === null) {
      this.fault = fault;
      this.since = at;
      this.loggedAt = at;
      this.errors = 1;
      this.log.error(
        { fault: fault.kind, detail: fault.detail, serverMessage: fault.serverMessage, location: this.location },
        this.headline(fault),
      );
      return;
    }
    this.fault = fault;
    if (at - this.loggedAt >= REPEAT_LOG_MS) {
      this.loggedAt = at;
      const seconds = Math.round((at - this.since) / 1000);
      this.log.error(
        { fault: fault.kind, detail: fault.detail, location: this.location, errors: this.errors },
        `${this.headline(fault)} (still failing after ${seconds} s, ${this.errors} errors)`,
      );
    }
  }

  succeeded(): void {
    if (this.fault === null || this.now() - this.lastFailureAt < RECOVERY_QUIET_MS) return;
    const seconds = Math.round((this.now() - this.since) / 1000);
    this.log.info(
      { location: this.location, errors: this.errors },
      `the database works again after ${seconds} s (${this.errors} failed operations meanwhile)`,
    );
    this.fault = null;
    this.errors = 0;
  }

  private headline(fault: StorageFault): string {
    const advice: Partial<Record<StorageFault['kind'], string>> = {
      'disk-full': 'free space there: writes fail until then',
      'read-only': 'make it writable: writes fail until then',
      'io-error': 'check the disk',
      unreachable: 'requests get 503 until it answers again',
      timeout: 'requests get 503 until it answers again',
      overloaded: 'excess requests get 503',
    };
    const what = advice[fault.kind];
    return `database failure at ${this.location}: ${describeFault(fault)}${what ? `; ${what}` : ''}`;
  }
}
