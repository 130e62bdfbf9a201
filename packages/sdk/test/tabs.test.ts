import { describe, expect, it } from 'vitest';
import { liveServerForFile, sessionOf } from '../../../test/fixtures/live-server.js';
import { createParley, memoryStorage, type ParleyStorage } from '../src/index.js';
import { anonymousProvider, securedProvider, storedSession } from './providers.js';

const server = liveServerForFile();

/**
 * Tabs of one browser: one storage, and each tab's `watch` hears the writes of the others only, as the browser's
 * `storage` event fires in every tab but the one that wrote.
 */
function browserStorage() {
  const shared = memoryStorage();
  const watchers = new Set<{ tab: number; key: string; listener: (value: string | null) => void }>();
  const notify = (writer: number, key: string) => {
    for (const watcher of watchers) if (watcher.tab !== writer && watcher.key === key) watcher.listener(shared.get(key));
  };
  let tabs = 0;
  return (): ParleyStorage => {
    const tab = ++tabs;
    return {
      get: (key) => shared.get(key),
      set(key, value) {
        shared.set(key, value);
        notify(tab, key);
      },
      remove(key) {
        shared.remove(key);
        notify(tab, key);
      },
      watch(key, listener) {
        const watcher = { tab, key, listener };
        watchers.add(watcher);
        return () => watchers.delete(watcher);
      },
    };
  };
}

const tab = (storage: ParleyStorage) => createParley({ projectId: server.projectId, serverUrl: server.url, storage });

describe('tabs of one browser', () => {
  it('a logout in one tab ends the session in the others at once', async () => {
    const newTab = browserStorage();
    const first = tab(newTab());
    const secondStorage = newTab();
    const second = tab(secondStorage);
    await first.activate(securedProvider(server, 'tab-user-1'));
    await second.activate(securedProvider(server, 'tab-user-1'));
    const token = storedSession(secondStorage, server.projectId)?.token ?? '';
    const statuses: unknown[] = [];
    second.on('visitor:authenticationStatusChange', (status) => statuses.push(status));

    await first.logout();

    expect(second.get('visitor:authenticationStatus')).toBeNull();
    expect(second.get('conversation:id')).toBeNull();
    expect(statuses).toEqual([null]);
    expect(await sessionOf(server, token)).toEqual({ error: 'VISITOR_SESSION_EXPIRED' });
    // The tab may activate again; an anonymous activation gets a new vuid.
    expect((await second.activate(anonymousProvider)).authentication.status).toBe('authentication-success');
  });

  it('a sign-in in one tab is followed by the others', async () => {
    const newTab = browserStorage();
    const first = tab(newTab());
    const second = tab(newTab());
    await first.activate(anonymousProvider);
    await second.activate(anonymousProvider);
    expect(second.get('visitor:authenticationStatus')).toBe('ANONYMOUS');

    await first.activate(securedProvider(server, 'tab-user-2'));

    expect(second.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    await first.logout();
    expect(second.get('visitor:authenticationStatus')).toBeNull();
  });

  it('a tab does not follow another anonymous visitor: a logout then a new visitor elsewhere ends its session', async () => {
    const newTab = browserStorage();
    const first = tab(newTab());
    const secondStorage = newTab();
    const second = tab(secondStorage);
    await first.activate(anonymousProvider);
    await second.activate(anonymousProvider);
    const before = storedSession(secondStorage, server.projectId)?.vuid;

    await second.logout();
    await second.activate(anonymousProvider);

    expect(storedSession(secondStorage, server.projectId)?.vuid).not.toBe(before);
    expect(first.get('visitor:authenticationStatus')).toBeNull();
  });

  it('a tab that never activated stays out of it', async () => {
    const newTab = browserStorage();
    const first = tab(newTab());
    const idle = tab(newTab());
    await first.activate(anonymousProvider);
    expect(idle.get('visitor:authenticationStatus')).toBeNull();
    await first.logout();
    expect(idle.get('visitor:authenticationStatus')).toBeNull();
  });
});

describe('an idzconvid', () => {
  it('is not redeemed over a visitor this browser already has (a planted link cannot take it over)', async () => {
    const storage = memoryStorage();
    await tab(storage).activate(anonymousProvider);
    const own = storedSession(storage, server.projectId)?.vuid;
    const warnings: string[] = [];
    const next = createParley({
      projectId: server.projectId,
      serverUrl: server.url,
      storage,
      transferToken: 'prl_tr_planted',
      warn: (line) => warnings.push(line),
    });
    await next.activate(anonymousProvider);
    expect(storedSession(storage, server.projectId)?.vuid).toBe(own);
    expect(warnings).toEqual([expect.stringContaining('idzconvid ignored: this browser already has its own visitor session')]);
  });

  it('is redeemed by a browser without a visitor, with a warning when the server refuses it', async () => {
    const warnings: string[] = [];
    const parley = createParley({
      projectId: server.projectId,
      serverUrl: server.url,
      transferToken: 'prl_tr_unknown',
      warn: (line) => warnings.push(line),
    });
    expect((await parley.activate(anonymousProvider)).authentication.status).toBe('authentication-success');
    expect(warnings).toEqual([expect.stringContaining('idzconvid is not a valid transfer token')]);
  });
});

describe('getTransferUrl', () => {
  it('answers the URL unchanged before activation and for a project without an allowed-origins list', async () => {
    const parley = tab(memoryStorage());
    expect(await parley.getTransferUrl('https://other.example/cart?x=1')).toBe('https://other.example/cart?x=1');
    await parley.activate(anonymousProvider);
    expect(await parley.getTransferUrl('https://other.example/cart?x=1')).toBe('https://other.example/cart?x=1');
  });
});
