import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { liveServerForFile, sessionOf } from '../../../test/fixtures/live-server.js';
import { createParley, MessageDroppedError, memoryStorage, type ParleyStorage } from '../src/index.js';
import { securedProvider, storedSession } from './providers.js';

const server = liveServerForFile();
const sockets: WebSocket[] = [];

/** `ws`'s WebSocket, remembering every socket the SDK opens. */
class RecordedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}

/** A storage counting its watchers, as a browser counts `storage` listeners. */
function watchedStorage() {
  const storage = memoryStorage();
  const watchers = new Set<(value: string | null) => void>();
  const watched: ParleyStorage & { watchers: typeof watchers } = {
    ...storage,
    watchers,
    watch(_key, listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
  };
  return watched;
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const page = (storage: ParleyStorage) =>
  createParley({ projectId: server.projectId, serverUrl: server.url, storage, WebSocket: RecordedWebSocket, backoff: async () => {} });

describe('close()', () => {
  it('closes the channel and rejects what is queued, but keeps the session for the next object', async () => {
    const storage = watchedStorage();
    const parley = page(storage);
    const statuses: unknown[] = [];
    parley.on('visitor:authenticationStatusChange', (status) => statuses.push(status));
    await parley.activate(securedProvider(server, 'close-user-1'));
    const first = await parley.sendMessage('before close');
    const socket = sockets.at(-1);
    const session = storedSession(storage, server.projectId);

    const queued = parley.sendMessage('never acknowledged').catch((caught: unknown) => caught);
    parley.close();

    const error = await queued;
    expect(error).toBeInstanceOf(MessageDroppedError);
    expect((error as MessageDroppedError).code).toBe('REALTIME_STOPPED');
    await until(() => socket?.readyState === WebSocket.CLOSED, 'the socket to close');
    expect(statuses).toEqual(['AUTHENTICATED', null]);
    expect(parley.get('conversation:id')).toBeNull();
    await expect(parley.sendMessage('after close')).rejects.toBeInstanceOf(MessageDroppedError);
    // Unlike logout: the session is still valid and stored, and the next object continues the same conversation.
    expect(storedSession(storage, server.projectId)).toEqual(session);
    expect(await sessionOf(server, session?.token ?? '')).toMatchObject({ userId: 'close-user-1' });
    const next = page(storage);
    await next.activate(securedProvider(server, 'close-user-1'));
    expect(storedSession(storage, server.projectId)?.vuid).toBe(session?.vuid);
    const again = await next.sendMessage('after reopening');
    expect(again.conversationId).toBe(first.conversationId);
    next.close();
  });

  it('follows other tabs only from the first activation until close', async () => {
    const storage = watchedStorage();
    const parley = page(storage);
    expect(storage.watchers.size).toBe(0);
    await parley.activate(securedProvider(server, 'close-user-2'));
    expect(storage.watchers.size).toBe(1);
    parley.close();
    expect(storage.watchers.size).toBe(0);
  });

  it('an activation in flight at close() only stores its session; the next activate() continues it', async () => {
    const storage = watchedStorage();
    const parley = page(storage);
    const opened = sockets.length;
    const activation = parley.activate(securedProvider(server, 'close-user-3'));
    parley.close();
    expect((await parley.activate(securedProvider(server, 'close-user-3'))).authentication).toMatchObject({ code: 'ACTIVATION_ONGOING' });

    const result = await activation;
    expect(result.authentication.status).toBe('authentication-success');
    const session = storedSession(storage, server.projectId);
    expect(await sessionOf(server, session?.token ?? '')).toMatchObject({ userId: 'close-user-3' });
    expect(parley.get('visitor:authenticationStatus')).toBeNull();
    expect(sockets.length).toBe(opened);
    expect(storage.watchers.size).toBe(0);

    // The same object can be used again.
    expect((await parley.activate(securedProvider(server, 'close-user-3'))).authentication.status).toBe('authentication-success');
    expect(storedSession(storage, server.projectId)?.vuid).toBe(session?.vuid);
    expect(parley.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    expect(storage.watchers.size).toBe(1);
    await parley.sendMessage('after reopening');
    expect(sockets.length).toBe(opened + 1);
    parley.close();
  });
});
