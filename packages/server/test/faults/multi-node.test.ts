import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type AckFrame, parseServerFrame, type ServerFrame } from '@parley/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { processState } from '../helpers/fault-support.js';
import { ADMIN_ENV } from '../helpers/graphql.js';
import { type PrivatePostgres, startPrivatePostgres } from '../helpers/private-postgres.js';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-redis.js';
import {
  freePort,
  httpGql,
  httpPasswordGrant,
  killServerProcesses,
  type ServerProcess,
  startServerProcess,
} from '../helpers/server-process.js';

/**
 * Two `parley serve` nodes on one private PostgreSQL and one private Redis, under steady chat
 * traffic (20 anonymous visitors over both nodes, a desk socket on each node), through five
 * faults in a row: PostgreSQL restarted, stopped, frozen; Redis stopped, frozen. After each one:
 * no node died, clients only ever saw retryable close codes and error frames, /readyz followed
 * the database, every acknowledged message is stored exactly once with gapless sequence numbers,
 * and both desks end up with every acknowledged message (live, or through `resume` after
 * `resync` or a gap, as docs/protocol.md tells clients to catch up).
 *
 * Each fault prints its figures (console.log): /readyz latencies, backlog and delivery times,
 * close codes, error frames, resyncs, and every message no desk ever got live (stored, acknowledged
 * on a resend, but never relayed: only a later gap brought it). A node that dies fails its fault
 * and is started again, so the faults after it still run on two nodes.
 */

const VISITORS = 20;
/** Each visitor writes one message every 200–300 ms while traffic is on. */
const SEND_EVERY_MS = [200, 300] as const;
/** Unacknowledged sends a visitor keeps on the wire. */
const WINDOW = 8;
/** Backoff after an INTERNAL_ERROR / RATE_LIMITED frame (doubling) and before a reconnection (doubling, ±25 %). */
const ERROR_BACKOFF_MS = [250, 2_000] as const;
const RECONNECT_BACKOFF_MS = [500, 4_000] as const;
/** How long a desk waits before resending a `resume` the server could not answer. */
const RESUME_RETRY_MS = 1_000;
const READY_POLL_MS = 200;

/**
 * "/readyz turns 503 within ~2 s of the fault" (the probe is reused for 1 s and times out after 1 s);
 * "200 within a few s of recovery": a write must succeed RECOVERY_QUIET_MS (5 s) after the last failure.
 */
const UNREADY_WITHIN_MS = 3_000;
const READY_AGAIN_WITHIN_MS = 10_000;
/** /readyz answers within ~1 s whatever the database does. */
const READYZ_ANSWER_WITHIN_MS = 2_500;
/**
 * Every acknowledged message on both desks within ~10 s of recovery: those acknowledged before it,
 * within 10 s of it; those acknowledged after it (the clients' backlog), within 10 s of their ack.
 */
const CONVERGE_WITHIN_MS = 10_000;
/** The clients' backlog after recovery: its pace depends on their backoff and on the machine, so only a generous bound. */
const BACKLOG_WITHIN_MS = 30_000;
/** Healthy traffic before each fault. */
const WARM_UP_MS = 2_000;

const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1006, 1011, 1012, 4408]);
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set(['INTERNAL_ERROR', 'RATE_LIMITED']);

const DB_TIMEOUTS = { PARLEY_DB_CONNECT_TIMEOUT_MS: '2000', PARLEY_DB_STATEMENT_TIMEOUT_MS: '3000' };

const ANONYMOUSLY =
  'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }';

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([low, high]: readonly [number, number]) => low + Math.random() * (high - low);
const ms = (value: number | null) => (value === null ? 'never' : `${Math.round(value)} ms`);

/** What one fault made clients see; every client writes into the current one. */
interface Phase {
  readonly name: string;
  readonly startedAt: number;
  readonly closes: { who: string; code: number; reason: string; wasReady: boolean; error: string | null; at: number }[];
  readonly errors: { who: string; code: string; message: string; clientId: string | null; at: number }[];
  /** Protocol or consistency violations seen by the clients (must stay empty). */
  readonly problems: string[];
}

interface World {
  phase: Phase;
  /** Visitors write new messages while true. */
  traffic: boolean;
}

const newPhase = (name: string): Phase => ({ name, startedAt: now(), closes: [], errors: [], problems: [] });

/** A /realtime client that authenticates, reconnects after a backoff when closed, and records closes and error frames. */
abstract class Client {
  ready = false;
  readonly resyncs: number[] = [];
  protected socket: WebSocket | null = null;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  protected stopped = false;
  private lastError: string | null = null;

  constructor(
    readonly who: string,
    readonly url: string,
    private readonly token: string,
    protected readonly world: World,
  ) {}

  start(): void {
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.terminate();
    this.socket = null;
    this.ready = false;
  }

  protected problem(what: string): void {
    this.world.phase.problems.push(`${this.who}: ${what}`);
  }

  protected sendFrame(frame: Record<string, unknown>): boolean {
    if (!this.ready || this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    const socket = new WebSocket(`${this.url.replace(/^http/, 'ws')}/realtime`);
    this.socket = socket;
    this.lastError = null;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.token })));
    socket.on('error', (error) => {
      this.lastError = error.message; // 'close' follows
    });
    socket.on('message', (data) => {
      if (this.socket !== socket) return;
      const text = data.toString();
      const parsed = parseServerFrame(text);
      if (!parsed.ok) return this.problem(`a frame outside the protocol (${parsed.error}): ${text.slice(0, 200)}`);
      const frame = parsed.frame;
      if (frame.type === 'ready') {
        this.ready = true;
        this.attempts = 0;
        this.onReady(frame);
      } else if (frame.type === 'resync') {
        this.resyncs.push(now());
        this.onResync();
      } else if (frame.type === 'error') {
        this.world.phase.errors.push({
          who: this.who,
          code: frame.code,
          message: frame.message,
          clientId: frame.clientId ?? null,
          at: now(),
        });
        if (!RETRYABLE_ERROR_CODES.has(frame.code)) this.problem(`error frame that is not retryable: ${text}`);
        this.onError(frame);
      } else this.onFrame(frame);
    });
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      const wasReady = this.ready;
      this.socket = null;
      this.ready = false;
      if (this.stopped) return;
      this.world.phase.closes.push({ who: this.who, code, reason: reason.toString(), wasReady, error: this.lastError, at: now() });
      this.onDown();
      const delay = Math.min(RECONNECT_BACKOFF_MS[1], RECONNECT_BACKOFF_MS[0] * 2 ** this.attempts) * between([0.75, 1.25]);
      this.attempts++;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (!this.stopped) this.open();
      }, delay);
    });
  }

  protected abstract onReady(frame: Extract<ServerFrame, { type: 'ready' }>): void;
  protected abstract onResync(): void;
  protected abstract onError(frame: Extract<ServerFrame, { type: 'error' }>): void;
  protected abstract onFrame(frame: ServerFrame): void;
  /** The socket closed: whatever was on the wire is unanswered. */
  protected abstract onDown(): void;
}

interface Outgoing {
  clientId: string;
  text: string;
  createdAt: number;
}

interface Acked {
  ack: AckFrame;
  at: number;
  createdAt: number;
  text: string;
}

/**
 * An anonymous visitor writing steadily: a message every 200–300 ms, at most WINDOW unacknowledged
 * on the wire, resent with the same clientId after INTERNAL_ERROR / RATE_LIMITED (after a backoff)
 * and after every reconnection, in their original order (docs/protocol.md, exactly-once).
 */
class Visitor extends Client {
  conversationId: string | null = null;
  readonly pending: Outgoing[] = [];
  readonly inFlight = new Set<string>();
  readonly acks = new Map<string, Acked>();
  /** When each clientId was answered with an error frame. */
  readonly refusals = new Map<string, number[]>();
  private written = 0;
  private holdUntil = 0;
  private errorBackoff: number = ERROR_BACKOFF_MS[0];
  private retryTimer: NodeJS.Timeout | null = null;
  private writeTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly index: number,
    url: string,
    token: string,
    world: World,
  ) {
    super(`visitor ${index} on node ${index % 2 === 0 ? 'A' : 'B'}`, url, token, world);
  }

  override start(): void {
    super.start();
    this.write();
  }

  override stop(): void {
    super.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.writeTimer) clearTimeout(this.writeTimer);
  }

  /** Messages written before `at` and not acknowledged yet. */
  unackedBefore(at: number): number {
    return this.pending.filter((message) => message.createdAt < at).length;
  }

  private write(): void {
    if (this.stopped) return;
    if (this.world.traffic) {
      const index = this.written++;
      this.pending.push({ clientId: `v${this.index}-m${index}`, text: `message ${index} from visitor ${this.index}`, createdAt: now() });
      this.pump();
    }
    this.writeTimer = setTimeout(() => this.write(), between(SEND_EVERY_MS));
  }

  private pump(): void {
    if (!this.ready) return;
    const wait = this.holdUntil - now();
    if (wait > 0) {
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        this.pump();
      }, wait + 1);
      return;
    }
    for (const message of this.pending) {
      if (this.inFlight.size >= WINDOW) break;
      if (this.inFlight.has(message.clientId)) continue;
      const frame = {
        type: 'send',
        clientId: message.clientId,
        text: message.text,
        ...(this.conversationId ? { conversationId: this.conversationId } : {}),
      };
      if (!this.sendFrame(frame)) break;
      this.inFlight.add(message.clientId);
    }
  }

  protected onReady(frame: Extract<ServerFrame, { type: 'ready' }>): void {
    if (frame.role !== 'visitor') this.problem(`ready as ${frame.role}`);
    if (this.conversationId !== null && frame.conversationId !== this.conversationId)
      this.problem(`ready names conversation ${frame.conversationId}, acks named ${this.conversationId}`);
    this.conversationId ??= frame.conversationId ?? null;
    this.pump();
  }

  protected onResync(): void {
    // Unacknowledged sends need no resend on resync (docs/protocol.md); this visitor shows no history.
  }

  protected onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    if (frame.clientId === undefined || !this.inFlight.delete(frame.clientId)) {
      this.problem(`error frame about nothing in flight: ${JSON.stringify(frame)}`);
      return;
    }
    this.refusals.set(frame.clientId, [...(this.refusals.get(frame.clientId) ?? []), now()]);
    this.holdUntil = now() + this.errorBackoff;
    this.errorBackoff = Math.min(ERROR_BACKOFF_MS[1], this.errorBackoff * 2);
    this.pump();
  }

  protected onFrame(frame: ServerFrame): void {
    if (frame.type !== 'ack') return;
    const index = this.pending.findIndex((message) => message.clientId === frame.clientId);
    if (index < 0) {
      const earlier = this.acks.get(frame.clientId);
      if (!earlier) this.problem(`ack of ${frame.clientId}, which it never sent`);
      else if (earlier.ack.messageId !== frame.messageId || earlier.ack.seq !== frame.seq)
        this.problem(`${frame.clientId} acked twice differently: ${JSON.stringify([earlier.ack, frame])}`);
      return;
    }
    if (this.conversationId === null) this.conversationId = frame.conversationId;
    else if (frame.conversationId !== this.conversationId)
      this.problem(`${frame.clientId} acked in ${frame.conversationId}, earlier ones in ${this.conversationId}`);
    const [message] = this.pending.splice(index, 1);
    this.inFlight.delete(frame.clientId);
    if (message) this.acks.set(frame.clientId, { ack: frame, at: now(), createdAt: message.createdAt, text: message.text });
    this.errorBackoff = ERROR_BACKOFF_MS[0];
    this.pump();
  }

  protected onDown(): void {
    this.inFlight.clear();
  }
}

interface DeskConversation {
  /** Every seq up to this one has been received. */
  highest: number;
  /** seq → message id, of everything received. */
  seqs: Map<number, string>;
  resuming: boolean;
  /** A resync (or gap) came while a resume was on the wire: resume again once it ends. */
  again: boolean;
  retry: NodeJS.Timeout | null;
}

interface Delivery {
  conversationId: string;
  seq: number;
  /** Part of the replay of a `resume` (decided when its `resumed` arrives). */
  replay: boolean;
}

/**
 * An operator socket as the desk uses it: it applies `message` frames by seq, resumes on a gap,
 * after every (re)connection and on `resync` (every conversation it has seen, from its highest seq),
 * and retries a `resume` that the server could not answer. It records every message it received.
 */
class Desk extends Client {
  readonly conversations = new Map<string, DeskConversation>();
  /** clientId of every visitor message received → its frames (live or replayed). */
  readonly received = new Map<string, { messageId: string; firstAt: number; deliveries: Delivery[] }>();
  gapResumes = 0;
  resyncResumes = 0;
  private deliveries: Delivery[] = [];
  /** Resumes on the wire, in order: the server answers a socket's frames in order, each with `resumed` or `error`. */
  private onTheWire: { conversationId: string; afterSeq: number }[] = [];

  constructor(
    readonly node: 'A' | 'B',
    url: string,
    token: string,
    world: World,
  ) {
    super(`desk on node ${node}`, url, token, world);
  }

  has(clientId: string): boolean {
    return this.received.has(clientId);
  }

  /** When this message first arrived here (live or replayed), if it did. */
  arrival(clientId: string): number | undefined {
    return this.received.get(clientId)?.firstAt;
  }

  /** Whether a frame that was not a replay brought this message. */
  live(clientId: string): boolean {
    return this.received.get(clientId)?.deliveries.some((delivery) => !delivery.replay) ?? false;
  }

  override stop(): void {
    super.stop();
    for (const conversation of this.conversations.values()) if (conversation.retry) clearTimeout(conversation.retry);
  }

  private conversation(id: string): DeskConversation {
    let conversation = this.conversations.get(id);
    if (!conversation) {
      conversation = { highest: 0, seqs: new Map(), resuming: false, again: false, retry: null };
      this.conversations.set(id, conversation);
    }
    return conversation;
  }

  private resume(id: string): void {
    const conversation = this.conversation(id);
    if (conversation.resuming) {
      conversation.again = true;
      return;
    }
    if (!this.sendFrame({ type: 'resume', conversationId: id, afterSeq: conversation.highest })) return;
    conversation.resuming = true;
    conversation.again = false;
    this.onTheWire.push({ conversationId: id, afterSeq: conversation.highest });
  }

  private gapIn(conversation: DeskConversation): boolean {
    return conversation.seqs.size > conversation.highest;
  }

  protected onReady(frame: Extract<ServerFrame, { type: 'ready' }>): void {
    if (frame.role !== 'operator') this.problem(`ready as ${frame.role}`);
    for (const id of this.conversations.keys()) this.resume(id);
  }

  protected onResync(): void {
    for (const id of this.conversations.keys()) {
      this.resyncResumes++;
      this.resume(id);
    }
  }

  protected onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    const failed = this.onTheWire.shift();
    if (!failed) {
      this.problem(`error frame with no resume on the wire: ${JSON.stringify(frame)}`);
      return;
    }
    const conversation = this.conversation(failed.conversationId);
    conversation.resuming = false;
    if (conversation.retry) return;
    conversation.retry = setTimeout(() => {
      conversation.retry = null;
      this.resume(failed.conversationId);
    }, RESUME_RETRY_MS);
  }

  protected onFrame(frame: ServerFrame): void {
    if (frame.type === 'conversation') this.conversation(frame.conversation.id);
    else if (frame.type === 'message') this.onMessage(frame);
    else if (frame.type === 'resumed') this.onResumed(frame);
  }

  private onMessage(frame: Extract<ServerFrame, { type: 'message' }>): void {
    const { message, conversationId } = frame;
    const conversation = this.conversation(conversationId);
    const known = conversation.seqs.get(message.seq);
    if (known !== undefined && known !== message.id)
      this.problem(`seq ${message.seq} of ${conversationId} arrived as ${known} and as ${message.id}`);
    conversation.seqs.set(message.seq, message.id);
    while (conversation.seqs.has(conversation.highest + 1)) conversation.highest++;
    const delivery: Delivery = { conversationId, seq: message.seq, replay: false };
    this.deliveries.push(delivery);
    if (this.deliveries.length > 5_000) this.deliveries = this.deliveries.slice(-2_500);
    if (message.author.kind === 'visitor' && message.clientId !== null) {
      const entry = this.received.get(message.clientId);
      if (!entry) this.received.set(message.clientId, { messageId: message.id, firstAt: now(), deliveries: [delivery] });
      else {
        if (entry.messageId !== message.id) this.problem(`${message.clientId} arrived as ${entry.messageId} and as ${message.id}`);
        entry.deliveries.push(delivery);
      }
    }
    // A gap: keep what came and ask for what is missing (docs/protocol.md, resuming).
    if (this.gapIn(conversation) && !conversation.resuming) {
      this.gapResumes++;
      this.resume(conversationId);
    }
  }

  private onResumed(frame: Extract<ServerFrame, { type: 'resumed' }>): void {
    const request = this.onTheWire.shift();
    if (request?.conversationId !== frame.conversationId) {
      this.problem(`resumed ${frame.conversationId} while ${request?.conversationId ?? 'no resume'} was on the wire`);
      return;
    }
    // The replay went out in one piece right before `resumed`: mark those frames as replayed.
    const replayed = frame.lastSeq - request.afterSeq;
    if (replayed > 0 && replayed <= 500) {
      const tail = this.deliveries.slice(-replayed);
      const contiguous =
        tail.length === replayed &&
        tail.every((delivery, i) => delivery.conversationId === frame.conversationId && delivery.seq === request.afterSeq + 1 + i);
      if (contiguous) for (const delivery of tail) delivery.replay = true;
      else this.problem(`the replay of ${frame.conversationId} after ${request.afterSeq} up to ${frame.lastSeq} was not in one piece`);
    }
    const conversation = this.conversation(frame.conversationId);
    conversation.resuming = false;
    if (conversation.again || this.gapIn(conversation)) this.resume(frame.conversationId);
  }

  protected onDown(): void {
    this.onTheWire = [];
    for (const conversation of this.conversations.values()) {
      conversation.resuming = false;
      conversation.again = false;
    }
  }
}

interface ReadySample {
  sentAt: number;
  at: number;
  status: number;
  body: string;
}

/** Polls /readyz of one node every READY_POLL_MS, keeping every answer. */
class ReadyPoller {
  readonly samples: ReadySample[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(readonly url: string) {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  /** Answers that arrived in [from, to). */
  between(from: number, to = Number.POSITIVE_INFINITY): ReadySample[] {
    return this.samples.filter((sample) => sample.at >= from && sample.at < to);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const sentAt = now();
      let status = 0;
      let body = '';
      try {
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
        status = response.status;
        body = await response.text();
      } catch (error) {
        body = error instanceof Error ? error.message : String(error);
      }
      this.samples.push({ sentAt, at: now(), status, body });
      await sleep(READY_POLL_MS);
    }
  }
}

interface StoredRow {
  id: string;
  conversation_id: string;
  seq: number;
  client_id: string;
  author_id: string;
  text: string;
}

describe('two nodes under chat traffic through PostgreSQL and Redis faults', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  interface Node {
    readonly name: 'A' | 'B';
    readonly port: number;
    readonly dataDir: string;
    readonly poller: ReadyPoller;
    server: ServerProcess;
    exited: boolean;
  }
  const nodes: Node[] = [];
  const dataDirs: string[] = [];
  const world: World = { phase: newPhase('setup'), traffic: false };
  const visitors: Visitor[] = [];
  const desks: Desk[] = [];
  let projectId = '';
  const suiteStarted = now();

  const allAcks = () => visitors.flatMap((visitor) => [...visitor.acks.values()]);
  /** For failure messages: each node's process state, CPU time and last /readyz answer, every client's state, and the nodes' last lines. */
  const nodeOutput = () => {
    const at = now();
    const nodeState = (node: (typeof nodes)[0]) => {
      let cpu = '?';
      let wchan = '?';
      try {
        const stat = readFileSync(`/proc/${node.server.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpu = `${(Number(fields[11]) + Number(fields[12])) / 100} s CPU`;
        wchan = readFileSync(`/proc/${node.server.pid}/wchan`, 'utf8') || '-';
      } catch {}
      const last = node.poller.samples.at(-1);
      const lastAnswer = last ? `${last.status || last.body} ${Math.round(at - last.at)} ms ago` : 'none';
      return `node ${node.name}: pid ${node.server.pid} state ${processState(node.server.pid)} (${wchan}), ${cpu}, exited ${node.exited}, last /readyz ${lastAnswer}`;
    };
    const clientState = (client: Visitor | Desk) =>
      client instanceof Visitor
        ? `${client.who}: ${client.ready ? 'ready' : 'down'}, ${client.pending.length} unacked (oldest ${Math.round(at - (client.pending[0]?.createdAt ?? at))} ms), ${client.inFlight.size} on the wire`
        : `${client.who}: ${client.ready ? 'ready' : 'down'}, ${client.received.size} messages`;
    return [
      ...nodes.map(nodeState),
      ...[...desks, ...visitors].map(clientState),
      ...nodes.map((node) => `--- node ${node.name} ---\n${node.server.output().split('\n').slice(-30).join('\n')}`),
    ].join('\n');
  };

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
    // One node at a time: the first migrates the schema, creates the platform key and the admin.
    for (const name of ['A', 'B'] as const) {
      const dataDir = mkdtempSync(join(tmpdir(), `parley-multi-${name}-`));
      dataDirs.push(dataDir);
      const port = await freePort();
      const server = await startNode(port, dataDir);
      const node: Node = { name, port, dataDir, server, exited: false, poller: new ReadyPoller(server.url) };
      watch(node);
      nodes.push(node);
    }
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const admin = await httpPasswordGrant(a.server.url, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const { projectCreate } = await httpGql<{ projectCreate: { project: { id: string } } }>(
      b.server.url,
      'mutation { projectCreate(input: { name: "Fault shop" }) { project { id } } }',
      {},
      admin,
    );
    projectId = projectCreate.project.id;
    for (const node of nodes) {
      const bearer = await httpPasswordGrant(node.server.url, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
      desks.push(new Desk(node.name, node.server.url, bearer, world));
    }
    for (const desk of desks) desk.start();
    await waitFor(() => desks.every((desk) => desk.ready), 10_000, 'both desks ready');
    const tokens = await Promise.all(
      Array.from({ length: VISITORS }, async (_, index) => {
        const node = nodes[index % 2] as (typeof nodes)[0];
        const data = await httpGql<{ a: { visitorSessionToken: { accessToken: string } } }>(node.server.url, ANONYMOUSLY, { p: projectId });
        return { url: node.server.url, token: data.a.visitorSessionToken.accessToken };
      }),
    );
    for (const [index, { url, token }] of tokens.entries()) visitors.push(new Visitor(index, url, token, world));
    world.traffic = true;
    for (const visitor of visitors) visitor.start();
    // Every visitor has its conversation and both desks know all of them.
    await waitFor(
      () =>
        visitors.every((visitor) => visitor.conversationId !== null) &&
        desks.every((desk) => visitors.every((visitor) => desk.conversations.has(visitor.conversationId ?? ''))),
      20_000,
      'every visitor to have a conversation that both desks know',
    );
    expect(world.phase.problems).toEqual([]);
    expect(world.phase.closes).toEqual([]);
  }, 90_000);

  afterAll(async () => {
    world.traffic = false;
    for (const client of [...visitors, ...desks]) client.stop();
    await Promise.all(nodes.map((node) => node.poller.stop()));
    await killServerProcesses();
    await Promise.all([postgres?.close(), redis?.close()]);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  function startNode(port: number, dataDir: string): Promise<ServerProcess> {
    return startServerProcess({
      port,
      dataDir,
      databaseUrl: postgres.url,
      env: {
        ...ADMIN_ENV,
        ...DB_TIMEOUTS,
        // Every node of an installation needs the same secret (each data dir would otherwise get its own).
        PARLEY_SECRET: 'multi-node-test-secret-0123',
        REDIS_URL: redis.url,
        PARLEY_AUTH_RATE_LIMIT: '100000',
        PARLEY_SHUTDOWN_TIMEOUT_MS: '2000',
      },
      startTimeoutMs: 40_000,
    });
  }

  function watch(node: Node): void {
    const { server } = node;
    node.exited = false;
    void server.exited.then(() => {
      if (node.server === server) node.exited = true;
    });
  }

  /** A node that died in an earlier fault (which failed for it) is started again on its port, so the next faults still run on two nodes. */
  async function reviveDeadNodes(): Promise<void> {
    for (const node of nodes) {
      if (!node.exited) continue;
      const last = node.server
        .output()
        .split('\n')
        .filter((line) => /"level":"(fatal|error)"/.test(line))
        .slice(-3);
      console.log(
        `node ${node.name} died during an earlier fault; its last errors:\n${last.join('\n')}\nstarting it again on port ${node.port}`,
      );
      node.server = await startNode(node.port, node.dataDir);
      watch(node);
    }
  }

  /** Polls `check` until it holds; fails at once, with its last lines, if a node process has exited. */
  async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
    const started = now();
    for (;;) {
      const dead = nodes.filter((node) => node.exited);
      if (dead.length > 0)
        throw new Error(`node ${dead.map((node) => node.name).join(' and ')} exited while waiting for ${what}\n${nodeOutput()}`);
      if (await check()) return now() - started;
      if (now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${nodeOutput()}`);
      await sleep(50);
    }
  }

  /** Every acknowledged message stored once, as acknowledged; gapless seqs per conversation (one snapshot). */
  async function exactlyOnceProblems(acks: Acked[]): Promise<string[]> {
    const db = new pg.Client({ connectionString: postgres.url, connectionTimeoutMillis: 5_000 });
    db.on('error', () => {});
    await db.connect();
    let rows: StoredRow[];
    let conversations: { id: string; last_seq: number }[];
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      rows = (
        await db.query<StoredRow>(
          "SELECT id, conversation_id, seq::int AS seq, client_id, author_id, text FROM messages WHERE author_kind = 'visitor'",
        )
      ).rows;
      conversations = (await db.query<{ id: string; last_seq: number }>('SELECT id, last_seq::int AS last_seq FROM conversations')).rows;
      await db.query('COMMIT');
    } finally {
      await db.end().catch(() => {});
    }
    const problems: string[] = [];
    const byClientId = new Map<string, StoredRow[]>();
    for (const row of rows) byClientId.set(row.client_id, [...(byClientId.get(row.client_id) ?? []), row]);
    for (const [clientId, stored] of byClientId) if (stored.length > 1) problems.push(`${clientId} stored ${stored.length} times`);
    for (const { ack, text } of acks) {
      const stored = byClientId.get(ack.clientId) ?? [];
      const row = stored[0];
      if (!row) problems.push(`${ack.clientId}: acknowledged (${ack.messageId}, seq ${ack.seq}) but not stored`);
      else if (row.id !== ack.messageId || row.seq !== ack.seq || row.conversation_id !== ack.conversationId || row.text !== text)
        problems.push(`${ack.clientId}: acknowledged ${JSON.stringify(ack)}, stored ${JSON.stringify(row)}`);
    }
    const seqs = new Map<string, number[]>();
    for (const row of rows) seqs.set(row.conversation_id, [...(seqs.get(row.conversation_id) ?? []), row.seq]);
    for (const conversation of conversations) {
      const numbers = (seqs.get(conversation.id) ?? []).sort((x, y) => x - y);
      if (numbers.some((seq, index) => seq !== index + 1)) problems.push(`conversation ${conversation.id}: seqs not gapless`);
      if (numbers.length !== conversation.last_seq)
        problems.push(`conversation ${conversation.id}: last_seq ${conversation.last_seq} with ${numbers.length} messages`);
    }
    if (conversations.length !== VISITORS) problems.push(`${conversations.length} conversations, not ${VISITORS}`);
    return problems;
  }

  /** While the database is down, GraphQL answers 503 SERVICE_UNAVAILABLE and /oauth2/token 503 temporarily_unavailable, both with Retry-After. */
  async function unavailableAnswers(): Promise<string> {
    const seen: string[] = [];
    const fetchOn = (node: Node, path: string, init: RequestInit) =>
      fetch(`${node.server.url}${path}`, init).catch((error: unknown) => {
        throw new Error(`node ${node.name}: ${path}: ${String(error)} (node exited: ${node.exited})\n${nodeOutput()}`);
      });
    for (const node of nodes) {
      const started = now();
      const graphql = await fetchOn(node, '/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ANONYMOUSLY, variables: { p: projectId } }),
        signal: AbortSignal.timeout(15_000),
      });
      const answer = (await graphql.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
      const graphqlMs = now() - started;
      expect(graphql.status, `node ${node.name}: GraphQL while the database is down: ${JSON.stringify(answer)}`).toBe(503);
      expect(graphql.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ name: 'SERVICE_UNAVAILABLE', retryPolicy: 'RETRY_WITH_BACKOFF' });
      const tokenStarted = now();
      const token = await fetchOn(node, '/oauth2/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', username: ADMIN_ENV.PARLEY_ADMIN_EMAIL, password: ADMIN_ENV.PARLEY_ADMIN_PASSWORD }),
        signal: AbortSignal.timeout(15_000),
      });
      const tokenBody = (await token.json()) as Record<string, unknown>;
      expect(token.status, `node ${node.name}: /oauth2/token while the database is down: ${JSON.stringify(tokenBody)}`).toBe(503);
      expect(token.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(tokenBody).toMatchObject({ error: 'temporarily_unavailable' });
      seen.push(`${node.name}: GraphQL 503 in ${ms(graphqlMs)}, token 503 in ${ms(now() - tokenStarted)}`);
    }
    return seen.join('; ');
  }

  /** Per node: when /readyz first answered 503 after the fault, when it was 200 for good after recovery, its slowest answer. */
  function readiness(node: (typeof nodes)[0], faultAt: number, recoveredAt: number) {
    const samples = node.poller.between(faultAt);
    const firstUnready = samples.find((sample) => sample.status === 503);
    const lastRefusal = samples.findLastIndex((sample) => sample.status !== 200);
    const back = samples.slice(lastRefusal + 1).find((sample) => sample.at >= recoveredAt);
    // Back and forth between 503 and 200 after the first 503.
    let flips = 0;
    for (let i = 1; i < samples.length; i++) if ((samples[i]?.status === 200) !== (samples[i - 1]?.status === 200)) flips++;
    return {
      unready: firstUnready ? firstUnready.at - faultAt : null,
      unreadyBody: firstUnready?.body ?? null,
      readyAgain: back ? back.at - recoveredAt : null,
      slowest: Math.max(0, ...samples.map((sample) => sample.at - sample.sentAt)),
      refusals: samples.filter((sample) => sample.status !== 200).length,
      flips,
    };
  }

  const tally = (list: { code: number | string }[]) =>
    Object.entries(
      list.reduce<Record<string, number>>((counts, { code }) => {
        counts[code] = (counts[code] ?? 0) + 1;
        return counts;
      }, {}),
    )
      .map(([code, count]) => `${code}×${count}`)
      .join(', ') || 'none';

  /**
   * Runs one fault under traffic: `inject` starts it (at `faultAt`), `recover` ends it (the
   * recovery instant is when it resolves). Then checks what every fault must leave behind.
   */
  async function underFault(
    name: string,
    kind: 'postgres' | 'redis',
    inject: () => Promise<void>,
    hold: number,
    recover: () => Promise<void>,
    during: () => Promise<string> = async () => '',
  ): Promise<void> {
    // Healthy before: two nodes, every client connected and writing.
    await reviveDeadNodes();
    await waitFor(() => [...visitors, ...desks].every((client) => client.ready), 30_000, 'every client connected');
    await sleep(WARM_UP_MS);
    world.phase = newPhase(name);
    const phase = world.phase;
    const acksBefore = allAcks().length;
    const gapResumesBefore = desks.map((desk) => desk.gapResumes);
    const faultAt = now();
    let recoveredAt = Number.POSITIVE_INFINITY;
    try {
      await inject();
      const injectedAt = now();
      const duringReport = await during();
      await sleep(Math.max(0, hold - (now() - faultAt)));
      const acksDuring = allAcks().filter((acked) => acked.at >= injectedAt).length;
      await recover();
      recoveredAt = now();

      // Visitors write their backlog: every message written before recovery gets acknowledged; then both desks have them all.
      // (How fast that goes depends on the clients' backoff and the machine's load: only bounded generously.)
      const drained = await waitFor(
        () => visitors.every((visitor) => visitor.unackedBefore(recoveredAt) === 0),
        BACKLOG_WITHIN_MS,
        'every message written before recovery to be acknowledged',
      );
      const target = allAcks();
      await waitFor(
        () => desks.every((desk) => target.every(({ ack }) => desk.has(ack.clientId))),
        CONVERGE_WITHIN_MS + 10_000,
        `both desks to have all ${target.length} acknowledged messages`,
      );
      const convergedAfter = now() - recoveredAt;
      // Delivery lag of each message: from its ack (or the recovery, for those acknowledged before it) until both desks had it.
      const lags = target.map((acked) => ({
        acked,
        lag:
          Math.max(...desks.map((desk) => desk.arrival(acked.ack.clientId) ?? Number.POSITIVE_INFINITY)) - Math.max(acked.at, recoveredAt),
      }));
      const worst = lags.reduce((a, b) => (b.lag > a.lag ? b : a));
      const beforeRecovery = lags.filter(({ acked }) => acked.at < recoveredAt);
      const allBeforeRecoveryAt = Math.max(0, ...beforeRecovery.map(({ lag }) => lag));
      if (kind === 'postgres') {
        // Each node's /readyz must turn 503 (a restart may be over before its next probe: its faults keep it 503 for
        // RECOVERY_QUIET_MS) and then 200 again; a node that never turns 503 is reported by the checks below.
        await waitFor(
          () =>
            nodes.every((node) => {
              const state = readiness(node, faultAt, recoveredAt);
              return state.unready === null ? now() - faultAt > UNREADY_WITHIN_MS : state.readyAgain !== null;
            }),
          READY_AGAIN_WITHIN_MS + 5_000,
          '/readyz 503 then 200 on both nodes',
        );
      }
      // After a Redis fault every socket on every node is told to resync (checked below; waited for here).
      const withoutResync = () => [...desks, ...visitors].filter((client) => !client.resyncs.some((at) => at >= faultAt));
      if (kind === 'redis')
        await waitFor(() => withoutResync().length === 0, CONVERGE_WITHIN_MS, 'a resync on every socket').catch(() => {});
      const resyncAfter = Math.max(
        ...[...desks, ...visitors].map((client) => (client.resyncs.find((at) => at >= faultAt) ?? Number.NaN) - recoveredAt),
      );
      const ready = Object.fromEntries(nodes.map((node) => [node.name, readiness(node, faultAt, recoveredAt)]));
      const sinceFault = target.filter((acked) => acked.at >= faultAt);
      const firstAckAfter = Math.min(
        ...allAcks()
          .filter((acked) => acked.at >= recoveredAt)
          .map((acked) => acked.at - recoveredAt),
      );
      const errorsAfterRecovery = phase.errors.filter((error) => error.at >= recoveredAt).length;
      const replayedOnly = desks.map((desk) => sinceFault.filter(({ ack }) => !desk.live(ack.clientId)).length);
      // A message no desk got live was never published: its commit reached the database, but the node did not know it.
      const neverLive = sinceFault.filter(({ ack }) => desks.every((desk) => !desk.live(ack.clientId)));
      const at = (time: number) => `fault+${Math.round(time - faultAt)} ms`;
      const history = ({ ack, at: ackedAt, createdAt }: Acked) => {
        const visitor = visitors.find((candidate) => candidate.acks.get(ack.clientId)?.ack === ack);
        const refused = (visitor?.refusals.get(ack.clientId) ?? []).map(at).join(', ') || 'never';
        const arrivals = desks.map((desk) => `${desk.node} ${at(desk.arrival(ack.clientId) ?? Number.NaN)}`).join(', ');
        return `${ack.clientId} (${visitor?.who}) seq ${ack.seq} of ${ack.conversationId}: written ${at(createdAt)}, INTERNAL_ERROR/RATE_LIMITED at ${refused}, acked ${at(ackedAt)} (recovery at ${at(recoveredAt)}), on the desks by resume at ${arrivals}`;
      };
      const perNode = (what: (node: (typeof nodes)[0]) => string) => nodes.map((node) => `${node.name} ${what(node)}`).join(', ');
      console.log(
        [
          `${name} (held ${ms(recoveredAt - faultAt)}):`,
          kind === 'postgres'
            ? `  /readyz first 503 after the fault: ${perNode((node) => ms(ready[node.name]?.unready ?? null))}; 200 for good after recovery: ${perNode((node) => ms(ready[node.name]?.readyAgain ?? null))}`
            : '  /readyz: only the database counts',
          `  /readyz answers not 200: ${perNode((node) => String(ready[node.name]?.refusals))}; flips: ${perNode((node) => String(ready[node.name]?.flips))}; slowest answer: ${perNode((node) => ms(ready[node.name]?.slowest ?? 0))}`,
          `  acks during the fault ${acksDuring}; first ack ${ms(Number.isFinite(firstAckAfter) ? firstAckAfter : null)} after recovery; backlog acknowledged after ${ms(drained)}`,
          `  every desk has every acknowledged message ${ms(convergedAfter)} after recovery (${target.length} acked so far, ${target.length - acksBefore} since the fault); those acked before recovery: ${ms(allBeforeRecoveryAt)} after it; worst lag after max(ack, recovery): ${ms(worst.lag)} (${worst.acked.ack.clientId})`,
          `  of those, reached a desk only by resume: A ${replayedOnly[0]}, B ${replayedOnly[1]}; no live frame on either desk: ${neverLive.length}; desk resumes on gaps ${desks.map((desk, i) => desk.gapResumes - (gapResumesBefore[i] ?? 0)).join('/')}`,
          ...neverLive.slice(0, 5).map((acked) => `    never relayed live: ${history(acked)}`),
          `  close codes: ${tally(phase.closes)}${phase.closes.length ? ` (${[...new Set(phase.closes.map((close) => `${close.code} ${close.reason || close.error || ''}`.trim()))].join('; ')})` : ''}`,
          `  error frames: ${tally(phase.errors)} (${errorsAfterRecovery} after recovery)`,
          `  resync frames: desks ${desks.map((desk) => desk.resyncs.filter((at) => at >= faultAt).length).join('/')}, visitors with one ${visitors.filter((visitor) => visitor.resyncs.some((at) => at >= faultAt)).length}/${VISITORS}${kind === 'redis' ? `, the last socket's first one ${ms(Number.isNaN(resyncAfter) ? null : resyncAfter)} after recovery` : ''}`,
          ...(duringReport ? [`  while down: ${duringReport}`] : []),
        ].join('\n'),
      );

      // No node died.
      for (const node of nodes) {
        expect(node.exited, `node ${node.name} exited:\n${node.server.output()}`).toBe(false);
        expect(processState(node.server.pid), `node ${node.name} is gone`).not.toBeNull();
      }
      // Only retryable close codes and error frames; nothing outside the protocol.
      expect(phase.problems, `problems seen by the clients\n${nodeOutput()}`).toEqual([]);
      expect(
        phase.closes.filter((close) => !RETRYABLE_CLOSE_CODES.has(close.code)),
        `close codes that are not retryable\n${nodeOutput()}`,
      ).toEqual([]);
      expect(phase.errors.filter((error) => !RETRYABLE_ERROR_CODES.has(error.code))).toEqual([]);
      // /readyz follows the database, and answers in time whatever the database does.
      for (const node of nodes) {
        const state = ready[node.name];
        expect(state?.slowest, `node ${node.name}: slowest /readyz answer`).toBeLessThanOrEqual(READYZ_ANSWER_WITHIN_MS);
        if (kind === 'postgres') {
          expect(state?.unready, `node ${node.name}: /readyz 503 within ${UNREADY_WITHIN_MS} ms of the fault`).not.toBeNull();
          expect(state?.unready).toBeLessThanOrEqual(UNREADY_WITHIN_MS);
          expect(JSON.parse(state?.unreadyBody ?? '{}')).toMatchObject({ status: 'unready', reason: expect.stringMatching(/^database: /) });
          expect(state?.readyAgain, `node ${node.name}: /readyz 200 again after recovery`).toBeLessThanOrEqual(READY_AGAIN_WITHIN_MS);
        } else {
          expect(state?.refusals, `node ${node.name}: /readyz answers other than 200 while only Redis failed`).toBe(0);
        }
      }
      if (kind === 'redis') {
        // Every socket on every node was told to resync once Redis answered again.
        expect(
          withoutResync().map((client) => client.who),
          'sockets that got no resync',
        ).toEqual([]);
      }
      // Exactly once, and on both desks in time.
      const problems = await exactlyOnceProblems(target);
      expect(problems.slice(0, 20), `${problems.length} problems in what is stored`).toEqual([]);
      expect(allBeforeRecoveryAt, 'time after recovery until both desks had every message acknowledged before it').toBeLessThanOrEqual(
        CONVERGE_WITHIN_MS,
      );
      expect(worst.lag, `worst delay until both desks had an acknowledged message: ${history(worst.acked)}`).toBeLessThanOrEqual(
        CONVERGE_WITHIN_MS,
      );
    } finally {
      if (recoveredAt === Number.POSITIVE_INFINITY) await recover().catch(() => {});
    }
  }

  it('1. PostgreSQL restarted (pg_ctl restart -m fast) under traffic', { timeout: 90_000 }, async () => {
    await underFault(
      'PostgreSQL restart',
      'postgres',
      async () => {},
      0,
      () => postgres.restart(),
    );
  });

  it('2. PostgreSQL stopped for 10 s, then started', { timeout: 90_000 }, async () => {
    await underFault(
      'PostgreSQL stopped 10 s',
      'postgres',
      () => postgres.stop(),
      10_000,
      () => postgres.start(),
      unavailableAnswers,
    );
  });

  it('3. PostgreSQL frozen (SIGSTOP) for 15 s, then resumed', { timeout: 90_000 }, async () => {
    await underFault(
      'PostgreSQL paused 15 s',
      'postgres',
      () => postgres.pause(),
      15_000,
      () => postgres.resume(),
      unavailableAnswers,
    );
  });

  it('4. Redis stopped for 20 s, then started on the same port', { timeout: 90_000 }, async () => {
    await underFault(
      'Redis stopped 20 s',
      'redis',
      () => redis.stop(),
      20_000,
      () => redis.start(),
    );
  });

  it('5. Redis frozen (SIGSTOP) for 10 s, then resumed', { timeout: 90_000 }, async () => {
    await underFault(
      'Redis paused 10 s',
      'redis',
      () => redis.pause(),
      10_000,
      () => redis.resume(),
    );
  });

  it('6. after all of it: every acknowledged message stored once and on both desks', { timeout: 60_000 }, async () => {
    world.phase = newPhase('final');
    world.traffic = false;
    await waitFor(() => visitors.every((visitor) => visitor.pending.length === 0), 20_000, 'every message acknowledged');
    const acks = allAcks();
    await waitFor(() => desks.every((desk) => acks.every(({ ack }) => desk.has(ack.clientId))), 20_000, 'both desks complete');
    expect(await exactlyOnceProblems(acks)).toEqual([]);
    expect(world.phase.problems).toEqual([]);
    console.log(`whole suite: ${acks.length} messages acknowledged, ${ms(now() - suiteStarted)}`);
  });
});
