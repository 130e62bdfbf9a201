import { describe, expect, it } from 'vitest';
import { liveServerForFile, sessionOf } from '../../../test/fixtures/live-server.js';
import { createParley, memoryStorage, type ParleyStorage } from '../src/index.js';
import { anonymousProvider, securedProvider, storedSession } from './providers.js';

const server = liveServerForFile();

const pageLoad = (storage: ParleyStorage) => createParley({ projectId: server.projectId, serverUrl: server.url, storage });

describe('logout', () => {
  it('revokes the session on the server, clears storage and sets the statuses to null', async () => {
    const storage = memoryStorage();
    const parley = pageLoad(storage);
    await parley.activate(securedProvider(server, 'user-30'));
    const token = storedSession(storage, server.projectId)?.token ?? '';
    const statuses: unknown[] = [];
    parley.on('visitor:authenticationStatusChange', (value) => statuses.push(value));

    await parley.logout();

    expect(parley.get('visitor:authenticationStatus')).toBeNull();
    expect(parley.get('conversation:id')).toBeNull();
    expect(statuses).toEqual([null]);
    expect(storedSession(storage, server.projectId)).toBeNull();
    expect(await sessionOf(server, token)).toEqual({ error: 'VISITOR_SESSION_EXPIRED' });
  });

  it('lets the page activate again, and the next anonymous activation gets a new vuid', async () => {
    const storage = memoryStorage();
    const parley = pageLoad(storage);
    await parley.activate(securedProvider(server, 'user-31'));
    const before = storedSession(storage, server.projectId)?.vuid;
    await parley.logout();
    expect((await parley.activate(anonymousProvider)).authentication.status).toBe('authentication-success');
    expect(parley.get('visitor:authenticationStatus')).toBe('ANONYMOUS');
    expect(storedSession(storage, server.projectId)?.vuid).not.toBe(before);
  });

  it('resolves without a stored session', async () => {
    await expect(pageLoad(memoryStorage()).logout()).resolves.toBeUndefined();
  });
});

describe('a second page load with the same storage', () => {
  it('keeps the session (vuid) when the provider confirms the same userId', async () => {
    const storage = memoryStorage();
    await pageLoad(storage).activate(securedProvider(server, 'user-40'));
    const first = storedSession(storage, server.projectId);

    const next = pageLoad(storage);
    expect(next.get('visitor:authenticationStatus')).toBeNull();
    expect((await next.activate(securedProvider(server, 'user-40'))).authentication.status).toBe('authentication-success');

    const second = storedSession(storage, server.projectId);
    expect(second?.vuid).toBe(first?.vuid);
    expect(second?.token).not.toBe(first?.token);
    expect(next.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
  });

  it('gets a new vuid when the provider names another user', async () => {
    const storage = memoryStorage();
    await pageLoad(storage).activate(securedProvider(server, 'user-41'));
    const first = storedSession(storage, server.projectId);

    await pageLoad(storage).activate(securedProvider(server, 'user-42'));

    const second = storedSession(storage, server.projectId);
    expect(second?.vuid).not.toBe(first?.vuid);
    expect(await sessionOf(server, second?.token ?? '')).toMatchObject({ userId: 'user-42', vuid: second?.vuid });
  });

  it('keeps an anonymous visitor on its vuid', async () => {
    const storage = memoryStorage();
    await pageLoad(storage).activate(anonymousProvider);
    const first = storedSession(storage, server.projectId);
    await pageLoad(storage).activate(anonymousProvider);
    expect(storedSession(storage, server.projectId)?.vuid).toBe(first?.vuid);
  });

  it('an ANONYMOUS activation over a stored authenticated session logs it out first', async () => {
    const storage = memoryStorage();
    await pageLoad(storage).activate(securedProvider(server, 'user-43'));
    const authenticated = storedSession(storage, server.projectId);

    const next = pageLoad(storage);
    expect((await next.activate(anonymousProvider)).authentication.status).toBe('authentication-success');

    const anonymous = storedSession(storage, server.projectId);
    expect(anonymous?.authenticated).toBe(false);
    expect(anonymous?.vuid).not.toBe(authenticated?.vuid);
    expect(await sessionOf(server, authenticated?.token ?? '')).toEqual({ error: 'VISITOR_SESSION_EXPIRED' });
    expect(next.get('visitor:authenticationStatus')).toBe('ANONYMOUS');
  });
});
