import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const COOKIE = 'shop_session';

/** The brand's own sign-in sessions: a random id in an HttpOnly cookie, the user in memory. */
export class BrandSessions {
  private readonly users = new Map<string, string>();

  userOf(request: IncomingMessage): string | null {
    const id = new RegExp(`(?:^|;\\s*)${COOKIE}=([A-Za-z0-9_-]+)`).exec(request.headers.cookie ?? '')?.[1];
    return id ? (this.users.get(id) ?? null) : null;
  }

  /** Starts a session for `user`; answers the Set-Cookie header. */
  start(user: string): string {
    const id = randomBytes(24).toString('base64url');
    this.users.set(id, user);
    return `${COOKIE}=${id}; HttpOnly; SameSite=Lax; Path=/`;
  }

  /** Ends the request's session; answers the Set-Cookie header that removes the cookie. */
  end(request: IncomingMessage): string {
    const id = new RegExp(`(?:^|;\\s*)${COOKIE}=([A-Za-z0-9_-]+)`).exec(request.headers.cookie ?? '')?.[1];
    if (id) this.users.delete(id);
    return `${COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
  }
}
