import { ApiError } from '../errors.js';

export type StatsBucket = 'MINUTE' | 'HOUR' | 'DAY';

export const MAX_STATS_BUCKETS = 1000;

/** Bucket length, and how many leading characters of an ISO-8601 UTC time name its bucket. */
const BUCKETS: Record<StatsBucket, { milliseconds: number; prefix: number }> = {
  MINUTE: { milliseconds: 60_000, prefix: 16 }, // 2026-01-01T10:42
  HOUR: { milliseconds: 3_600_000, prefix: 13 }, // 2026-01-01T10
  DAY: { milliseconds: 86_400_000, prefix: 10 }, // 2026-01-01
};

export interface BucketPlan {
  /** Start of every bucket, ISO 8601 UTC, oldest first. */
  starts: string[];
  /** Length of the ISO prefix shared by the times of one bucket. */
  prefix: number;
  /** Times counted: lower ≤ time < upper (whole buckets). */
  lower: string;
  upper: string;
}

function validDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * The buckets of a chart from `from` to `to`: the first starts at `from` rounded down to the
 * bucket, the last is the one `to` falls into (exclusive when `to` is a bucket boundary), and
 * every bucket is whole, so a bucket's count never depends on where the range was cut.
 */
export function planBuckets(from: Date, to: Date, bucket: StatsBucket): BucketPlan {
  if (!Object.hasOwn(BUCKETS, bucket)) throw new ApiError('VALIDATION_FAILED', 'bucket: must be MINUTE, HOUR or DAY');
  if (!validDate(from)) throw new ApiError('VALIDATION_FAILED', 'from: must be a valid date-time');
  if (!validDate(to)) throw new ApiError('VALIDATION_FAILED', 'to: must be a valid date-time');
  if (to.getTime() <= from.getTime()) throw new ApiError('VALIDATION_FAILED', 'to: must be later than from');
  const { milliseconds, prefix } = BUCKETS[bucket];
  const first = Math.floor(from.getTime() / milliseconds) * milliseconds;
  const count = Math.ceil((to.getTime() - first) / milliseconds);
  if (count > MAX_STATS_BUCKETS)
    throw new ApiError(
      'VALIDATION_FAILED',
      `from, to: ${count} ${bucket.toLowerCase()} buckets asked, at most ${MAX_STATS_BUCKETS}; shorten the range or use a larger bucket`,
    );
  const starts = Array.from({ length: count }, (_, index) => new Date(first + index * milliseconds).toISOString());
  return { starts, prefix, lower: new Date(first).toISOString(), upper: new Date(first + count * milliseconds).toISOString() };
}
