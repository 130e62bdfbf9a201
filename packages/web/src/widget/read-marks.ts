/** The parts of `Storage` read here (localStorage in the widget). */
export type MarkStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const KEY = 'parley:read';
/** Earlier widgets kept one key per conversation, never removed: swept at the next logout. */
const LEGACY_PREFIX = 'parley:read:';

/** The page's localStorage, or none where the browser blocks it (a sandboxed frame). */
export function browserStorage(): MarkStorage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

/**
 * The last sequence number the visitor saw in the conversation on screen, kept across page loads so
 * a replayed history does not count as unread (0 when unknown, another conversation's, or storage
 * is blocked). One entry whatever the conversation, removed at a logout: a shared computer keeps no
 * list of whose conversations it had (spec §6.4).
 */
export function readUpTo(storage: MarkStorage | null, conversationId: string): number {
  if (!storage) return 0;
  try {
    const mark = JSON.parse(storage.getItem(KEY) ?? 'null') as { conversationId?: unknown; seq?: unknown } | null;
    return mark?.conversationId === conversationId && typeof mark.seq === 'number' ? mark.seq : 0;
  } catch {
    return 0;
  }
}

export function rememberRead(storage: MarkStorage | null, conversationId: string, seq: number): void {
  if (!storage || seq <= readUpTo(storage, conversationId)) return;
  try {
    storage.setItem(KEY, JSON.stringify({ conversationId, seq }));
  } catch {
    // Blocked storage: unread counts restart with the page.
  }
}

export function forgetReadMarks(storage: MarkStorage | null): void {
  if (!storage) return;
  try {
    const legacy: string[] = [];
    for (let index = 0; index < storage.length; index++) {
      const key = storage.key(index);
      if (key?.startsWith(LEGACY_PREFIX)) legacy.push(key);
    }
    for (const key of [KEY, ...legacy]) storage.removeItem(key);
  } catch {
    // Blocked storage holds nothing of ours.
  }
}
