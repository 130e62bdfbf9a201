import { SDK_FAILURE_REASONS } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { liveServerForFile, sessionOf } from '../../../test/fixtures/live-server.js';
import { createParley, memoryStorage } from '../src/index.js';
import { anonymousProvider, recordingBackoff, securedProvider, storedSession } from './providers.js';

const server = liveServerForFile();

const parleyOn = (project = server.projectId, storage = memoryStorage()) => {
  const { retries, backoff } = recordingBackoff();
  return { parley: createParley({ projectId: project, serverUrl: server.url, storage, backoff }), storage, retries };
};

describe('activate: success', () => {
  it('opens an authenticated session from secured credentials and stores it', async () => {
    const { parley, storage } = parleyOn();
    const changes: unknown[] = [];
    parley.on('visitor:authenticationStatusChange', (value) => changes.push(value));
    expect(parley.get('visitor:authenticationStatus')).toBeNull();
    const provider = securedProvider(server, 'user-42');

    const result = await parley.activate(provider);

    expect(result.authentication.status).toBe('authentication-success');
    expect(result.authentication.option).toMatchObject({ type: 'SECURED_AUTHENTICATION' });
    expect(parley.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    expect(changes).toEqual(['AUTHENTICATED']);
    expect(provider.calls).toBe(1);
    const stored = storedSession(storage, server.projectId);
    expect(stored?.authenticated).toBe(true);
    expect(await sessionOf(server, stored?.token ?? '')).toMatchObject({ vuid: stored?.vuid, authenticated: true, userId: 'user-42' });
  });

  it('opens an anonymous session for ANONYMOUS and ANONYMOUS_AUTHENTICATION', async () => {
    for (const type of ['ANONYMOUS', 'ANONYMOUS_AUTHENTICATION'] as const) {
      const { parley, storage } = parleyOn();
      const result = await parley.activate(async () => ({ authenticationOption: { type } }));
      expect(result).toEqual({ authentication: { option: { type }, status: 'authentication-success' } });
      expect(parley.get('visitor:authenticationStatus')).toBe('ANONYMOUS');
      expect(await sessionOf(server, storedSession(storage, server.projectId)?.token ?? '')).toMatchObject({
        authenticated: false,
        userId: null,
      });
    }
  });
});

describe('activate: the five failure strings', () => {
  it.each([
    ['PROJECT_NOT_FOUND', () => Promise.resolve('no-such-project')],
    ['AUTHENTICATED_MODE_DISABLED', () => server.project({ authenticatedMode: false, brandKey: false })],
    ['NO_BRAND_KEY', () => server.project({ brandKey: false })],
  ])('%s → the website is not correctly setup (null), not retried', async (code, makeProject) => {
    const { parley, retries } = parleyOn(await makeProject());
    const provider = securedProvider(server, 'user-1');
    const result = await parley.activate(provider);
    expect(result.authentication).toMatchObject({ status: 'authentication-failure', code, reason: SDK_FAILURE_REASONS.WEBSITE_NOT_SETUP });
    expect(SDK_FAILURE_REASONS.WEBSITE_NOT_SETUP).toBe(
      'Failed to authenticate visitor from credentials : the website is not correctly setup (null)',
    );
    expect(provider.calls).toBe(1);
    expect(retries).toEqual([]);
    expect(parley.get('visitor:authenticationStatus')).toBeNull();
  });

  it('a bad token → Failed to fetch authentication with a server error, with the server code, not retried', async () => {
    const { parley, retries, storage } = parleyOn();
    let calls = 0;
    const result = await parley.activate(() => {
      calls++;
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token: 'not-a-jwe' } };
    });
    expect(result).toEqual({
      authentication: {
        option: { type: 'SECURED_AUTHENTICATION', token: 'not-a-jwe' },
        status: 'authentication-failure',
        reason: 'Failed to fetch authentication with a server error',
        code: 'CREDENTIALS_MALFORMED',
      },
    });
    expect(calls).toBe(1);
    expect(retries).toEqual([]);
    expect(storedSession(storage, server.projectId)).toBeNull();
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no user');
      },
    ],
    ['rejects', () => Promise.reject(new Error('no user'))],
    ['returns nothing', () => undefined],
    ['returns an unknown type', () => ({ authenticationOption: { type: 'PASSWORD' } })],
    ['returns a secured option without a token', () => ({ authenticationOption: { type: 'SECURED_AUTHENTICATION' } })],
  ])('a provider that %s → INVALID_OPTION', async (_, provider) => {
    const { parley } = parleyOn();
    const result = await parley.activate(provider as never);
    expect(result).toEqual({
      authentication: {
        option: null,
        status: 'authentication-failure',
        reason: 'A valid authentication option must be provided',
        code: 'INVALID_OPTION',
      },
    });
    expect(parley.get('visitor:authenticationStatus')).toBeNull();
  });

  it('INVALID_OPTION logs a stored authenticated session out first', async () => {
    const storage = memoryStorage();
    expect((await parleyOn(server.projectId, storage).parley.activate(securedProvider(server, 'user-7'))).authentication.status).toBe(
      'authentication-success',
    );
    const token = storedSession(storage, server.projectId)?.token ?? '';

    const { parley } = parleyOn(server.projectId, storage); // the next page load
    const result = await parley.activate(() => Promise.reject(new Error('signed out')));

    expect(result.authentication).toMatchObject({ code: 'INVALID_OPTION' });
    expect(storedSession(storage, server.projectId)).toBeNull();
    expect(await sessionOf(server, token)).toEqual({ error: 'VISITOR_SESSION_EXPIRED' });
  });

  it('ACTIVATION_ONGOING while the previous activation has not settled', async () => {
    const { parley } = parleyOn();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = parley.activate(async () => {
      await gate;
      return { authenticationOption: { type: 'ANONYMOUS' } };
    });
    const second = await parley.activate(anonymousProvider);
    expect(second).toEqual({
      authentication: {
        option: null,
        status: 'authentication-failure',
        reason: 'An activation is already ongoing',
        code: 'ACTIVATION_ONGOING',
      },
    });
    release();
    expect((await first).authentication.status).toBe('authentication-success');
  });

  it('ALREADY_ACTIVATED after a secured success, without calling the provider again', async () => {
    const { parley } = parleyOn();
    const provider = securedProvider(server, 'user-8');
    await parley.activate(provider);
    const again = await parley.activate(provider);
    expect(again.authentication).toEqual({
      option: null,
      status: 'authentication-failure',
      reason: "Can't activate twice, please logout first",
      code: 'ALREADY_ACTIVATED',
    });
    expect(provider.calls).toBe(1);
    expect(parley.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
  });

  it('ALREADY_ACTIVATED after an anonymous success followed by another anonymous activation', async () => {
    const { parley } = parleyOn();
    await parley.activate(anonymousProvider);
    expect((await parley.activate(anonymousProvider)).authentication).toMatchObject({ code: 'ALREADY_ACTIVATED' });
    expect(parley.get('visitor:authenticationStatus')).toBe('ANONYMOUS');
  });

  it('after a failure, activate may be called again', async () => {
    const { parley } = parleyOn();
    expect((await parley.activate(() => undefined as never)).authentication.status).toBe('authentication-failure');
    expect((await parley.activate(securedProvider(server, 'user-9'))).authentication.status).toBe('authentication-success');
  });
});

describe('activate: sign-in', () => {
  it('anonymous then secured keeps the vuid and revokes the anonymous session', async () => {
    const { parley, storage } = parleyOn();
    await parley.activate(anonymousProvider);
    const anonymous = storedSession(storage, server.projectId);

    const result = await parley.activate(securedProvider(server, 'user-10'));

    expect(result.authentication.status).toBe('authentication-success');
    expect(parley.get('visitor:authenticationStatus')).toBe('AUTHENTICATED');
    const signedIn = storedSession(storage, server.projectId);
    expect(signedIn?.vuid).toBe(anonymous?.vuid);
    expect(signedIn?.authenticated).toBe(true);
    expect(await sessionOf(server, anonymous?.token ?? '')).toEqual({ error: 'VISITOR_SESSION_EXPIRED' });
    expect(await sessionOf(server, signedIn?.token ?? '')).toMatchObject({ vuid: anonymous?.vuid, userId: 'user-10' });
  });
});
