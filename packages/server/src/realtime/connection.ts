import {
  type ClientFrame,
  type ClientFrameOf,
  MISSED_HEARTBEATS_BEFORE_CLOSE,
  parseClientFrame,
  REALTIME_CLOSE_CODES,
  type RealtimeCloseName,
  realtimeCloseReason,
  type ServerFrame,
} from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { Conversation, Message } from '../conversations/types.js';
import { ApiError } from '../errors.js';
import { isOpaqueBearer, type Principal } from '../operators/index.js';
import { originAllowed } from '../projects/origin-policy.js';
import type { Services } from '../services.js';
import type { VisitorSession } from '../sessions/session-store.js';
import { StoreUnavailableError } from '../store/storage-faults.js';
import { FrameBucket } from './frame-bucket.js';
import { type FramesInFlight, nextTurn } from './frames-in-flight.js';
import type { Outbound } from './outbound.js';
import { Resumes, replay } from './replay.js';
import type { Admission, SocketLimits } from './socket-limits.js';
import type { RoutedSocket, SocketRegistry } from './socket-registry.js';

export interface ConnectionContext {
  services: Services;
  registry: SocketRegistry;
  heartbeatSeconds: number;
  authTimeoutMs: number;
  /** The upgrade request's `Origin` header (null without one): a visitor socket must come from a listed origin (SPEC §4). */
  origin: string | null;
  log: FastifyBaseLogger;
  /** This socket's bounded send buffer. */
  outbound: Outbound;
  /** Its place in its IP's allowance, and the node's counts per visitor session and operator bearer. */
  admission: Admission;
  limits: SocketLimits;
  /** Frames of every socket of the node waiting or being handled. */
  inFlight: FramesInFlight;
}

type OperatorPrincipal = Extract<Principal, { kind: 'operator' }>;
type Parsed = ReturnType<typeof parseClientFrame>;

const BINARY: Parsed = { ok: false, error: 'frames are JSON text, not binary' };

const MAX_TIMER_MS = 2 ** 31 - 1;
/** Frames of one socket waiting to be handled: a client sending at the allowed rate to a hung database must not grow the node's memory. */
const MAX_QUEUED_FRAMES = 32;

/**
 * One WebSocket: the first frame authenticates (visitor session token or operator bearer), then
 * frames are handled one after the other, in the order the client sent them.
 */
export class RealtimeConnection implements RoutedSocket {
  visitor: { sessionId: string; profileId: string } | null = null;
  private session: VisitorSession | null = null;
  private operator: { principal: OperatorPrincipal; bearer: string } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly timers: NodeJS.Timeout[] = [];
  private missedHeartbeats = 0;
  private closed = false;
  private readonly bucket = new FrameBucket();
  private queued = 0;
  /** The visitor session or operator bearer this socket counts against, once authenticated. */
  private owner: string | null = null;
  private readonly resumes = new Resumes();

  constructor(
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
  ) {}

  start(): void {
    this.timers.push(setTimeout(() => this.close('AUTH_TIMEOUT'), this.context.authTimeoutMs));
    this.socket.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      // Counted as it arrives, malformed or not; and while the database is slow, at most MAX_QUEUED_FRAMES wait.
      if (!this.bucket.take() || this.queued >= MAX_QUEUED_FRAMES) return this.dropOverLimit(text);
      if (!this.context.inFlight.take()) return this.dropOverLimit(text);
      const parsed = text === null ? BINARY : parseClientFrame(text);
      // Known on arrival, so that it stops a replay of the same conversation that runs ahead of it.
      if (parsed.ok && parsed.frame.type === 'resume') this.resumes.arrived(parsed.frame.conversationId);
      this.queued++;
      // Each frame starts on a turn of its own: storage calls resolve as microtasks, and without the turn one
      // socket's queue (and every other's) would run to its end before the node reads or answers anything else.
      this.queue = this.queue
        .then(nextTurn)
        .then(() => this.receive(parsed))
        .catch((error) => this.fail(error))
        .finally(() => {
          this.queued--;
          this.context.inFlight.release();
        });
    });
    this.socket.on('pong', () => {
      this.missedHeartbeats = 0;
    });
    this.socket.on('close', () => this.cleanUp());
    this.socket.on('error', () => this.cleanUp());
  }

  sees(projectId: string): boolean {
    const principal = this.operator?.principal;
    return principal !== undefined && (principal.role === 'admin' || principal.projectIds.includes(projectId));
  }

  send(frame: ServerFrame): void {
    this.sendText(JSON.stringify(frame));
  }

  /** A client that does not read what it is sent is closed rather than buffered for without end. */
  sendText(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (!this.context.outbound.send(text)) this.close('SLOW_CONSUMER');
  }

  endSession(): void {
    this.close('VISITOR_SESSION_EXPIRED');
  }

  /** Events may have been missed: the client catches up from the database. */
  resync(): void {
    this.send({ type: 'resync' });
  }

  private async receive(parsed: Parsed): Promise<void> {
    if (this.closed) return;
    const ready = this.visitor !== null || this.operator !== null;
    if (!ready) {
      if (!parsed.ok || parsed.frame.type !== 'auth') this.close('PROTOCOL_ERROR');
      else await this.authenticate(parsed.frame.token);
      return;
    }
    const clientId = parsed.ok && parsed.frame.type === 'send' ? { clientId: parsed.frame.clientId } : {};
    if (!parsed.ok) return this.send({ type: 'error', code: 'VALIDATION_FAILED', message: parsed.error });
    const { frame } = parsed;
    if (frame.type === 'auth') return this.send({ type: 'error', code: 'VALIDATION_FAILED', message: 'already authenticated' });
    try {
      await this.handle(frame);
    } catch (error) {
      if (error instanceof ApiError) return this.send({ type: 'error', code: error.code, message: error.message, ...clientId });
      if (!(error instanceof StoreUnavailableError)) throw error;
      // The database is down or saturated: the socket stays, the client resends (same clientId) after a backoff.
      this.send({ type: 'error', code: 'INTERNAL_ERROR', message: 'the database is unavailable: retry with backoff', ...clientId });
    }
  }

  /** Only a send is answered (its client resends it by clientId): answering every excess frame would echo a flood. */
  private dropOverLimit(text: string | null): void {
    if (this.closed || text === null) return;
    // Not authenticated yet: no clientId to answer, and silence would end in AUTH_TIMEOUT 10 s later.
    if (this.visitor === null && this.operator === null) {
      this.close('TRY_AGAIN_LATER');
      return;
    }
    const parsed = parseClientFrame(text);
    if (!parsed.ok || parsed.frame.type !== 'send') return;
    const message = 'too many frames, from this socket or on this node: resend after a backoff';
    this.send({ type: 'error', code: 'RATE_LIMITED', message, clientId: parsed.frame.clientId });
  }

  private async authenticate(token: string): Promise<void> {
    const { services } = this.context;
    clearTimeout(this.timers.shift());
    if (isOpaqueBearer(token)) {
      const principal = await services.accessTokens.resolve(token);
      // Gone while the database answered: nothing may be registered or scheduled for it any more.
      if (this.closed) return;
      if (!principal) return this.close('UNAUTHENTICATED');
      if (principal.kind !== 'operator') return this.close('PERMISSION_DENIED');
      if (!this.claim(`bearer:${token}`)) return;
      this.operator = { principal, bearer: token };
      this.context.registry.add(this);
      this.startHeartbeat();
      return this.send({ type: 'ready', role: 'operator', heartbeatSeconds: this.context.heartbeatSeconds });
    }
    let session: VisitorSession;
    try {
      session = await services.visitorAuth.resolve(token);
    } catch (error) {
      // Only a refused token ends the session; a failing database is 1011 (retry, same token), never a re-activation.
      if (error instanceof ApiError) return this.close('VISITOR_SESSION_EXPIRED');
      throw error;
    }
    const { origin } = this.context;
    if (origin !== null) {
      const project = await services.projects.find(session.projectId);
      if (!project || !originAllowed(project.settings, origin))
        return this.close('PERMISSION_DENIED', "origin not in the project's allowedOrigins");
    }
    if (this.closed || !this.claim(`session:${session.id}`)) return;
    this.session = session;
    this.visitor = { sessionId: session.id, profileId: session.profileId };
    this.context.registry.add(this);
    const untilExpiry = Date.parse(session.expiresAt) - services.now().getTime();
    this.timers.push(setTimeout(() => this.endSession(), Math.min(Math.max(untilExpiry, 0), MAX_TIMER_MS)));
    this.startHeartbeat();
    const open = await services.conversations.openOf(session.profileId);
    this.send({
      type: 'ready',
      role: 'visitor',
      vuid: session.vuid,
      authenticated: session.authenticated,
      userId: session.userId,
      conversationId: open?.id ?? null,
      heartbeatSeconds: this.context.heartbeatSeconds,
    });
  }

  private async handle(frame: Exclude<ClientFrame, { type: 'auth' }>): Promise<void> {
    switch (frame.type) {
      case 'ping':
        return this.send({ type: 'pong' });
      case 'send':
        return this.sendMessage(frame);
      case 'resume':
        return this.resume(frame);
      case 'typing':
      case 'read': {
        const conversation = await this.reachable(frame.conversationId);
        const author = this.author();
        this.context.services.bus.publish(
          frame.type === 'typing'
            ? { kind: 'typing', conversation, author, typing: frame.typing }
            : { kind: 'read', conversation, author, seq: frame.seq },
        );
      }
    }
  }

  private async sendMessage(frame: ClientFrameOf<'send'>): Promise<void> {
    const { conversations } = this.context.services;
    const session = this.session;
    const author = this.author();
    const draft = {
      authorKind: author.kind,
      authorId: author.id,
      clientId: frame.clientId,
      text: frame.text,
      verified: session?.authenticated ?? false,
      brandKeyId: session?.brandKeyId ?? null,
    };
    let conversation: Conversation;
    if (frame.conversationId !== undefined) conversation = await this.reachable(frame.conversationId);
    else if (session) {
      const open = await conversations.openOf(session.profileId);
      // A resend whose conversation was closed meanwhile is acknowledged, not stored in a new one.
      const latest = open ?? (await conversations.latestOf(session.profileId));
      const sent = !open && latest ? await conversations.findSent(latest.id, draft) : null;
      if (latest && sent) return this.acknowledge(frame.clientId, latest.id, sent);
      conversation = open ?? (await conversations.ensureOpen(session.projectId, session.profileId));
    } else throw new ApiError('VALIDATION_FAILED', 'conversationId: agents name the conversation they write in');
    if (conversation.status === 'closed') {
      const sent = await conversations.findSent(conversation.id, draft);
      if (sent) return this.acknowledge(frame.clientId, conversation.id, sent);
      const message = 'this conversation is closed: send without conversationId to start a new one';
      return this.send({ type: 'error', code: 'CONVERSATION_CLOSED', message, clientId: frame.clientId });
    }
    const { message } = await conversations.append(conversation.id, draft);
    this.acknowledge(frame.clientId, conversation.id, message);
  }

  private acknowledge(clientId: string, conversationId: string, message: Message): void {
    this.send({ type: 'ack', clientId, messageId: message.id, conversationId, seq: message.seq, createdAt: message.createdAt });
  }

  /** Skipped when a newer resume of the conversation waits behind it; paced by the client's reading (see replay). */
  private async resume(frame: ClientFrameOf<'resume'>): Promise<void> {
    if (!this.resumes.take(frame.conversationId)) return;
    const conversation = await this.reachable(frame.conversationId);
    const { outbound, services } = this.context;
    const target = {
      messagesAfter: (conversationId: string, afterSeq: number, limit: number) =>
        services.conversations.messagesAfter(conversationId, afterSeq, limit),
      send: (frame: ServerFrame) => this.send(frame),
      full: () => outbound.full(),
      drained: (signal: AbortSignal) => outbound.drained(signal),
      isOpen: () => !this.closed && this.socket.readyState === this.socket.OPEN,
    };
    await this.resumes.run(conversation.id, (signal) => replay(target, conversation.id, frame.afterSeq, signal));
  }

  /** Counts this socket against its session or bearer, no longer as unauthenticated; closes it when that owner holds every socket it may. */
  private claim(owner: string): boolean {
    if (!this.context.limits.claim(owner)) {
      this.close('TOO_MANY_CONNECTIONS');
      return false;
    }
    this.owner = owner;
    this.context.admission.authenticated();
    return true;
  }

  /** The conversation if this socket may see it; NOT_FOUND otherwise, whether it exists or not. */
  private async reachable(conversationId: string): Promise<Conversation> {
    const conversation = await this.context.services.conversations.find(conversationId);
    const visible = conversation && (this.visitor ? conversation.profileId === this.visitor.profileId : this.sees(conversation.projectId));
    if (!conversation || !visible) throw new ApiError('NOT_FOUND', `no conversation has id "${conversationId}"`);
    return conversation;
  }

  private author(): { kind: 'visitor' | 'agent'; id: string } {
    if (this.session) return { kind: 'visitor', id: this.session.vuid };
    return { kind: 'agent', id: this.operator?.principal.operatorId ?? '' };
  }

  /** WebSocket pings; a socket that misses two in a row is dropped. An operator's bearer is checked again each time. */
  private startHeartbeat(): void {
    const beat = setInterval(() => {
      if (this.missedHeartbeats >= MISSED_HEARTBEATS_BEFORE_CLOSE) {
        this.socket.terminate();
        return;
      }
      this.missedHeartbeats++;
      this.socket.ping();
      if (this.operator) this.recheckOperator(this.operator.bearer).catch((error) => this.heartbeatCheckFailed(error));
    }, this.context.heartbeatSeconds * 1000);
    this.timers.push(beat);
  }

  private async recheckOperator(bearer: string): Promise<void> {
    const principal = await this.context.services.accessTokens.resolve(bearer);
    if (principal?.kind !== 'operator') this.close('UNAUTHENTICATED');
    else if (this.operator) this.operator.principal = principal;
  }

  /** The bearer could not be checked again (database down): the socket stays until the next heartbeat checks. */
  private heartbeatCheckFailed(error: unknown): void {
    if (error instanceof StoreUnavailableError) return;
    this.context.log.error({ err: error }, "checking an operator's bearer again failed");
  }

  private fail(error: unknown): void {
    // A database failure is logged once per run of failures by StoreHealth, not once per socket.
    if (!(error instanceof StoreUnavailableError)) this.context.log.error({ err: error }, 'a realtime frame failed');
    this.close('INTERNAL_ERROR');
  }

  private close(name: RealtimeCloseName, detail?: string): void {
    if (this.closed) return;
    this.socket.close(REALTIME_CLOSE_CODES[name].code, realtimeCloseReason(name, detail));
    this.cleanUp();
  }

  private cleanUp(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
    this.resumes.stop();
    this.context.registry.remove(this);
    if (this.owner !== null) this.context.limits.unclaim(this.owner);
    this.owner = null;
  }
}
