import { isMessageText, type RealtimeMessage, RestartReconnects, realtimeCloseRetryPolicy, type ServerFrame } from '@parley/protocol';
import { readServerFrame } from './frame-guard.js';
import { defaultTimers, Heartbeat, type HeartbeatTimers } from './heartbeat.js';
import { MessageDroppedError, newClientId, type RealtimeDeps, type SentMessage, type WebSocketLike } from './realtime-types.js';

export * from './realtime-types.js';

interface Pending {
  clientId: string;
  text: string;
  conversationId: string | null;
  resolve(sent: SentMessage): void;
  reject(error: Error): void;
}

/**
 * The visitor profile a signed-in session's token names (its `https://iadvize.com/visitorProfileId` claim; one per
 * user of a project); null for an anonymous session or a token this cannot read.
 */
export function signedInProfile(token: string): string | null {
  try {
    const claims = JSON.parse(atob((token.split('.')[1] as string).replace(/-/g, '+').replace(/_/g, '/')));
    return claims['https://iadvize.com/authenticated'] === true ? claims['https://iadvize.com/visitorProfileId'] : null;
  } catch {
    return null;
  }
}

const CONNECTING = 0;
const OPEN = 1;

/**
 * The visitor's realtime channel (docs/protocol.md): auth → ready → resume, a queue of sends resent with
 * their clientId until acked, messages delivered once in seq order, reconnection with backoff or re-activation, or
 * at once when the node left (1012 SERVICE_RESTART: a restart, another node answers).
 */
export class RealtimeClient {
  private socket: WebSocketLike | null = null;
  private ready = false;
  private stopped = true;
  private attempt = 0;
  /** The reconnection that may go on: a newer close or start() ends the older ones (one retry loop at a time). */
  private loop = 0;
  private readonly restarts = new RestartReconnects();
  private readyAt = 0;
  /** The signed-in profile whose queue this is, from the token of each opening (null: anonymous); undefined: none yet. */
  private owner: string | null | undefined;
  private conversationId: string | null = null;
  private readonly queue: Pending[] = [];
  private readonly highest = new Map<string, number>();
  private readonly resuming = new Set<string>();
  private readonly heartbeat: Heartbeat;

  private readonly timers: HeartbeatTimers;

  constructor(private readonly deps: RealtimeDeps) {
    this.timers = deps.timers ?? defaultTimers;
    this.heartbeat = new Heartbeat(
      this.timers,
      () => this.write({ type: 'ping' }),
      () => {
        // Silence after a ping: the connection is dead though no close came; reconnect.
        if (!this.socket) return;
        this.detach();
        void this.closed(1006, '');
      },
    );
  }

  /** Sends `typing` for the current conversation; nothing without one or while disconnected. */
  setTyping(typing: boolean): void {
    if (this.ready && this.conversationId) this.write({ type: 'typing', conversationId: this.conversationId, typing });
  }

  /** Sends `read` (everything up to `seq` read) for the current conversation; nothing without one or while disconnected. */
  markRead(seq: number): void {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new TypeError('seq must be an integer ≥ 0');
    if (this.ready && this.conversationId) this.write({ type: 'read', conversationId: this.conversationId, seq });
  }

  /** Opens (or reopens, with the current token) the channel; the queue and seen seqs are kept. */
  start(): void {
    this.loop++;
    this.stopped = false;
    this.attempt = 0;
    this.restarts.reset();
    this.detach();
    this.open();
  }

  /** Closes the channel for good and rejects every queued message. */
  stop(error: MessageDroppedError): void {
    this.stopped = true;
    this.detach();
    this.owner = undefined;
    this.conversationId = null;
    this.highest.clear();
    this.dropQueue(error);
  }

  send(text: string): Promise<SentMessage> {
    if (!isMessageText(text)) return Promise.reject(new TypeError('text must be 1..5000 characters, not blank, no control characters'));
    if (this.stopped) return Promise.reject(new MessageDroppedError('REALTIME_STOPPED', 'activate before sending messages'));
    return new Promise<SentMessage>((resolve, reject) => {
      const pending: Pending = { clientId: newClientId(), text, conversationId: null, resolve, reject };
      this.queue.push(pending);
      if (this.ready) this.transmit(pending);
    });
  }

  private open(): void {
    const token = this.deps.token();
    if (token === null) {
      this.stop(new MessageDroppedError('REALTIME_STOPPED', 'no visitor session'));
      return;
    }
    // Nothing queued under one signed-in user goes as another, nor as an anonymous visitor (spec §5.5, protocol:
    // identity change): checked at each opening, so before any `ready` too.
    const profile = signedInProfile(token);
    if (this.owner && profile !== this.owner) this.identityChanged();
    this.owner = profile;
    const socket = new this.deps.WebSocket(this.deps.url);
    this.socket = socket;
    this.ready = false;
    socket.onopen = (() => socket.send(JSON.stringify({ type: 'auth', token }))) as never;
    socket.onmessage = ((event: { data: unknown }) => {
      if (this.socket === socket && typeof event.data === 'string') this.receive(event.data);
    }) as never;
    socket.onclose = ((event: { code: number; reason: string }) => {
      if (this.socket === socket) void this.closed(event.code, event.reason, token);
    }) as never;
    // A failed connection (refused, an upgrade answered 503) is followed by a close event, which
    // reconnects; in Node, `ws` would end the process on an 'error' nobody listens to.
    socket.onerror = (() => {}) as never;
  }

  /** Forgets the current socket: its later events are ignored. */
  private detach(): void {
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    this.heartbeat.stop();
    if (!socket) return;
    socket.onmessage = null;
    socket.onclose = null;
    // Closing a socket still connecting throws in `ws` (and logs an error in browsers): close it once open.
    if (socket.readyState === CONNECTING) socket.onopen = (() => socket.close(1000)) as never;
    else {
      socket.onopen = null;
      socket.close(1000);
    }
  }

  /** `token`: the one the closed socket authenticated with (the heartbeat's close, never re-activating, names none). */
  private async closed(code: number, reason: string, token?: string): Promise<void> {
    const loop = ++this.loop;
    this.socket = null;
    this.ready = false;
    this.heartbeat.stop();
    if (this.stopped) return;
    if (this.readyAt > 0 && Date.now() - this.readyAt >= 60_000) this.attempt = 0;
    this.readyAt = 0;
    const policy = realtimeCloseRetryPolicy(code, reason);
    if (policy === 'NO_RETRY') {
      this.stop(new MessageDroppedError('REALTIME_STOPPED', `the realtime channel closed: ${code} ${reason}`));
      return;
    }
    const atOnce = this.restarts.delayAfter(code);
    if (atOnce !== null) {
      // The node left (a restart): another one answers now. Not a failure: should this attempt fail, the backoff
      // starts from its first step.
      await new Promise<void>((resolve) => this.timers.set(resolve, atOnce));
    } else {
      this.attempt++;
      // The first re-activation after a session ends is immediate; a loop of them backs off.
      if (policy === 'RETRY_WITH_BACKOFF' || this.attempt > 1) await this.deps.delay(this.attempt);
    }
    if (this.stopped || this.socket || loop !== this.loop) return;
    if (policy === 'RETRY_AFTER_REAUTH') {
      const reactivated = await this.deps.reactivate(token);
      if (loop !== this.loop) return;
      // Not now: asked again after the next step of the backoff, what is queued still waiting (unless the channel
      // reopened meanwhile, following another tab).
      if (reactivated === null) return this.stopped || this.socket ? undefined : this.closed(code, reason, token);
      if (!reactivated) {
        this.stop(new MessageDroppedError('REALTIME_STOPPED', 'the visitor session ended and re-activation failed'));
        return;
      }
      // A new session: the backoff grew with the provider's and the server's failures, not the network's.
      this.attempt = 0;
    }
    if (!this.stopped && !this.socket) this.open();
  }

  private identityChanged(): void {
    this.dropQueue(new MessageDroppedError('IDENTITY_CHANGED', 'the visitor is now another user: queued messages were dropped'));
    // The old user's conversations are not this one's.
    this.highest.clear();
    this.setConversation(null);
  }

  private receive(data: string): void {
    // Anything from the server proves the connection alive, even a frame this SDK does not use.
    this.heartbeat.alive();
    const frame = readServerFrame(data);
    if (frame) this.handle(frame);
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ready': {
        this.ready = true;
        this.readyAt = Date.now();
        this.restarts.ready(this.readyAt);
        this.heartbeat.start(frame.heartbeatSeconds * 1000);
        this.resuming.clear();
        if (frame.conversationId) this.setConversation(frame.conversationId);
        this.catchUp();
        for (const pending of this.queue) this.transmit(pending);
        return;
      }
      case 'resync':
        // Events may have been missed on this open socket: catch up as after a reconnection (the queue awaits its acks).
        if (this.ready) this.catchUp();
        return;
      case 'ack': {
        const index = this.queue.findIndex((pending) => pending.clientId === frame.clientId);
        this.setConversation(frame.conversationId);
        if (index < 0) return;
        const [pending] = this.queue.splice(index, 1);
        pending?.resolve({
          clientId: frame.clientId,
          messageId: frame.messageId,
          conversationId: frame.conversationId,
          seq: frame.seq,
          createdAt: frame.createdAt,
        });
        return;
      }
      case 'message':
        this.deliver(frame.conversationId, frame.message);
        return;
      case 'resumed':
        this.resuming.delete(frame.conversationId);
        return;
      case 'conversation':
        if (frame.conversation.status === 'open') this.setConversation(frame.conversation.id);
        return;
      case 'error':
        this.failed(frame.code, frame.message, frame.clientId);
        return;
      case 'typing':
        this.deps.onTyping?.(frame);
        return;
      case 'read':
        this.deps.onRead?.(frame);
    }
  }

  private deliver(conversationId: string, message: RealtimeMessage): void {
    const highest = this.highest.get(conversationId) ?? 0;
    if (message.seq <= highest) return;
    if (message.seq > highest + 1) {
      // A gap: ask for what is missing; the replay brings this one again.
      if (!this.resuming.has(conversationId)) this.resume(conversationId, highest);
      return;
    }
    this.highest.set(conversationId, message.seq);
    try {
      this.deps.onMessage({ conversationId, message });
    } catch (error) {
      console.error('[parley] a message listener threw', error);
    }
  }

  private failed(code: string, message: string, clientId: string | undefined): void {
    // Every queued message has a clientId: an error frame without one matches none.
    const pending = this.queue.find((candidate) => candidate.clientId === clientId);
    if (!pending) return;
    if (code === 'RATE_LIMITED' || code === 'INTERNAL_ERROR') {
      // Safe to resend with the same clientId; after a pause, on the socket open then.
      void this.deps.delay(1).then(() => {
        if (this.ready && this.queue.includes(pending)) this.transmit(pending);
      });
      return;
    }
    if (code === 'CONVERSATION_CLOSED') {
      // A visitor starts a new conversation: no conversationId, a new clientId.
      if (pending.conversationId === this.conversationId) this.conversationId = null;
      pending.clientId = newClientId();
      pending.conversationId = null;
      if (this.ready) this.transmit(pending);
      return;
    }
    this.queue.splice(this.queue.indexOf(pending), 1);
    pending.reject(new MessageDroppedError('REJECTED', `${code}: ${message}`));
  }

  private transmit(pending: Pending): void {
    pending.conversationId ??= this.conversationId;
    const frame = {
      type: 'send',
      clientId: pending.clientId,
      text: pending.text,
      ...(pending.conversationId ? { conversationId: pending.conversationId } : {}),
    };
    this.write(frame);
  }

  /** Resumes every conversation followed from its highest seq, and the current one from the start if it has none. */
  private catchUp(): void {
    for (const [conversationId, afterSeq] of this.highest) this.resume(conversationId, afterSeq);
    if (this.conversationId && !this.highest.has(this.conversationId)) this.resume(this.conversationId, 0);
  }

  private resume(conversationId: string, afterSeq: number): void {
    this.resuming.add(conversationId);
    this.write({ type: 'resume', conversationId, afterSeq });
  }

  private write(frame: Record<string, unknown>): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setConversation(id: string | null): void {
    this.conversationId = id;
    this.deps.onConversation(id);
  }

  private dropQueue(error: MessageDroppedError): void {
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
