export {
  type AuthenticationAttempt,
  type AuthenticationEvent,
  type AuthenticationEventFilter,
  AuthenticationLog,
  type AuthenticationLogDeps,
  type AuthenticationOutcome,
  type StatsPoint,
  type StatsRange,
} from './authentication-log.js';
export { ipHmac, normalizeIp } from './ip-hmac.js';
export { MAX_STATS_BUCKETS, planBuckets, type StatsBucket } from './stats-buckets.js';
