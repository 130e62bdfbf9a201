import { API_ERRORS, REASON_CODES, SDK_CODES, SDK_FAILURE_REASONS } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { liveServerForFile } from '../../../test/fixtures/live-server.js';
import { failureWarning } from '../src/failure-warning.js';
import { type ActivationResult, createParley, type FailureCode, type FetchLike, memoryStorage } from '../src/index.js';
import { failure } from '../src/result.js';
import { anonymousProvider, recordingBackoff, securedProvider } from './providers.js';

const server = liveServerForFile();

/** The SDK on the live server with the default `warn` (console.warn) and a backoff that never sleeps. */
const parleyOn = (projectId = server.projectId, fetchImpl?: FetchLike) =>
  createParley({
    projectId,
    serverUrl: server.url,
    storage: memoryStorage(),
    backoff: recordingBackoff().backoff,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

const warnings = () => warn.mock.calls.map((args) => args.join(' '));

describe('a failed activate() warns once on the console', () => {
  it('not on success, anonymous or secured', async () => {
    expect((await parleyOn().activate(anonymousProvider)).authentication.status).toBe('authentication-success');
    expect((await parleyOn().activate(securedProvider(server, 'warn-1'))).authentication.status).toBe('authentication-success');
    expect(warn).not.toHaveBeenCalled();
  });

  it('a garbage token: one warning with the code and a hint, never the token; the result is unchanged', async () => {
    const token = 'garbage-token-SECRET-4711';
    const result = await parleyOn().activate(() => ({ authenticationOption: { type: 'SECURED_AUTHENTICATION', token } }));
    expect(result.authentication).toEqual({
      option: { type: 'SECURED_AUTHENTICATION', token },
      status: 'authentication-failure',
      reason: 'Failed to fetch authentication with a server error',
      code: 'CREDENTIALS_MALFORMED',
    });
    expect(warnings()).toEqual([
      "[parley] activate() failed: CREDENTIALS_MALFORMED (Failed to fetch authentication with a server error): see docs/reference/errors.md; the admin console's authentication log shows why",
    ]);
    expect(warnings().join()).not.toContain('SECRET');
  });

  it('real credentials the project cannot take: the setup hint, not the credentials', async () => {
    const projectId = await server.project({ brandKey: false });
    const token = await server.credentials('warn-2');
    const result = await parleyOn(projectId).activate(() => ({ authenticationOption: { type: 'SECURED_AUTHENTICATION', token } }));
    expect(result.authentication).toMatchObject({ code: 'NO_BRAND_KEY', reason: SDK_FAILURE_REASONS.WEBSITE_NOT_SETUP });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/^\[parley\] activate\(\) failed: NO_BRAND_KEY \(.*\): check projectId and the project's settings/);
    expect(warnings()[0]).not.toContain(token);
    expect(warnings()[0]).not.toContain(token.slice(0, 40));
  });

  it('a provider that throws (the token endpoint answered 500): one INVALID_OPTION warning', async () => {
    const result = await parleyOn().activate(() => {
      throw new Error('token endpoint: HTTP 500');
    });
    expect(result.authentication).toMatchObject({ code: 'INVALID_OPTION', reason: SDK_FAILURE_REASONS.INVALID_OPTION });
    expect(warnings()).toEqual([
      '[parley] activate() failed: INVALID_OPTION (A valid authentication option must be provided): the provider threw, rejected or gave no valid authenticationOption',
    ]);
  });

  it('once for the whole activation, not once per attempt (4 attempts, network down)', async () => {
    const down: FetchLike = () => Promise.reject(new TypeError('fetch failed'));
    const provider = securedProvider(server, 'warn-3');
    const result = await parleyOn(server.projectId, down).activate(provider);
    expect(result.authentication).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(provider.calls).toBe(4);
    expect(warnings()).toEqual([
      '[parley] activate() failed: NETWORK_ERROR (Failed to fetch authentication with a server error): server unreachable: check serverUrl',
    ]);
  });

  it('ACTIVATION_ONGOING and ALREADY_ACTIVATED warn for the refused call only', async () => {
    const parley = parleyOn();
    const [first, second] = await Promise.all([parley.activate(anonymousProvider), parley.activate(anonymousProvider)]);
    expect(first.authentication.status).toBe('authentication-success');
    expect(second.authentication).toMatchObject({ code: 'ACTIVATION_ONGOING' });
    expect(warnings()).toEqual([
      expect.stringMatching(/^\[parley\] activate\(\) failed: ACTIVATION_ONGOING \(An activation is already ongoing\): /),
    ]);
    await parley.activate(anonymousProvider);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]).toMatch(/ALREADY_ACTIVATED .*: logout\(\) first$/);
  });

  it('goes to the `warn` option instead of the console when one is given', async () => {
    const lines: string[] = [];
    const parley = createParley({ projectId: 'no-such-project', serverUrl: server.url, warn: (line) => lines.push(line) });
    await parley.activate(anonymousProvider);
    expect(lines).toEqual([expect.stringContaining('activate() failed: PROJECT_NOT_FOUND')]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("the 'activation' event", () => {
  it('carries what activate() resolves with, success and failure', async () => {
    const parley = parleyOn();
    const seen: ActivationResult[] = [];
    parley.on('activation', (result) => seen.push(result));
    const failed = await parley.activate(() => undefined as never);
    const succeeded = await parley.activate(anonymousProvider);
    expect(seen).toEqual([failed, succeeded]);
    expect(seen[1]?.authentication.status).toBe('authentication-success');
  });
});

describe('failureWarning', () => {
  const codes: FailureCode[] = [
    ...(Object.keys(REASON_CODES) as FailureCode[]),
    ...(Object.keys(API_ERRORS) as FailureCode[]),
    ...SDK_CODES,
  ];

  it.each(codes)('%s: names the code and its reason, and gives a hint', (code) => {
    const result = failure({ type: 'SECURED_AUTHENTICATION', token: 'secret-token' }, code);
    if (result.authentication.status !== 'authentication-failure') throw new Error('a failure');
    const line = failureWarning(result) ?? '';
    expect(line.startsWith(`[parley] activate() failed: ${code} (${result.authentication.reason}): `)).toBe(true);
    expect(line.split('): ')[1]?.length).toBeGreaterThan(10);
    expect(line).not.toContain('secret-token');
  });

  it('is null for a success', () => {
    expect(failureWarning({ authentication: { option: { type: 'ANONYMOUS' }, status: 'authentication-success' } })).toBeNull();
  });
});
