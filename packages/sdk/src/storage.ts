/** Where the SDK keeps the visitor session between page loads (the browser entry passes localStorage). */
export interface ParleyStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
  /**
   * Calls `listener` with the new value when another tab changes `key` (browsers: the `storage` event), so a
   * logout in one tab ends the session in every tab. Returns a function that stops watching. Optional.
   */
  watch?(key: string, listener: (value: string | null) => void): () => void;
}

/** The default storage: a Map that lives as long as the SDK object (Node, tests). */
export function memoryStorage(): ParleyStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      values.set(key, value);
    },
    remove: (key) => {
      values.delete(key);
    },
  };
}
