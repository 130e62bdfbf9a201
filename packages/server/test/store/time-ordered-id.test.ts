import { describe, expect, it } from 'vitest';
import { timeOrderedIds } from '../../src/store/time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedIds', () => {
  it('makes version-7 UUIDs whose first 48 bits are the clock’s milliseconds', () => {
    const at = new Date('2026-12-07T03:04:05.678Z');
    const id = timeOrderedIds(() => at)();
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('sorts ids of later milliseconds after earlier ones, as text (how both stores compare them)', () => {
    let clock = Date.parse('2026-12-07T00:00:00Z');
    const next = timeOrderedIds(() => new Date(clock));
    const ids = Array.from({ length: 200 }, () => {
      clock += 1 + Math.floor(Math.random() * 5000);
      return next();
    });
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps 74 random bits: ids of the same millisecond all differ', () => {
    const at = new Date();
    const next = timeOrderedIds(() => at);
    const ids = new Set(Array.from({ length: 10_000 }, next));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) expect(id).toMatch(UUID_V7);
  });
});
