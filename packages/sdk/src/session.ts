import type { ParleyStorage } from './storage.js';

/** The visitor session this browser holds: its token proves the vuid to the server. */
export interface StoredSession {
  vuid: string;
  token: string;
  authenticated: boolean;
}

const isStoredSession = (value: unknown): value is StoredSession => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.vuid === 'string' && typeof candidate.token === 'string' && typeof candidate.authenticated === 'boolean';
};

/** Reads and writes the stored session of one project; anything unreadable counts as no session. */
export class SessionStore {
  readonly key: string;

  constructor(
    private readonly storage: ParleyStorage,
    projectId: string,
  ) {
    this.key = `parley:${projectId}:session`;
  }

  read(): StoredSession | null {
    const raw = this.storage.get(this.key);
    if (raw === null) return null;
    try {
      const parsed: unknown = JSON.parse(raw);
      return isStoredSession(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  write(session: StoredSession): void {
    this.storage.set(this.key, JSON.stringify(session));
  }

  clear(): void {
    this.storage.remove(this.key);
  }
}
