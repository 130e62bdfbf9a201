import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Metrics, metricsRoutes, observeHttpRequests } from '../../src/http/metrics.js';

const TOKEN = 'metrics-token-0123456789';

async function appWith(token: string | null, metrics = new Metrics()) {
  const app = Fastify();
  observeHttpRequests(app, metrics);
  await app.register(metricsRoutes({ metrics, token }));
  app.get('/items/:id', async () => ({ ok: true }));
  await app.ready();
  return { app, metrics };
}

describe('metrics', () => {
  it('keeps each instance in its own registry, with process metrics', async () => {
    const one = new Metrics();
    const two = new Metrics();
    one.observeAuthentication('credentials', 'success', null, 0.002);
    expect(await one.exposition()).toContain('parley_authentication_attempts_total{kind="credentials",outcome="success"} 1');
    expect(await two.exposition()).not.toContain('outcome="success"');
    expect(await two.exposition()).toMatch(/^process_cpu_user_seconds_total /m);
    expect(await new Metrics({ defaultMetrics: false }).exposition()).not.toContain('process_cpu');
  });

  it('counts attempts by kind, outcome and reason, and times them in sub-millisecond buckets', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    metrics.observeAuthentication('credentials', 'failure', 'EXPIRED', 0.0004);
    metrics.observeAuthentication('credentials', 'failure', 'EXPIRED', 0.003);
    metrics.observeAuthentication('anonymous', 'failure', 'ANONYMOUS_DISABLED', 0.0001);
    metrics.observeAuthentication('test', 'failure', 'made-up' as 'EXPIRED', 0.2);
    const text = await metrics.exposition();
    expect(text).toContain('parley_authentication_attempts_total{kind="credentials",outcome="failure",reason="EXPIRED"} 2');
    expect(text).toContain('parley_authentication_attempts_total{kind="anonymous",outcome="failure",reason="ANONYMOUS_DISABLED"} 1');
    expect(text).toContain('parley_authentication_attempts_total{kind="test",outcome="failure",reason="UNKNOWN"} 1');
    expect(text).not.toContain('made-up');
    expect(text).toContain('parley_authentication_duration_seconds_bucket{le="0.0005",kind="credentials"} 1');
    expect(text).toContain('parley_authentication_duration_seconds_bucket{le="1",kind="credentials"} 2');
    expect(text).toContain('parley_authentication_duration_seconds_count{kind="credentials"} 2');
  });

  it('answers 404 when no token is configured', async () => {
    const { app } = await appWith(null);
    const response = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(404);
    await app.close();
  });

  it('asks for the bearer token, and refuses a wrong one', async () => {
    const { app } = await appWith(TOKEN);
    for (const authorization of [
      undefined,
      'Bearer wrong',
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      'Bearer ',
    ]) {
      const response = await app.inject({ url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
      expect(response.statusCode, String(authorization)).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body).not.toContain('parley_');
    }
    await app.close();
  });

  it('serves the Prometheus exposition to the right bearer', async () => {
    const { app } = await appWith(TOKEN);
    for (const authorization of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`]) {
      const response = await app.inject({ url: '/metrics', headers: { authorization } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toContain('# TYPE parley_authentication_attempts_total counter');
      expect(response.body).toContain('# TYPE parley_authentication_duration_seconds histogram');
      expect(response.body).toContain('# TYPE parley_http_request_duration_seconds histogram');
      expect(response.body).toContain('nodejs_eventloop_lag_seconds');
    }
    await app.close();
  });

  it('labels HTTP requests by route pattern, never by raw URL', async () => {
    const { app, metrics } = await appWith(TOKEN);
    await app.inject({ url: '/items/123?token=secret123' });
    await app.inject({ url: '/items/456' });
    await app.inject({ url: '/no/such/path/789' });
    const text = await metrics.exposition();
    expect(text).toContain('parley_http_request_duration_seconds_count{method="GET",route="/items/:id",status_code="200"} 2');
    expect(text).toContain('parley_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1');
    // The label sets only: a sample's value (a duration such as 0.000678912) may contain any digits.
    const httpLabels = text
      .split('\n')
      .filter((line) => line.startsWith('parley_http_'))
      .map((line) => line.slice(0, line.lastIndexOf('}') + 1));
    expect(httpLabels.length).toBeGreaterThan(0);
    expect(httpLabels.join('\n')).not.toMatch(/123|456|789|secret|no\/such/);
    await app.close();
  });
});
