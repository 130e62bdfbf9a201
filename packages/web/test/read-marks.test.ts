import { describe, expect, it } from 'vitest';
import { forgetReadMarks, readUpTo, rememberRead } from '../src/widget/read-marks.js';

/** The brand origin's localStorage, as a browser keeps it from one visitor to the next. */
function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    key: (index: number) => [...map.keys()][index] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('read marks (what the widget saw, kept across page loads)', () => {
  it('keeps the last sequence number seen in the conversation on screen, never going back', () => {
    const storage = memoryStorage();
    expect(readUpTo(storage, 'c1')).toBe(0);
    rememberRead(storage, 'c1', 3);
    rememberRead(storage, 'c1', 2);
    expect(readUpTo(storage, 'c1')).toBe(3);
    expect(readUpTo(storage, 'c2')).toBe(0);
  });

  it('holds one conversation at a time: earlier conversations leave no trace in the browser', () => {
    const storage = memoryStorage();
    rememberRead(storage, 'c1', 5);
    rememberRead(storage, 'c2', 1);
    expect(readUpTo(storage, 'c2')).toBe(1);
    expect(readUpTo(storage, 'c1')).toBe(0);
    expect([...storage.map.keys()]).toEqual(['parley:read']);
    expect(JSON.stringify([...storage.map])).not.toContain('c1');
  });

  it('forgets everything at a logout, the per-conversation keys of earlier versions included, and nothing of the brand’s', () => {
    // Earlier widgets wrote parley:read:<conversationId> and never removed it: on a shared computer the next person
    // could list every conversation the browser had (and, with time-ordered ids, when each began).
    const storage = memoryStorage({ 'parley:read:0193a1b2-old': '4', 'parley:read:0193a1b3-old': '1', 'brand:cart': '2 items' });
    rememberRead(storage, 'c1', 2);
    forgetReadMarks(storage);
    expect([...storage.map.keys()]).toEqual(['brand:cart']);
    expect(readUpTo(storage, 'c1')).toBe(0);
  });

  it('treats a blocked or garbled storage as nothing seen, without throwing', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
      key: () => null,
      length: 0,
    };
    expect(readUpTo(blocked, 'c1')).toBe(0);
    expect(() => rememberRead(blocked, 'c1', 1)).not.toThrow();
    expect(() => forgetReadMarks(blocked)).not.toThrow();
    expect(readUpTo(memoryStorage({ 'parley:read': '{not json' }), 'c1')).toBe(0);
    expect(readUpTo(memoryStorage({ 'parley:read': '{"conversationId":"c1","seq":"x"}' }), 'c1')).toBe(0);
  });
});
