import { useEffect, useRef, useState } from 'preact/hooks';
import { nodes } from '../../console/api.js';
import type { WebhookDeliveriesDocument, WebhookDeliveriesQuery, WebhookDeliveryStatus } from '../../generated/graphql.js';
import { useGql } from '../gql-context.js';

export type Delivery = NonNullable<WebhookDeliveriesQuery['webhookEndpoint']>['deliveries']['edges'][number]['node'];

const DELIVERIES = `query WebhookDeliveries($id: ID!, $status: WebhookDeliveryStatus, $first: Int!, $after: String) {
  webhookEndpoint(id: $id) { id deliveries(status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id eventId eventType status attempts payload createdAt nextAttemptAt deliveredAt lastAttemptAt lastStatusCode lastError
      lastDurationMs attemptLog { attemptedAt statusCode durationMs error } } } } } }` as WebhookDeliveriesDocument;

const PAGE = 25;
/** The server's largest page: a refresh reads again what is shown, up to this many. */
const MAX_PAGE = 100;
/** While a shown delivery is due within this long, the log reads itself again every POLL_MS. */
const SOON_MS = 60_000;
const POLL_MS = 2_000;

const dueSoon = (delivery: Delivery) =>
  delivery.status === 'PENDING' && (delivery.nextAttemptAt === null || Date.parse(delivery.nextAttemptAt) - Date.now() < SOON_MS);
const signature = (items: Delivery[]) => items.map((delivery) => `${delivery.id} ${delivery.status} ${delivery.attempts}`).join('\n');

/**
 * An endpoint's delivery log, newest first: the first page for the status filter, more on demand, and read again
 * every 2 s while a delivery is about to be attempted (`sending`: the endpoint is enabled). `onActivity` is told when
 * a refresh finds new deliveries or attempts (the endpoint's failure record may have changed with them).
 */
export function useDeliveries(endpointId: string, status: WebhookDeliveryStatus | '', sending: boolean, onActivity: () => void) {
  const gql = useGql();
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState<'first' | 'more' | 'refresh' | null>(null);
  const latest = useRef(0);
  const shown = useRef<Delivery[]>([]);

  const load = async (mode: 'first' | 'more' | 'refresh') => {
    const call = ++latest.current;
    setLoading(mode);
    const before = shown.current;
    const first = mode === 'refresh' ? Math.min(Math.max(before.length, PAGE), MAX_PAGE) : PAGE;
    try {
      const variables = { id: endpointId, status: status || null, first, after: mode === 'more' ? cursor : null };
      const endpoint = (await gql(DELIVERIES, variables)).webhookEndpoint;
      if (call !== latest.current) return;
      if (!endpoint) throw new Error('This endpoint no longer exists: reload the page.');
      const page = nodes(endpoint.deliveries);
      const next = mode === 'more' ? [...before, ...page] : page;
      shown.current = next;
      setItems(next);
      setCursor(endpoint.deliveries.pageInfo.hasNextPage ? endpoint.deliveries.pageInfo.endCursor : null);
      setTotal(endpoint.deliveries.totalCount);
      setError(null);
      if (mode === 'refresh' && signature(next) !== signature(before)) onActivity();
    } catch (failure) {
      if (call === latest.current) setError((failure as Error).message);
    } finally {
      if (call === latest.current) setLoading(null);
    }
  };

  // Another endpoint or filter starts again from the newest page.
  useEffect(() => {
    shown.current = [];
    void load('first');
  }, [endpointId, status]);

  // Attempts due now or soon: the log follows them without a click.
  useEffect(() => {
    if (!sending || loading !== null || !items?.some(dueSoon)) return;
    const timer = setTimeout(() => void load('refresh'), POLL_MS);
    return () => clearTimeout(timer);
  }, [items, sending, loading]);

  return {
    items,
    total,
    error,
    /** "Load more" is reading the next page. */
    loadingMore: loading === 'more',
    hasMore: cursor !== null,
    more: () => load('more'),
    refresh: () => load('refresh'),
  };
}
