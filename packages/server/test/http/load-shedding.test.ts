import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { shedWhenLate } from '../../src/http/load-shedding.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

async function appShedding(maxDelayMs: number) {
  const app = Fastify();
  shedWhenLate(app, maxDelayMs);
  app.get('/work', async () => ({ ok: true }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.ready();
  return app;
}

describe('shedding load while the event loop runs late (issue 13, overload)', () => {
  it('answers 503 with Retry-After while the loop is late twice in a row, health checks excepted, and serves again after', async () => {
    const app = await appShedding(50);
    try {
      expect((await app.inject('/work')).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) {
        busy(120);
        await sleep(1);
      }
      const refused = await app.inject('/work');
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect((await app.inject('/healthz')).statusCode).toBe(200);
      await sleep(100);
      expect((await app.inject('/work')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('lets one long pause pass (a key generated at start), and does nothing when turned off', async () => {
    const app = await appShedding(50);
    const off = await appShedding(0);
    try {
      await sleep(40);
      busy(200);
      await sleep(1);
      expect((await app.inject('/work')).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) {
        busy(120);
        await sleep(1);
      }
      expect((await off.inject('/work')).statusCode).toBe(200);
    } finally {
      await app.close();
      await off.close();
    }
  });
});
