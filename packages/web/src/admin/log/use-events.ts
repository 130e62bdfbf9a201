import { useEffect, useRef, useState } from 'preact/hooks';
import { nodes } from '../../console/api.js';
import type { AuthenticationEventsDocument, AuthenticationEventsQuery } from '../../generated/graphql.js';
import { useGql } from '../gql-context.js';
import type { LogFilter } from './LogFilters.js';

export type AuthEvent = AuthenticationEventsQuery['authenticationEvents']['edges'][number]['node'];

const EVENTS = `query AuthenticationEvents($id: ID!, $outcome: AuthenticationOutcome, $reason: String, $after: String) {
  authenticationEvents(projectId: $id, outcome: $outcome, reason: $reason, first: 25, after: $after) {
    edges { node { id time outcome reason platformKeyId brandKeyId userId vuid ipHmac } } pageInfo { hasNextPage endCursor } totalCount } }` as AuthenticationEventsDocument;

/** The log's pages: the first 25 for the filter, then more on demand. */
export function useEvents(projectId: string, filter: LogFilter, round: number) {
  const gql = useGql();
  const [items, setItems] = useState<AuthEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const load = async (after: string | null) => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const variables = { id: projectId, outcome: filter.outcome || null, reason: filter.reason || null, after };
      const page = (await gql(EVENTS, variables)).authenticationEvents;
      if (call !== latest.current) return;
      setItems((previous) => [...(after ? (previous ?? []) : []), ...nodes(page)]);
      setCursor(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
      setTotal(page.totalCount);
      setError(null);
    } catch (failure) {
      if (call === latest.current) setError((failure as Error).message);
    } finally {
      if (call === latest.current) setLoading(false);
    }
  };

  // A new filter, project or refresh starts again from the newest page.
  useEffect(() => {
    void load(null);
  }, [projectId, filter.outcome, filter.reason, round]);

  return { items, total, error, loading, hasMore: cursor !== null, more: () => load(cursor) };
}
