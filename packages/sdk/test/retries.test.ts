import { describe, expect, it } from 'vitest';
import { liveServerForFile } from '../../../test/fixtures/live-server.js';
import { createParley, type FetchLike, memoryStorage } from '../src/index.js';
import { recordingBackoff, securedProvider, storedSession } from './providers.js';

const server = liveServerForFile();

/** The real fetch, failing the first `failures` calls with `fail`; records the credentials each call carried. */
function flakyFetch(failures: number, fail: () => Promise<Awaited<ReturnType<FetchLike>>>) {
  const presented: (string | undefined)[] = [];
  let calls = 0;
  const fetchImpl: FetchLike = async (url, init) => {
    presented.push((JSON.parse(init.body) as { variables: { c?: string } }).variables.c);
    calls++;
    if (calls <= failures) return fail();
    return fetch(url, init);
  };
  return { fetchImpl, presented };
}

const networkDown = () => Promise.reject(new TypeError('fetch failed'));
const answer = (status: number, body: unknown) => () => Promise.resolve({ status, json: async () => body });

describe('activate: retries', () => {
  it('retries CREDENTIALS_REPLAYED once, asking the provider for fresh credentials', async () => {
    const first = securedProvider(server, 'user-20');
    const storage = memoryStorage();
    await createParley({ projectId: server.projectId, serverUrl: server.url, storage }).activate(first);
    const captured = await server.credentials('user-20');
    await createParley({ projectId: server.projectId, serverUrl: server.url }).activate(() => ({
      authenticationOption: { type: 'SECURED_AUTHENTICATION', token: captured },
    }));

    // A provider that hands out the same (already used) token, then a new one.
    let calls = 0;
    const { retries, backoff } = recordingBackoff();
    const parley = createParley({ projectId: server.projectId, serverUrl: server.url, storage, backoff });
    const result = await parley.activate(async () => {
      calls++;
      const token = calls === 1 ? captured : await server.credentials('user-20');
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token } };
    });

    expect(result.authentication.status).toBe('authentication-success');
    expect(calls).toBe(2);
    expect(retries).toEqual([{ retry: 1, code: 'CREDENTIALS_REPLAYED' }]);
  });

  it('gives up on CREDENTIALS_REPLAYED after one retry when the provider keeps returning the used token', async () => {
    const used = await server.credentials('user-21');
    await createParley({ projectId: server.projectId, serverUrl: server.url }).activate(() => ({
      authenticationOption: { type: 'SECURED_AUTHENTICATION', token: used },
    }));
    const { retries, backoff } = recordingBackoff();
    let calls = 0;
    const result = await createParley({ projectId: server.projectId, serverUrl: server.url, backoff }).activate(() => {
      calls++;
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token: used } };
    });
    expect(result.authentication).toMatchObject({
      status: 'authentication-failure',
      code: 'CREDENTIALS_REPLAYED',
      reason: 'Failed to fetch authentication with a server error',
    });
    expect(calls).toBe(2);
    expect(retries).toHaveLength(1);
  });

  it('retries network errors with fresh credentials each time', async () => {
    const { fetchImpl, presented } = flakyFetch(2, networkDown);
    const { retries, backoff } = recordingBackoff();
    const provider = securedProvider(server, 'user-22');
    const result = await createParley({ projectId: server.projectId, serverUrl: server.url, fetch: fetchImpl, backoff }).activate(provider);
    expect(result.authentication.status).toBe('authentication-success');
    expect(provider.calls).toBe(3);
    expect(new Set(presented).size).toBe(3);
    expect(retries).toEqual([
      { retry: 1, code: 'NETWORK_ERROR' },
      { retry: 2, code: 'NETWORK_ERROR' },
    ]);
  });

  it('stops after 4 attempts with NETWORK_ERROR', async () => {
    const { fetchImpl, presented } = flakyFetch(Number.POSITIVE_INFINITY, networkDown);
    const { retries, backoff } = recordingBackoff();
    const storage = memoryStorage();
    const provider = securedProvider(server, 'user-23');
    const result = await createParley({ projectId: server.projectId, serverUrl: server.url, fetch: fetchImpl, backoff, storage }).activate(
      provider,
    );
    expect(result.authentication).toMatchObject({
      status: 'authentication-failure',
      code: 'NETWORK_ERROR',
      reason: 'Failed to fetch authentication with a server error',
    });
    expect(presented).toHaveLength(4);
    expect(provider.calls).toBe(4);
    expect(retries.map((entry) => entry.retry)).toEqual([1, 2, 3]);
    expect(storedSession(storage, server.projectId)).toBeNull();
  });

  it.each([
    ['HTTP 503', answer(503, {}), 'INTERNAL_ERROR'],
    ['INTERNAL_ERROR', answer(200, { data: null, errors: [{ extensions: { name: 'INTERNAL_ERROR' } }] }), 'INTERNAL_ERROR'],
    ['RATE_LIMITED', answer(200, { data: null, errors: [{ extensions: { name: 'RATE_LIMITED' } }] }), 'RATE_LIMITED'],
  ])('retries %s with backoff', async (_, fail, code) => {
    const { fetchImpl } = flakyFetch(1, fail);
    const { retries, backoff } = recordingBackoff();
    const result = await createParley({ projectId: server.projectId, serverUrl: server.url, fetch: fetchImpl, backoff }).activate(
      securedProvider(server, 'user-24'),
    );
    expect(result.authentication.status).toBe('authentication-success');
    expect(retries).toEqual([{ retry: 1, code }]);
  });

  it('answers INVALID_OPTION when the provider has no fresh credentials for a retry', async () => {
    const { fetchImpl } = flakyFetch(1, networkDown);
    const { backoff } = recordingBackoff();
    let calls = 0;
    const result = await createParley({ projectId: server.projectId, serverUrl: server.url, fetch: fetchImpl, backoff }).activate(
      async () => {
        calls++;
        if (calls === 1) return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token: await server.credentials('user-26') } };
        return { authenticationOption: { type: 'ANONYMOUS' } };
      },
    );
    expect(result.authentication).toMatchObject({ code: 'INVALID_OPTION', reason: 'A valid authentication option must be provided' });
    expect(calls).toBe(2);
  });

  it('does not retry a code whose retry policy is NO_RETRY', async () => {
    const { fetchImpl } = flakyFetch(1, answer(200, { data: null, errors: [{ extensions: { name: 'SIGNATURE_INVALID' } }] }));
    const { retries, backoff } = recordingBackoff();
    const provider = securedProvider(server, 'user-25');
    const result = await createParley({ projectId: server.projectId, serverUrl: server.url, fetch: fetchImpl, backoff }).activate(provider);
    expect(result.authentication).toMatchObject({
      code: 'SIGNATURE_INVALID',
      reason: 'Failed to fetch authentication with a server error',
    });
    expect(provider.calls).toBe(1);
    expect(retries).toEqual([]);
  });
});
