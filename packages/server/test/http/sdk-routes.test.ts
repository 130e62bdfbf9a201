import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkRoutes } from '../../src/http/sdk-routes.js';

// The route needs no store: the scripts are the ones `npm run build` wrote into @parley/web's dist/assets.
describe('/sdk/parley.js and /sdk/parley-core.js', () => {
  const app = Fastify();
  beforeAll(async () => {
    await app.register(sdkRoutes());
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([
    ['/sdk/parley.js', true],
    ['/sdk/parley-core.js', false],
  ])('serves %s as cacheable JavaScript', async (path, withWidget) => {
    const response = await app.inject(path);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.body).toContain('parleyInterface');
    expect(response.body.includes('parley-widget')).toBe(withWidget);
    // Minified and self-contained: no import statements, no source paths.
    expect(response.body).not.toMatch(/^import |\/work\/|packages\//m);
  });

  it('sends brotli or gzip to browsers that accept them, the same script once decoded', async () => {
    const plain = await app.inject({ url: '/sdk/parley.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    const br = await app.inject({ url: '/sdk/parley.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gzip = await app.inject({ url: '/sdk/parley.js', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
  });

  it('answers 304 to a matching If-None-Match, the body again to a stale one', async () => {
    const first = await app.inject('/sdk/parley.js');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect((await app.inject({ url: '/sdk/parley.js', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    for (const header of [`W/${etag}`, `"old", ${etag}`, '*'])
      expect((await app.inject({ url: '/sdk/parley.js', headers: { 'if-none-match': header } })).statusCode, header).toBe(304);
    const stale = await app.inject({ url: '/sdk/parley.js', headers: { 'if-none-match': '"old"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(first.body);
  });
});
