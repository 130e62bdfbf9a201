import { parseClientFrame, REALTIME_CLOSE_CODES, type RealtimeCloseName, realtimeCloseReason, type ServerFrame } from '@parley/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { Services } from '../services.js';
import { StoreUnavailableError } from '../store/storage-faults.js';
import { withTimeout } from '../with-timeout.js';
import { dispatch, type FrameContext, type Parsed } from './frame-dispatch.js';
import { FrameIntake } from './frame-intake.js';
import type { FramesInFlight } from './frames-in-flight.js';
import { authenticate, readyFrame } from './handshake.js';
import { Heartbeat } from './heartbeat.js';
import { type Identity, ownerOf, sees } from './identity.js';
import type { Outbound } from './outbound.js';
import type { OwnerBudgets } from './owner-budgets.js';
import { Resumes } from './replay.js';
import type { Admission, SocketLimits } from './socket-limits.js';
import type { RoutedSocket, SocketRegistry } from './socket-registry.js';

export interface ConnectionContext {
  services: Services;
  registry: SocketRegistry;
  heartbeatSeconds: number;
  authTimeoutMs: number;
  /** The upgrade request's `Origin` header (null without one): a visitor socket must come from a listed origin (spec §4.2). */
  origin: string | null;
  log: FastifyBaseLogger;
  /** This socket's bounded send buffer. */
  outbound: Outbound;
  /** Its place in its IP's allowance, and the node's counts per visitor session and operator bearer. */
  admission: Admission;
  limits: SocketLimits;
  /** Frames of every socket of the node waiting or being handled. */
  inFlight: FramesInFlight;
  /** Messages and typing of each visitor session and operator bearer, across its sockets on this node. */
  budgets: OwnerBudgets;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One WebSocket: the first frame authenticates (handshake.ts), then frames are handled one after the other, in the
 * order the client sent them (frame-dispatch.ts).
 */
export class RealtimeConnection implements RoutedSocket {
  visitor: { sessionId: string; profileId: string } | null = null;
  private identity: Identity | null = null;
  /** How this socket's frames are handled, once authenticated. */
  private frames: FrameContext | null = null;
  private readonly intake: FrameIntake;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly heartbeat: Heartbeat;
  private readonly resumes = new Resumes();
  private closed = false;
  /** The visitor session or operator bearer this socket counts against, once authenticated. */
  private owner: string | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
  ) {
    this.heartbeat = new Heartbeat(socket);
    this.intake = new FrameIntake(context.inFlight, {
      // Known on arrival, so that it stops a replay of the same conversation that runs ahead of it.
      admitted: (parsed) => {
        if (parsed.ok && parsed.frame.type === 'resume') this.resumes.arrived(parsed.frame.conversationId);
      },
      handle: (parsed) => this.receive(parsed),
      refused: (text) => this.dropOverLimit(text),
      failed: (error) => this.fail(error),
    });
  }

  start(): void {
    this.timers.push(setTimeout(() => this.close('AUTH_TIMEOUT'), this.context.authTimeoutMs));
    this.socket.on('message', (data, isBinary) => this.intake.arrived(isBinary ? null : data.toString()));
    this.socket.on('close', () => this.cleanUp());
    this.socket.on('error', () => this.cleanUp());
  }

  sees(projectId: string): boolean {
    return sees(this.identity, projectId);
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

  /**
   * The node shuts down: no new frame is taken (nor replay run), the frames taken are handled until `until` at most
   * (a `send` being stored is committed and acknowledged), then the socket closes with SERVICE_RESTART (1012) and the
   * client reconnects at once, through the load balancer, to another node. Live events still reach it meanwhile.
   */
  async leave(until: number): Promise<void> {
    if (this.closed) return;
    this.resumes.stop();
    // Past `until` it closes anyway: the frames left are resent by the client, elsewhere.
    await withTimeout(this.intake.stop(), Math.max(0, until - Date.now()), 'the last frames').catch(() => {});
    this.close('SERVICE_RESTART');
  }

  private async receive(parsed: Parsed): Promise<void> {
    if (this.closed) return;
    if (this.frames) return dispatch(this.frames, parsed);
    if (!parsed.ok || parsed.frame.type !== 'auth') return this.close('PROTOCOL_ERROR');
    await this.authenticate(parsed.frame.token);
  }

  /** Only a send is answered (its client resends it by clientId): answering every excess frame would echo a flood. */
  private dropOverLimit(text: string | null): void {
    if (this.closed || text === null) return;
    // Not authenticated yet: no clientId to answer, and silence would end in AUTH_TIMEOUT 10 s later.
    if (this.identity === null) {
      this.close('TRY_AGAIN_LATER');
      return;
    }
    const parsed = parseClientFrame(text);
    if (!parsed.ok || parsed.frame.type !== 'send') return;
    const message = 'too many frames, from this socket or on this node: resend after a backoff';
    this.send({ type: 'error', code: 'RATE_LIMITED', message, clientId: parsed.frame.clientId });
  }

  private async authenticate(token: string): Promise<void> {
    const { services, heartbeatSeconds } = this.context;
    clearTimeout(this.timers.shift());
    const handshake = await authenticate(services, token, this.context.origin);
    // Gone while the database answered: nothing may be registered or scheduled for it any more.
    if (this.closed) return;
    if (!handshake.ok) return this.close(handshake.close, handshake.detail);
    const { identity } = handshake;
    if (!this.claim(ownerOf(identity))) return;
    this.identity = identity;
    this.frames = this.frameContext(identity);
    if (identity.kind === 'visitor') {
      const { session } = identity;
      this.visitor = { sessionId: session.id, profileId: session.profileId };
      const untilExpiry = Date.parse(session.expiresAt) - services.now().getTime();
      this.timers.push(setTimeout(() => this.endSession(), Math.min(Math.max(untilExpiry, 0), MAX_TIMER_MS)));
    }
    this.context.registry.add(this);
    this.heartbeat.start(heartbeatSeconds, () => this.recheckOperator());
    const ready = await readyFrame(services, identity, heartbeatSeconds);
    if (ready.role === 'visitor') this.frames.remembered.openConversationId ??= ready.conversationId;
    this.send(ready);
  }

  private frameContext(identity: Identity): FrameContext {
    const { services, budgets, outbound } = this.context;
    const socket = {
      send: (frame: ServerFrame) => this.send(frame),
      sendText: (text: string) => this.sendText(text),
      full: () => outbound.full(),
      drained: (signal: AbortSignal) => this.intake.whileWaitingOnClient(outbound.drained(signal)),
      isOpen: () => !this.closed && this.socket.readyState === this.socket.OPEN,
    };
    const remembered = { openConversationId: null };
    return { services, identity, owner: ownerOf(identity), budgets, resumes: this.resumes, socket, remembered };
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

  /** At each heartbeat an operator's bearer is checked again; while the database is down the socket stays until the next. */
  private recheckOperator(): void {
    const { identity } = this;
    if (identity?.kind !== 'operator') return;
    this.context.services.accessTokens
      .resolve(identity.bearer)
      .then((principal) => {
        if (principal?.kind !== 'operator') this.close('UNAUTHENTICATED');
        else identity.principal = principal;
      })
      .catch((error) => {
        if (!(error instanceof StoreUnavailableError)) this.context.log.error({ err: error }, "checking an operator's bearer again failed");
      });
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
    this.heartbeat.stop();
    this.resumes.stop();
    this.context.registry.remove(this);
    if (this.owner !== null) this.context.limits.unclaim(this.owner);
    this.owner = null;
  }
}
