import { describe, expect, it } from 'vitest';
import { createParley, memoryStorage } from '../src/index.js';

const parley = () => createParley({ projectId: 'p', serverUrl: 'http://127.0.0.1:1', fetch: () => Promise.reject(new Error('offline')) });

describe('get, set, on, off', () => {
  it('starts with null statuses', () => {
    const sdk = parley();
    expect(sdk.get('visitor:authenticationStatus')).toBeNull();
    expect(sdk.get('conversation:id')).toBeNull();
    expect(sdk.get('anything')).toBeNull();
  });

  it('fires pChange with the new value when a property changes, and not when it does not', () => {
    const sdk = parley();
    const seen: unknown[] = [];
    const listener = (value: unknown) => seen.push(value);
    sdk.on('extIdChange', listener);
    sdk.set('extId', 'crm-1');
    sdk.set('extId', 'crm-1');
    sdk.set('extId', 'crm-2');
    sdk.off('extIdChange', listener);
    sdk.set('extId', 'crm-3');
    expect(seen).toEqual(['crm-1', 'crm-2']);
    expect(sdk.get('extId')).toBe('crm-3');
  });

  it('refuses to set the properties the SDK maintains', () => {
    const sdk = parley();
    expect(() => sdk.set('visitor:authenticationStatus', 'AUTHENTICATED')).toThrow(TypeError);
    expect(() => sdk.set('conversation:id', 'conv_1')).toThrow(TypeError);
  });

  it('keeps calling the other listeners when one throws', () => {
    const sdk = parley();
    const seen: unknown[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      sdk.on('xChange', () => {
        throw new Error('boom');
      });
      sdk.on('xChange', (value) => seen.push(value));
      sdk.set('x', 1);
    } finally {
      console.error = original;
    }
    expect(seen).toEqual([1]);
  });
});

describe('memoryStorage', () => {
  it('gets, sets and removes', () => {
    const storage = memoryStorage();
    expect(storage.get('k')).toBeNull();
    storage.set('k', 'v');
    expect(storage.get('k')).toBe('v');
    storage.remove('k');
    expect(storage.get('k')).toBeNull();
  });

  it('ignores an unreadable stored session', async () => {
    const storage = memoryStorage();
    storage.set('parley:p:session', '{not json');
    const result = await createParley({
      projectId: 'p',
      serverUrl: 'http://127.0.0.1:1',
      storage,
      fetch: () => Promise.reject(new Error('offline')),
      backoff: async () => {},
    }).activate(() => ({ authenticationOption: { type: 'ANONYMOUS' } }));
    expect(result.authentication).toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
