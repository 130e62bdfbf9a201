import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/services.js';
import type { TestStore } from '../helpers/stores.js';
import { openTestStore } from '../helpers/stores.js';

// A client that goes away halfway through its body did nothing wrong the server should shout about:
// a hostile one doing it in a loop must not fill the log with error lines and stacks.
describe('a GraphQL request whose client leaves halfway through its body', () => {
  const lines: string[] = [];
  let testStore: TestStore;
  let close: () => Promise<void>;
  let port: number;

  beforeAll(async () => {
    testStore = await openTestStore('sqlite');
    const config = loadConfig({ PARLEY_PUBLIC_URL: 'https://parley.test' });
    const services = await createServices({ config, store: testStore.store, passwordCost: 2 ** 10 });
    const app = await buildApp(config, services, { logger: { stream: { write: (line) => lines.push(line) } } });
    port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
    close = async () => {
      await app.close();
      await services.close();
    };
  });
  afterAll(async () => {
    await close?.();
    await testStore?.dispose();
  });

  it('is logged once at info level, without a stack, and never as an unexpected error', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"query":"{ serverInfo',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await expect.poll(() => lines.length, { timeout: 2000 }).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const records = lines.map((line) => JSON.parse(line) as { level: string; msg: string; err?: { stack?: string } });
    expect(records.filter((record) => !['info', 'debug'].includes(record.level))).toEqual([]);
    expect(records.filter((record) => record.msg.includes('before its request body arrived'))).toHaveLength(1);
    expect(records.some((record) => record.err?.stack !== undefined)).toBe(false);
  });
});
