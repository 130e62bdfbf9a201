/** Where the SDK keeps the visitor session between page loads (the browser entry passes localStorage). */
export interface ParleyStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
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
