import { useMemo, useState } from 'preact/hooks';
import { nodes } from '../../console/api.js';
import { Notice } from '../../console/Notice.js';
import type { AuthenticationStatsDocument, BrandKeyIdsDocument } from '../../generated/graphql.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useLoad } from '../use-load.js';
import { AuthChart } from './AuthChart.js';
import { RANGES, type RangeId, rangeVariables } from './chart-data.js';
import { type LogFilter, LogFilters } from './LogFilters.js';
import { LogTable } from './LogTable.js';
import { useEvents } from './use-events.js';

const STATS =
  'query AuthenticationStats($id: ID!, $from: DateTime!, $to: DateTime!, $bucket: StatsBucket!) { authenticationStats(projectId: $id, from: $from, to: $to, bucket: $bucket) { start success failure } }' as AuthenticationStatsDocument;

const BRAND_KIDS =
  'query BrandKeyIds($id: ID!) { project(id: $id) { brandKeys(first: 100, includeRevoked: true) { edges { node { id kid } } } } }' as BrandKeyIdsDocument;

/** The authentication log of a project: attempts over time, then every attempt, filtered by outcome and reason. */
export function AuthLog({ projectId }: { projectId: string }) {
  const gql = useGql();
  const [range, setRange] = useState<RangeId>('day');
  const [filter, setFilter] = useState<LogFilter>({ outcome: '', reason: '' });
  const [round, setRound] = useState(0);
  const stats = useLoad(
    async () => (await gql(STATS, { id: projectId, ...rangeVariables(range) })).authenticationStats,
    [gql, projectId, range, round],
  );
  const events = useEvents(projectId, filter, round);
  const keys = useLoad(async () => nodes((await gql(BRAND_KIDS, { id: projectId })).project.brandKeys), [gql, projectId, round]);
  const brandKids = useMemo(() => new Map((keys.data ?? []).map((key) => [key.id, key.kid || 'JWKS URL'])), [keys.data]);

  return (
    <div class="stack-lg">
      <Section
        title="Attempts over time"
        description="Every visitorAuthenticateFromCredentials attempt of this project, by outcome."
        actions={
          <>
            <label class="inline compact">
              Period
              <select value={range} onChange={(event) => setRange(event.currentTarget.value as RangeId)}>
                {(Object.keys(RANGES) as RangeId[]).map((id) => (
                  <option key={id} value={id}>
                    {RANGES[id].label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="small" onClick={() => setRound(round + 1)}>
              Refresh
            </button>
          </>
        }
      >
        {stats.error && <Notice kind="error">{stats.error}</Notice>}
        {stats.data ? <AuthChart buckets={stats.data} range={range} /> : !stats.error && <p class="muted">Loading…</p>}
      </Section>
      <Section
        title="Authentication log"
        description="Newest first. IP addresses are kept only as an HMAC: equal values mean the same address."
      >
        <LogFilters filter={filter} onChange={setFilter} />
        {events.error && <Notice kind="error">{events.error}</Notice>}
        {events.items && (
          <LogTable events={events.items} total={events.total} filtered={Boolean(filter.outcome || filter.reason)} brandKids={brandKids} />
        )}
        {events.hasMore && (
          <div class="row">
            <button type="button" disabled={events.loading} onClick={events.more}>
              {events.loading ? 'Loading…' : 'Show older attempts'}
            </button>
          </div>
        )}
      </Section>
    </div>
  );
}
