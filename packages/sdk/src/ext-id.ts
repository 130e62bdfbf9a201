import type { AuthenticationStatus, Properties } from './properties.js';
import type { SessionStore } from './session.js';
import type { VisitorApi } from './visitor-api.js';

export const EXT_ID_IGNORED = '[parley] extId is ignored during an authenticated session: the verified userId identifies the visitor';

/** The brand's extId: a string of 1..50 code points, not blank (spec §6.6). */
function checkExtId(value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0 || [...value].length > 50)
    throw new TypeError('extId must be a string of 1 to 50 characters, not blank');
  return value;
}

/**
 * The brand's unverified extId (spec §6.6): sent for anonymous sessions, ignored with a warning for authenticated
 * ones (the verified userId identifies them); one set before activation waits for it.
 */
export class ExtIdSender {
  private pending: string | null = null;

  constructor(
    private readonly api: VisitorApi,
    private readonly sessions: SessionStore,
    private readonly properties: Properties,
    private readonly warn: (message: string) => void,
  ) {}

  set(value: unknown, activated: AuthenticationStatus): void {
    const extId = checkExtId(value);
    if (activated === 'AUTHENTICATED') {
      this.warn(EXT_ID_IGNORED);
      return;
    }
    this.properties.update('extId', extId);
    if (activated === null) this.pending = extId;
    else void this.send(extId);
  }

  /** After a successful activation: the extId set before it goes now (or is dropped for an authenticated visitor). */
  activated(authenticated: boolean): void {
    const extId = this.pending;
    this.pending = null;
    if (extId === null) return;
    if (authenticated) {
      this.warn(EXT_ID_IGNORED);
      this.properties.update('extId', null);
    } else void this.send(extId);
  }

  /** Sends the extId under the current session; warns when the server ignores it (an authenticated session). */
  private async send(extId: string): Promise<void> {
    const stored = this.sessions.read();
    if (!stored) return;
    if (stored.authenticated) {
      this.warn(EXT_ID_IGNORED);
      return;
    }
    const result = await this.api.setExtId(stored.token, extId);
    if (result.ok && !result.data.accepted) this.warn(EXT_ID_IGNORED);
  }
}
