import { memoryStorage, type ParleyStorage } from '@parley/sdk';

/**
 * The browser's localStorage, shared by every tab of the origin; `watch` follows other tabs through the `storage`
 * event. Where localStorage is unavailable (blocked cookies, some private modes) the session lives as long as the page.
 */
export function localStorageOf(window: Window): ParleyStorage {
  let storage: Storage;
  try {
    storage = window.localStorage;
    const probe = 'parley:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
  } catch {
    console.warn('[parley] localStorage is unavailable: the visitor session will not survive a page load');
    return memoryStorage();
  }
  return {
    get: (key) => storage.getItem(key),
    set: (key, value) => storage.setItem(key, value),
    remove: (key) => storage.removeItem(key),
    watch(key, listener) {
      const onStorage = (event: StorageEvent) => {
        // `key` null: another tab cleared the whole storage.
        if (event.storageArea === storage && (event.key === key || event.key === null)) listener(storage.getItem(key));
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}
