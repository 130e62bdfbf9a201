import type { ActivationResult, AuthenticationOption, FailureCode, Parley } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import { unavailableAfter, watchUnavailable } from '../src/widget/unavailable.js';

const secured: AuthenticationOption = { type: 'SECURED_AUTHENTICATION', token: 't' };
const anonymous: AuthenticationOption = { type: 'ANONYMOUS' };
const failed = (option: AuthenticationOption | null, code: FailureCode): ActivationResult => ({
  authentication: { option, status: 'authentication-failure', reason: 'Failed to fetch authentication with a server error', code },
});
const succeeded = (option: AuthenticationOption): ActivationResult => ({ authentication: { option, status: 'authentication-success' } });

describe('when chat is unavailable', () => {
  it.each([
    ['a secured activation the server refused', failed(secured, 'CREDENTIALS_MALFORMED'), false, true],
    ['a provider with no valid option (a token endpoint answering 500)', failed(null, 'INVALID_OPTION'), false, true],
    ['a secured activation that never reached the server', failed(secured, 'NETWORK_ERROR'), false, true],
    ['a failed anonymous activation: no one to sign in', failed(anonymous, 'NETWORK_ERROR'), true, false],
    ['a success', succeeded(secured), true, false],
    ['a call refused while one is ongoing: as before', failed(null, 'ACTIVATION_ONGOING'), true, true],
    ['a call refused while one is ongoing: as before (available)', failed(null, 'ACTIVATION_ONGOING'), false, false],
    ['a second activate after a success: as before', failed(null, 'ALREADY_ACTIVATED'), false, false],
  ])('%s', (_, result, before, after) => {
    expect(unavailableAfter(result, before)).toBe(after);
  });
});

describe('watchUnavailable', () => {
  it('counts the failures that made chat unavailable, and tells its subscribers', () => {
    const listeners: ((result: ActivationResult) => void)[] = [];
    const sdk = { on: (_event: string, listener: (result: ActivationResult) => void) => listeners.push(listener) } as unknown as Parley;
    const watch = watchUnavailable(sdk);
    const seen: number[] = [];
    watch.subscribe((value) => seen.push(value));
    const emit = (result: ActivationResult) => {
      for (const listener of listeners) listener(result);
    };
    expect(watch.get()).toBe(0);
    emit(failed(null, 'INVALID_OPTION'));
    emit(failed(null, 'ACTIVATION_ONGOING'));
    emit(failed(secured, 'EXPIRED'));
    emit(succeeded(secured));
    expect(seen).toEqual([1, 2, 0]);
    expect(watch.get()).toBe(0);
  });
});
