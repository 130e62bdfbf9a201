/**
 * Every request of an overload run, by number: the segment of the schedule it belongs to, when it
 * was due (ms from the ledger's start), and once answered, how (a kind, by name) and after how long.
 * Typed arrays: a run holds a few hundred thousand entries.
 */
export const NO_ANSWER = 'no answer';
export const OK = 'ok';
/** Kinds named `shed: …` are the answers that refuse work on purpose (503 + Retry-After, 429, RATE_LIMITED). */
export const SHED_PREFIX = 'shed: ';

export interface KindCount {
  kind: string;
  count: number;
  /** Sorted latencies of the answers of this kind, ms. */
  latencies: Float64Array;
}

export interface Window {
  /** From the start of the segment, ms. */
  startMs: number;
  sent: number;
  ok: number;
  /** Answered `shed: …`. */
  shed: number;
  /** p99 of the successes due in this window, ms (NaN without any). */
  p99: number;
}

export class Ledger {
  readonly started = performance.now();
  private capacity = 1 << 16;
  private segmentOf = new Uint8Array(this.capacity);
  private dueAt = new Float64Array(this.capacity);
  private kindOf = new Uint16Array(this.capacity);
  private latency = new Float64Array(this.capacity);
  private readonly kinds: string[] = [NO_ANSWER, OK];
  private readonly kindIds = new Map(this.kinds.map((kind, id) => [kind, id]));
  /** When each segment started, ms from the ledger's start. */
  readonly segmentStart: number[] = [];
  size = 0;
  answered = 0;

  /** A new entry of `segment`, due now (or at `due`, a performance.now() instant); its number. */
  add(segment: number, due = performance.now()): number {
    if (this.size === this.capacity) this.grow();
    const id = this.size++;
    this.segmentOf[id] = segment;
    this.dueAt[id] = due - this.started;
    return id;
  }

  /** Records the answer of `id` once (later answers of the same entry are ignored); latency runs from its due instant. */
  settle(id: number, kind: string, at = performance.now()): void {
    if (id >= this.size || this.kindOf[id] !== 0) return;
    let kindId = this.kindIds.get(kind);
    if (kindId === undefined) {
      kindId = this.kinds.length;
      this.kinds.push(kind);
      this.kindIds.set(kind, kindId);
    }
    this.kindOf[id] = kindId;
    this.latency[id] = at - this.started - (this.dueAt[id] as number);
    this.answered++;
  }

  isSettled(id: number): boolean {
    return this.kindOf[id] !== 0;
  }

  dueInstant(id: number): number {
    return this.started + (this.dueAt[id] as number);
  }

  /** How long each segment lasts, ms, when known (windows past its end are folded into its last one). */
  readonly segmentMs: number[] = [];

  /** Marks the start of `segment` (now, or at a performance.now() instant), and its planned length. */
  startSegment(segment: number, at = performance.now(), ms = Number.POSITIVE_INFINITY): void {
    this.segmentStart[segment] = at - this.started;
    this.segmentMs[segment] = ms;
  }

  /** The segment running at `at` (a performance.now() instant): the latest started by then, 0 before any. */
  segmentAt(at = performance.now()): number {
    const t = at - this.started;
    let found = 0;
    let latest = Number.NEGATIVE_INFINITY;
    this.segmentStart.forEach((start, segment) => {
      if (start <= t && start >= latest) {
        found = segment;
        latest = start;
      }
    });
    return found;
  }

  /** Answers of one segment by kind, most frequent first. */
  kindsOf(segment: number): KindCount[] {
    const byKind = new Map<number, number[]>();
    for (let id = 0; id < this.size; id++) {
      if (this.segmentOf[id] !== segment) continue;
      const kind = this.kindOf[id] as number;
      const list = byKind.get(kind) ?? [];
      if (list.length === 0) byKind.set(kind, list);
      list.push(this.latency[id] as number);
    }
    return [...byKind]
      .map(([kind, latencies]) => ({
        kind: this.kinds[kind] as string,
        count: latencies.length,
        latencies: Float64Array.from(latencies).sort(),
      }))
      .sort((a, b) => b.count - a.count);
  }

  /** Answers of `kind` (any segment) that arrived between two instants, ms from the ledger's start. */
  answeredBetween(fromMs: number, toMs: number, kind = OK): number {
    const kindId = this.kindIds.get(kind);
    let count = 0;
    for (let id = 0; id < this.size; id++) {
      if (this.kindOf[id] !== kindId) continue;
      const at = (this.dueAt[id] as number) + (this.latency[id] as number);
      if (at >= fromMs && at < toMs) count++;
    }
    return count;
  }

  /** The segment cut in windows of `windowMs` by due instant: how many were due, how many succeeded, their p99. */
  windows(segment: number, windowMs: number): Window[] {
    const start = this.segmentStart[segment] ?? 0;
    const last = Math.max(0, Math.ceil((this.segmentMs[segment] ?? Number.POSITIVE_INFINITY) / windowMs) - 1);
    const buckets: number[][] = [];
    const sent: number[] = [];
    const shed: number[] = [];
    const shedKinds = new Set(this.kinds.flatMap((kind, id) => (kind.startsWith(SHED_PREFIX) ? [id] : [])));
    for (let id = 0; id < this.size; id++) {
      if (this.segmentOf[id] !== segment) continue;
      const index = Math.min(last, Math.max(0, Math.floor(((this.dueAt[id] as number) - start) / windowMs)));
      sent[index] = (sent[index] ?? 0) + 1;
      buckets[index] ??= [];
      const kind = this.kindOf[id] as number;
      if (kind === 1) (buckets[index] as number[]).push(this.latency[id] as number);
      else if (shedKinds.has(kind)) shed[index] = (shed[index] ?? 0) + 1;
    }
    return Array.from({ length: sent.length }, (_, index) => {
      const latencies = Float64Array.from(buckets[index] ?? []).sort();
      return {
        startMs: index * windowMs,
        sent: sent[index] ?? 0,
        ok: latencies.length,
        shed: shed[index] ?? 0,
        p99: sortedP(latencies, 0.99),
      };
    });
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Uint8Array | Uint16Array | Float64Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.segmentOf = grow(this.segmentOf, new Uint8Array(this.capacity));
    this.dueAt = grow(this.dueAt, new Float64Array(this.capacity));
    this.kindOf = grow(this.kindOf, new Uint16Array(this.capacity));
    this.latency = grow(this.latency, new Float64Array(this.capacity));
  }
}

/** Nearest-rank percentile of sorted values (NaN when empty). */
export function sortedP(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}
