// A small model of what two tabs of one browser meet: the server's visitor sessions as visitor-authentication.ts keeps
// them (a sign-in proving the browser's session of the same user keeps its vuid and ends every session of that vuid; a
// spent proof gets a fresh vuid), its realtime channel (a revoked session's sockets close with VISITOR_SESSION_EXPIRED),
// and one localStorage whose `storage` events reach the other tabs a few milliseconds later.
import { createParley, type FetchLike, type Parley, type ParleyOptions, type ParleyStorage } from '../src/index.js';

export const wait = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Session {
  token: string;
  vuid: string;
  userId: string | null;
  revoked: boolean;
}

interface ClientSide {
  readyState: number;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
}

export class FakeWorld {
  readonly sessions = new Map<string, Session>();
  /** What the server stored, and for whom. */
  readonly messages: { text: string; userId: string | null; vuid: string; clientId: string }[] = [];
  /** Sign-ins and anonymous activations, in order. */
  readonly activations: string[] = [];
  /** ms before a revoked session's sockets hear their close (the revocation travels over the event bus). */
  closeDelay = 0;
  /** Codes the next sign-ins are refused with, one each, in order (RATE_LIMITED is retried, SIGNATURE_INVALID not). */
  readonly refusals: string[] = [];
  /** ms before a new WebSocket opens. */
  openDelay = 1;
  private readonly sockets = new Set<ServerSocket>();
  private count = 0;

  private open(vuid: string, userId: string | null): Session {
    // Shaped as the server's tokens: the claims the SDK reads (a signed-in user's profile), then an id for this model.
    const claims = { 'https://iadvize.com/visitorProfileId': `p-${userId ?? vuid}`, 'https://iadvize.com/authenticated': userId !== null };
    const token = `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.T${++this.count}`;
    const session = { token, vuid, userId, revoked: false };
    this.sessions.set(session.token, session);
    return session;
  }

  revoke(session: Session | undefined): boolean {
    if (!session || session.revoked) return false;
    session.revoked = true;
    for (const socket of [...this.sockets])
      if (socket.token === session.token) setTimeout(() => socket.end(1000, 'VISITOR_SESSION_EXPIRED'), this.closeDelay);
    return true;
  }

  /** The server ends every session (a back-channel logout, an erasure, a transfer redeemed elsewhere). */
  revokeAll(): void {
    for (const session of this.sessions.values()) this.revoke(session);
  }

  get liveSessions(): number {
    return [...this.sessions.values()].filter((session) => !session.revoked).length;
  }

  private claim(bearer: string | undefined, vuid: string | null): Session | null {
    const proof = bearer ? this.sessions.get(bearer) : undefined;
    if (!proof || proof.vuid !== vuid) return null;
    return this.revoke(proof) ? proof : null;
  }

  readonly fetch: FetchLike = async (_url, init) => {
    const { query, variables } = JSON.parse(init.body) as { query: string; variables: Record<string, string | null> };
    const bearer = init.headers.authorization?.slice('Bearer '.length);
    const answer = (session: Session) => ({
      status: 200,
      json: async () => ({ data: { s: { vuid: session.vuid, visitorSessionToken: { accessToken: session.token } } } }),
    });
    if (query.startsWith('mutation FromCredentials')) {
      const refusal = this.refusals.shift();
      if (refusal) {
        this.activations.push(`refused ${refusal}`);
        const retryPolicy = refusal === 'RATE_LIMITED' ? 'RETRY_WITH_BACKOFF' : 'NO_RETRY';
        return {
          status: 200,
          json: async () => ({ data: null, errors: [{ message: refusal, extensions: { name: refusal, retryPolicy } }] }),
        };
      }
      const userId = String(variables.c).split(':')[1] as string;
      const prior = this.claim(bearer, variables.v ?? null);
      const keepVuid = prior !== null && (prior.userId === null || prior.userId === userId);
      const vuid = keepVuid ? prior.vuid : `v${++this.count}`;
      if (keepVuid) for (const session of this.sessions.values()) if (session.vuid === vuid) this.revoke(session);
      this.activations.push(`sign-in ${userId}`);
      return answer(this.open(vuid, userId));
    }
    if (query.startsWith('mutation Anonymously')) {
      const prior = this.claim(bearer, variables.v ?? null);
      this.activations.push('anonymous');
      return answer(this.open(prior && prior.userId === null ? prior.vuid : `v${++this.count}`, null));
    }
    if (query.startsWith('mutation Logout')) {
      this.revoke(bearer ? this.sessions.get(bearer) : undefined);
      return { status: 200, json: async () => ({ data: { visitorLogout: { loggedOut: true } } }) };
    }
    throw new Error(`the fake world does not answer ${query.slice(0, 40)}`);
  };

  /** The browser's WebSocket, connected to this world's channel. */
  readonly WebSocket = (() => {
    const world = this;
    return class FakeClientSocket implements ClientSide {
      readyState = 0;
      onopen: ((event: unknown) => void) | null = null;
      onmessage: ((event: { data: unknown }) => void) | null = null;
      onclose: ((event: { code: number; reason: string }) => void) | null = null;
      onerror: ((event: unknown) => void) | null = null;
      private readonly server: ServerSocket = new ServerSocket(world, this);
      constructor(readonly url: string) {
        setTimeout(() => {
          if (this.readyState !== 0) return;
          this.readyState = 1;
          this.onopen?.({});
        }, world.openDelay);
      }
      send(data: string) {
        if (this.readyState === 1) setTimeout(() => this.server.receive(JSON.parse(data)), 1);
      }
      close() {
        this.readyState = 3;
        world.sockets.delete(this.server);
      }
    };
  })();

  /** A network drop: every authenticated socket closes with 1006. */
  async dropAll(): Promise<void> {
    for (const socket of [...this.sockets]) socket.end(1006, '');
    await wait(0);
  }

  attach(socket: ServerSocket): void {
    this.sockets.add(socket);
  }

  detach(socket: ServerSocket): void {
    this.sockets.delete(socket);
  }

  /** A browser: its tabs share one storage, and each hears the others' writes `eventDelayMs` later. */
  browser(eventDelayMs = 5): () => ParleyStorage {
    const values = new Map<string, string>();
    const watchers = new Set<{ tab: number; key: string; listener: (value: string | null) => void }>();
    let tabs = 0;
    return () => {
      const tab = ++tabs;
      const notify = (key: string) => {
        for (const watcher of watchers)
          if (watcher.tab !== tab && watcher.key === key)
            setTimeout(() => watchers.has(watcher) && watcher.listener(values.get(key) ?? null), eventDelayMs);
      };
      return {
        get: (key) => values.get(key) ?? null,
        set(key, value) {
          values.set(key, value);
          notify(key);
        },
        remove(key) {
          values.delete(key);
          notify(key);
        },
        watch(key, listener) {
          const watcher = { tab, key, listener };
          watchers.add(watcher);
          return () => watchers.delete(watcher);
        },
      };
    };
  }

  /**
   * A tab of a browser (`storage` from `browser()`), whose answers from the server arrive `answerDelayMs` after it
   * acted; `options` replace the defaults (a 5 ms reconnect delay and backoff).
   */
  tab(storage: ParleyStorage, answerDelayMs = 0, options: Partial<ParleyOptions> = {}): Parley {
    const fetch: FetchLike = async (url, init) => {
      const answer = await this.fetch(url, init);
      if (answerDelayMs > 0) await wait(answerDelayMs);
      return answer;
    };
    return createParley({
      projectId: 'p1',
      serverUrl: 'http://brand.example',
      storage,
      fetch,
      WebSocket: this.WebSocket as never,
      reconnectDelay: () => wait(5),
      backoff: () => wait(5),
      warn: () => {},
      ...options,
    });
  }
}

/** A brand's token endpoint for `userId` (or whoever it names when called): fresh credentials each call, answered after `delayMs`. */
export const provider = (userId: string | (() => string), delayMs = 0) => {
  let issued = 0;
  return async () => {
    await wait(delayMs);
    const user = typeof userId === 'string' ? userId : userId();
    return { authenticationOption: { type: 'SECURED_AUTHENTICATION' as const, token: `cred:${user}:${++issued}` } };
  };
};

class ServerSocket {
  token: string | null = null;
  constructor(
    private readonly world: FakeWorld,
    private readonly client: ClientSide,
  ) {}

  private push(frame: unknown): void {
    if (this.client.readyState === 1) this.client.onmessage?.({ data: JSON.stringify(frame) });
  }

  end(code: number, reason: string): void {
    if (this.client.readyState === 3) return;
    this.world.detach(this);
    this.client.readyState = 3;
    this.client.onclose?.({ code, reason });
  }

  receive(frame: { type: string; token?: string; clientId?: string; text?: string }): void {
    if (frame.type === 'auth') {
      const session = this.world.sessions.get(String(frame.token));
      if (!session || session.revoked) {
        this.end(1000, 'VISITOR_SESSION_EXPIRED');
        return;
      }
      this.token = session.token;
      this.world.attach(this);
      const user = session.userId ? { userId: session.userId } : {};
      this.push({
        type: 'ready',
        role: 'visitor',
        vuid: session.vuid,
        authenticated: session.userId !== null,
        ...user,
        conversationId: null,
        heartbeatSeconds: 30,
      });
      return;
    }
    const session = this.token ? this.world.sessions.get(this.token) : undefined;
    if (frame.type !== 'send' || !session || session.revoked) return;
    // A client id sent again (its ack was lost with a channel) is answered with the stored message, as the server does.
    const { messages } = this.world;
    let seq = messages.findIndex((message) => message.clientId === frame.clientId) + 1;
    if (seq === 0)
      seq = messages.push({ text: String(frame.text), userId: session.userId, vuid: session.vuid, clientId: String(frame.clientId) });
    this.push({
      type: 'ack',
      clientId: frame.clientId,
      messageId: `m${seq}`,
      conversationId: `c-${messages[seq - 1]?.vuid}`,
      seq,
      createdAt: '2026-12-07T00:00:00.000Z',
    });
  }
}
