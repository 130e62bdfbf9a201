import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { capturingLog, type TestApp, testAppOn } from '../helpers/app.js';
import { waitUntil } from '../helpers/fault-support.js';
import { ADMIN_ENV, passwordGrant, securedProject } from '../helpers/graphql.js';
import { type PrivatePostgres, startPrivatePostgres } from '../helpers/private-postgres.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const LIMITS = { poolSize: 3, connectTimeoutMs: 1000, statementTimeoutMs: 1500, maxWaiting: 2 };
const SYSTEM = { authorKind: 'system', authorId: null, clientId: null, verified: false, brandKeyId: null } as const;

/**
 * Webhooks on a PostgreSQL of the test's own that stops and starts again: the dispatcher keeps polling without ending
 * the process (one warning, not one per poll), a change the database refused has no event, and what was committed
 * before the stop is delivered after it, with what comes after.
 */
describe('webhooks while PostgreSQL stops and starts again', () => {
  let postgres: PrivatePostgres;
  let testApp: TestApp;
  let receiver: WebhookReceiver;
  let projectId: string;
  const { lines, log } = capturingLog();

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    receiver = await startWebhookReceiver();
    const store = await openStore({
      databaseUrl: postgres.url,
      dataDir: mkdtempSync(join(tmpdir(), 'parley-webhook-fault-')),
      limits: LIMITS,
      log,
    });
    testApp = await testAppOn(store, {
      env: { ...ADMIN_ENV, PARLEY_WEBHOOKS_ALLOW_LOOPBACK: '1', PARLEY_WEBHOOKS_TIMEOUT_MS: '1000' },
      log,
    });
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
    await testApp.services.webhooks.endpoints.create({ projectId, url: receiver.url, eventTypes: ['message.created'] });
    testApp.services.webhooks.dispatcher.start();
  }, 60_000);
  afterAll(async () => {
    await testApp?.dispose();
    await receiver?.close();
    await postgres?.close();
  });

  it('delivers what was committed before the stop, and nothing of what the stopped database refused', { timeout: 60_000 }, async () => {
    const { conversations, visitors } = testApp.services;
    const conversation = await conversations.ensureOpen(projectId, (await visitors.createAnonymous(projectId)).profileId);
    receiver.answer = () => 503; // the first event waits for its retry (5 s) across the stop
    await conversations.append(conversation.id, { ...SYSTEM, text: 'before the stop' });
    await receiver.waitFor(1);

    await postgres.stop();
    await expect(conversations.append(conversation.id, { ...SYSTEM, text: 'while stopped' })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a few polls fail meanwhile
    await postgres.start();
    receiver.answer = () => 200;
    await waitUntil(
      async () => {
        try {
          await conversations.append(conversation.id, { ...SYSTEM, text: 'after the restart' });
          return true;
        } catch {
          return false;
        }
      },
      15_000,
      'a write after the restart',
    );

    await receiver.waitFor(3, 20_000);
    const texts = receiver.received.map(({ event }) => (event.data.message as { text: string }).text);
    expect(texts).toEqual(['before the stop', 'before the stop', 'after the restart']); // in order: the retry first
    expect(receiver.received[1]?.headers['webhook-id']).toBe(receiver.received[0]?.headers['webhook-id']);
    expect(lines.filter((line) => line.includes('webhook outbox could not be read'))).toHaveLength(1);
  });
});
