import type { AuthenticationStatsQuery } from '../../generated/graphql.js';

export type StatsBucket = AuthenticationStatsQuery['authenticationStats'][number];

export type RangeId = 'hour' | 'day' | 'month';

/** The chart's periods: the last hour per minute, the last day per hour, the last 30 days per day. */
export const RANGES: Record<RangeId, { label: string; bucket: 'MINUTE' | 'HOUR' | 'DAY'; milliseconds: number; per: string }> = {
  hour: { label: 'Last hour', bucket: 'MINUTE', milliseconds: 3_600_000, per: 'minute' },
  day: { label: 'Last 24 hours', bucket: 'HOUR', milliseconds: 86_400_000, per: 'hour' },
  month: { label: 'Last 30 days', bucket: 'DAY', milliseconds: 30 * 86_400_000, per: 'day' },
};

/** `from`/`to` for authenticationStats; `to` is a moment past now, so the current bucket is in. */
export function rangeVariables(range: RangeId, now = Date.now()) {
  const { bucket, milliseconds } = RANGES[range];
  return { from: new Date(now - milliseconds + 1).toISOString(), to: new Date(now + 1).toISOString(), bucket };
}

const formats = {
  MINUTE: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
  HOUR: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
  DAY: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }),
};

export const bucketLabel = (start: string, range: RangeId) => formats[RANGES[range].bucket].format(new Date(start));

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The chart in one sentence: totals, and when failures peaked. */
export function summarize(buckets: StatsBucket[], range: RangeId): string {
  const success = buckets.reduce((sum, bucket) => sum + bucket.success, 0);
  const failure = buckets.reduce((sum, bucket) => sum + bucket.failure, 0);
  const { label, per } = RANGES[range];
  if (success + failure === 0) return `${label}, per ${per}: no authentication attempts.`;
  let sentence = `${label}, per ${per}: ${plural(success + failure, 'attempt')}, ${success} succeeded, ${failure} failed.`;
  const peak = buckets.reduce<StatsBucket | null>((best, bucket) => (bucket.failure > (best?.failure ?? 0) ? bucket : best), null);
  if (peak) sentence += ` Most failures: ${peak.failure} at ${bucketLabel(peak.start, range)}.`;
  return sentence;
}
