import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type AckFrame, parseServerFrame, type ServerFrame } from '@parley/protocol';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openStore, type Store } from '../../src/store/open-store.js';
import { ADMIN_ENV } from '../helpers/graphql.js';
import {
  createTestDatabase,
  freePort,
  httpGql,
  httpPasswordGrant,
  killServerProcesses,
  type ServerProcess,
  startServerProcess,
} from '../helpers/server-process.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * Issue 4: kill -9 the server during a burst of 10,000 messages from 50 clients that resend
 * unacknowledged ones after a restart; afterwards every acknowledged message is stored exactly once
 * (spec §8.2). The server runs as a real `parley serve` process, killed with SIGKILL part-way.
 */

const CLIENTS = 50;
const PER_CLIENT = 200;
const TOTAL = CLIENTS * PER_CLIENT;
/** Unacknowledged sends a client keeps in flight (the server handles one socket's frames in order). */
const WINDOW = 20;
/** The kill comes after this many acks in total: decided by count, not by time. */
const KILL_AT = 4_000;
const PHASE_TIMEOUT_MS = 60_000;
/** How long a client waits before resending a frame the server dropped with RATE_LIMITED. */
const BACKOFF_MS = 250;

const clientIdOf = (client: number, index: number) => `c${client}-m${index}`;
const textOf = (client: number, index: number) => `message ${index} from client ${client}`;

interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  clientId: string;
  text: string;
  createdAt: string;
}

async function storedMessages(store: Store): Promise<StoredMessage[]> {
  const rows = await store.db
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'seq', 'author_id', 'client_id', 'text', 'created_at'])
    .where('author_kind', '=', 'visitor')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    authorId: row.author_id,
    clientId: row.client_id,
    text: row.text,
    createdAt: row.created_at,
  }));
}

const matchesAck = (row: StoredMessage, ack: AckFrame) =>
  row.id === ack.messageId && row.seq === ack.seq && row.conversationId === ack.conversationId && row.createdAt === ack.createdAt;

/** Everything that breaks exactly-once in what is stored, one line each (none when all is well). */
function exactlyOnceProblems(
  stored: StoredMessage[],
  clients: BurstClient[],
  committedBeforeRestart: Map<string, StoredMessage>,
  conversations: { id: string; last_seq: number }[],
): string[] {
  const problems: string[] = [];
  if (stored.length !== TOTAL) problems.push(`${stored.length} messages stored, not ${TOTAL}`);
  const byClientId = new Map<string, StoredMessage[]>();
  for (const message of stored) byClientId.set(message.clientId, [...(byClientId.get(message.clientId) ?? []), message]);
  const expected = new Set<string>();
  for (const client of clients) {
    for (let index = 0; index < PER_CLIENT; index++) {
      const clientId = clientIdOf(client.index, index);
      expected.add(clientId);
      const rows = byClientId.get(clientId) ?? [];
      const ack = client.acks.get(index);
      const [row] = rows;
      if (rows.length !== 1 || !row) problems.push(`${clientId}: stored ${rows.length} times ${JSON.stringify(rows)}`);
      else if (!ack || !matchesAck(row, ack)) problems.push(`${clientId}: acked ${JSON.stringify(ack)}, stored ${JSON.stringify(row)}`);
      else if (row.authorId !== client.vuid || row.text !== textOf(client.index, index))
        problems.push(`${clientId}: stored with author ${row.authorId} and text "${row.text}"`);
      const before = committedBeforeRestart.get(clientId);
      if (row && before && JSON.stringify(before) !== JSON.stringify(row))
        problems.push(`${clientId}: committed before the restart as ${JSON.stringify(before)}, now ${JSON.stringify(row)}`);
    }
  }
  for (const clientId of byClientId.keys()) if (!expected.has(clientId)) problems.push(`${clientId}: stored but never sent`);
  if (conversations.length !== CLIENTS) problems.push(`${conversations.length} conversations, not one per client (${CLIENTS})`);
  const seqs = new Map<string, number[]>();
  for (const message of stored) seqs.set(message.conversationId, [...(seqs.get(message.conversationId) ?? []), message.seq]);
  for (const conversation of conversations) {
    const numbers = (seqs.get(conversation.id) ?? []).sort((a, b) => a - b);
    if (numbers.length !== PER_CLIENT || numbers.some((seq, index) => seq !== index + 1)) {
      const missing = Array.from({ length: PER_CLIENT }, (_, index) => index + 1).filter((seq) => !numbers.includes(seq));
      const extra = numbers.filter((seq, index) => seq > PER_CLIENT || numbers[index - 1] === seq);
      problems.push(
        `conversation ${conversation.id}: ${numbers.length} seqs, missing [${missing}], beyond ${PER_CLIENT} or repeated [${extra}]`,
      );
    }
    if (Number(conversation.last_seq) !== numbers.length)
      problems.push(`conversation ${conversation.id}: last_seq ${conversation.last_seq} with ${numbers.length} messages`);
  }
  return problems;
}

/** Shared by the clients of one run: the ack count that triggers the kill, and the first failure. */
interface Burst {
  acks: number;
  /** No new frames are sent while the server is down. */
  paused: boolean;
  onAck(): void;
  fail(reason: string): void;
}

/** One visitor: sends its 200 messages through a window of WINDOW unacked ones, resending after a reconnection. */
class BurstClient {
  vuid = '';
  conversationId: string | null = null;
  /** Indexes still to send, resends first. */
  readonly queue: number[] = Array.from({ length: PER_CLIENT }, (_, index) => index);
  readonly inFlight = new Set<number>();
  readonly sent = new Set<number>();
  readonly acks = new Map<number, AckFrame>();
  /** Sends dropped with RATE_LIMITED (not stored), resent after a backoff as docs/protocol.md says. */
  rateLimited = 0;
  private socket: WebSocket | null = null;
  private closing = false;
  private resumeAt = 0;
  private backoff: NodeJS.Timeout | null = null;
  private retry: { index: number; resolve: (ack: AckFrame) => void } | null = null;
  private finish: () => void = () => {};
  readonly done = new Promise<void>((resolve) => {
    this.finish = resolve;
  });

  constructor(
    readonly index: number,
    readonly token: string,
    private readonly burst: Burst,
  ) {}

  /** Connects and authenticates; resolves on `ready`, with `closed` resolving when the socket goes. */
  connect(url: string): Promise<{ closed: Promise<void> }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/realtime`);
      this.socket = socket;
      this.closing = false;
      const closed = new Promise<void>((whenClosed) =>
        socket.on('close', (code, reason) => {
          this.socket = null;
          // What was in flight may or may not be stored: it is resent (same clientId, same text) on the next connection.
          this.queue.unshift(...[...this.inFlight].sort((a, b) => a - b));
          this.inFlight.clear();
          if (!this.burst.paused && !this.closing) this.burst.fail(`client ${this.index}: socket closed (${code} ${reason.toString()})`);
          reject(new Error(`client ${this.index}: closed before ready`));
          whenClosed();
        }),
      );
      socket.on('error', () => {}); // ECONNRESET when the server dies; 'close' follows
      socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.token })));
      socket.on('message', (data) => {
        const parsed = parseServerFrame(data.toString());
        if (!parsed.ok) {
          this.burst.fail(`client ${this.index}: a frame outside the protocol (${parsed.error}): ${data.toString().slice(0, 200)}`);
          return;
        }
        const frame = parsed.frame;
        if (frame.type === 'ready') {
          this.vuid = frame.vuid ?? '';
          if (this.conversationId !== null && frame.conversationId !== this.conversationId)
            this.burst.fail(`client ${this.index}: ready names conversation ${frame.conversationId}, acks named ${this.conversationId}`);
          resolve({ closed });
        } else if (frame.type === 'ack') this.acked(frame);
        else if (frame.type === 'error') this.refused(frame);
      });
    });
  }

  /** Sends until WINDOW frames are unacked (nothing while the burst is paused or backing off). */
  pump(): void {
    const socket = this.socket;
    const wait = this.resumeAt - Date.now();
    if (wait > 0) {
      this.backoff ??= setTimeout(() => {
        this.backoff = null;
        this.pump();
      }, wait + 1);
      return;
    }
    while (!this.burst.paused && socket?.readyState === WebSocket.OPEN && this.inFlight.size < WINDOW) {
      const index = this.queue.shift();
      if (index === undefined) return;
      this.sent.add(index);
      this.inFlight.add(index);
      this.send(index);
    }
  }

  /** Sends an acknowledged message again, outside the burst, and resolves with its new ack. */
  resendAcked(index: number): Promise<AckFrame> {
    return new Promise((resolve) => {
      this.retry = { index, resolve };
      this.send(index);
    });
  }

  close(): void {
    this.closing = true;
    this.socket?.close();
  }

  terminate(): void {
    this.closing = true;
    if (this.backoff) clearTimeout(this.backoff);
    this.socket?.terminate();
  }

  private send(index: number): void {
    this.socket?.send(JSON.stringify({ type: 'send', clientId: clientIdOf(this.index, index), text: textOf(this.index, index) }));
  }

  /** The index of one of this client's clientIds (-1 for anything else). */
  private indexOf(clientId: string | undefined): number {
    const match = /^c(\d+)-m(\d+)$/.exec(clientId ?? '');
    return match && Number(match[1]) === this.index ? Number(match[2]) : -1;
  }

  private acked(frame: AckFrame): void {
    const index = this.indexOf(frame.clientId);
    if (!this.sent.has(index)) {
      this.burst.fail(`client ${this.index}: ack of ${frame.clientId}, which it did not send`);
      return;
    }
    if (this.conversationId === null) this.conversationId = frame.conversationId;
    else if (frame.conversationId !== this.conversationId)
      this.burst.fail(`client ${this.index}: ${frame.clientId} acked in ${frame.conversationId}, earlier ones in ${this.conversationId}`);
    const earlier = this.acks.get(index);
    if (earlier) {
      // Only resendAcked sends an acked message again: the same stored message must come back.
      if (earlier.messageId !== frame.messageId || earlier.seq !== frame.seq)
        this.burst.fail(`client ${this.index}: ${frame.clientId} acked twice differently: ${JSON.stringify([earlier, frame])}`);
    } else {
      this.acks.set(index, frame);
      this.burst.acks++;
      this.burst.onAck();
    }
    if (this.retry?.index === index) {
      this.retry.resolve(frame);
      this.retry = null;
    }
    if (!this.inFlight.delete(index)) return;
    if (this.acks.size === PER_CLIENT) this.finish();
    else this.pump();
  }

  /** RATE_LIMITED drops the frame: send it again after a backoff. Any other error fails the run. */
  private refused(frame: Extract<ServerFrame, { type: 'error' }>): void {
    const index = this.indexOf(frame.clientId);
    if (frame.code !== 'RATE_LIMITED' || index < 0 || (!this.inFlight.has(index) && this.retry?.index !== index)) {
      this.burst.fail(`client ${this.index}: error frame ${JSON.stringify(frame)}`);
      return;
    }
    this.rateLimited++;
    if (this.retry?.index === index) {
      setTimeout(() => this.send(index), BACKOFF_MS);
      return;
    }
    this.inFlight.delete(index);
    this.queue.unshift(index);
    this.resumeAt = Date.now() + BACKOFF_MS;
    this.pump();
  }
}

describe.each(DIALECTS)('kill -9 during a realtime burst on %s', (dialect) => {
  const cleanUps: (() => Promise<void> | void)[] = [];

  afterEach(async () => {
    for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
  });
  afterAll(killServerProcesses);

  it(`stores each of ${TOTAL} messages from ${CLIENTS} resending clients exactly once`, { timeout: 120_000 }, async () => {
    const started = performance.now();
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    cleanUps.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl: string | null = null;
    if (dialect === 'postgres') {
      const database = await createTestDatabase('crash');
      cleanUps.push(() => database.drop());
      databaseUrl = database.url;
    }
    const port = await freePort();
    // Every client connects at once from 127.0.0.1: more sockets not yet authenticated than one IP may have by default (20);
    // each sends its 200 messages as fast as it can, more than a session's default budget (10/s).
    const env = {
      ...ADMIN_ENV,
      PARLEY_AUTH_RATE_LIMIT: '100000',
      PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP: '1000',
      PARLEY_WS_MESSAGES_PER_SECOND: '100000',
    };
    const start = () =>
      startServerProcess({ port, dataDir, databaseUrl, env }).then((server) => {
        cleanUps.push(() => server.kill());
        return server;
      });

    // The first failure ends the run at once, with its reason.
    const failures: string[] = [];
    let failed: (error: Error) => void = () => {};
    const failure = new Promise<never>((_, reject) => {
      failed = reject;
    });
    failure.catch(() => {});
    const within = <T>(work: Promise<T>, what: string, ms = PHASE_TIMEOUT_MS): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`${what}: not within ${ms} ms (${burst.acks} acks)\n--- server output ---\n${server.output().slice(-4000)}`)),
          ms,
        );
      });
      return Promise.race([work, failure, timeout]).finally(() => clearTimeout(timer));
    };

    let server: ServerProcess = await start();
    const serverStarted = performance.now();
    const admin = await httpPasswordGrant(server.url, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const { projectCreate } = await httpGql<{ projectCreate: { project: { id: string } } }>(
      server.url,
      'mutation { projectCreate(input: { name: "Crash shop" }) { project { id } } }',
      {},
      admin,
    );
    // Eight at a time: the server sheds activations past 16 in progress (503), as it should.
    const tokens: string[] = [];
    while (tokens.length < CLIENTS) {
      const wave = Array.from({ length: Math.min(8, CLIENTS - tokens.length) }, async () => {
        const data = await httpGql<{ a: { visitorSessionToken: { accessToken: string } } }>(
          server.url,
          'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
          { p: projectCreate.project.id },
        );
        return data.a.visitorSessionToken.accessToken;
      });
      tokens.push(...(await Promise.all(wave)));
    }

    // Phase 1: the burst, until KILL_AT acks have arrived; then SIGKILL.
    let killedAt = 0;
    let inFlightAtKill = 0;
    let killed: Promise<void> | null = null;
    let onKilled: () => void = () => {};
    const killRequested = new Promise<void>((resolve) => {
      onKilled = resolve;
    });
    const burst: Burst = {
      acks: 0,
      paused: false,
      onAck() {
        if (killed || burst.acks < KILL_AT) return;
        burst.paused = true;
        killedAt = performance.now();
        inFlightAtKill = clients.reduce((sum, client) => sum + client.inFlight.size, 0);
        killed = server.kill();
        onKilled();
      },
      fail(reason) {
        failures.push(reason);
        failed(new Error(`${failures.join('\n')}\n--- server output ---\n${server.output().slice(-4000)}`));
      },
    };
    const clients = tokens.map((token, index) => new BurstClient(index, token, burst));
    cleanUps.push(() => {
      for (const client of clients) client.terminate();
    });
    const connections = await within(Promise.all(clients.map((client) => client.connect(server.url))), 'connecting 50 clients');
    const burstStarted = performance.now();
    for (const client of clients) client.pump();
    await within(killRequested, `the first ${KILL_AT} acks`);
    await within(
      Promise.all([killed, server.exited, ...connections.map((connection) => connection.closed)]),
      'the sockets closing after kill -9',
    );
    const acksBeforeRestart = burst.acks;
    const acked = new Map(clients.map((client) => [client.index, new Map(client.acks)]));
    const toResend = clients.reduce((sum, client) => sum + client.queue.filter((index) => client.sent.has(index)).length, 0);
    const lateAcks = acksBeforeRestart - KILL_AT;

    // Phase 2: the same server on the same port and data; every client reconnects with its session and resends.
    server = await start();
    const restarted = performance.now();
    const store = await openStore({ databaseUrl, dataDir });
    cleanUps.push(() => store.close());
    // What survived the kill, before anyone resends: every ack given so far, unchanged.
    const committed = new Map((await storedMessages(store)).map((message) => [message.clientId, message]));
    const lost: string[] = [];
    for (const client of clients) {
      for (const [index, ack] of acked.get(client.index) ?? []) {
        const clientId = clientIdOf(client.index, index);
        const row = committed.get(clientId);
        if (!row) lost.push(`${clientId}: acked (${ack.messageId}, seq ${ack.seq}) but not stored after kill -9`);
        else if (!matchesAck(row, ack)) lost.push(`${clientId}: acked ${JSON.stringify(ack)}, stored ${JSON.stringify(row)}`);
      }
    }
    expect(lost.slice(0, 20), `${lost.length} acknowledged messages lost or changed by kill -9`).toEqual([]);
    const committedUnacked = committed.size - acksBeforeRestart;
    burst.paused = false;
    await within(Promise.all(clients.map((client) => client.connect(server.url))), 'reconnecting 50 clients');
    for (const client of clients) client.pump();
    await within(Promise.all(clients.map((client) => client.done)), `all ${TOTAL} acks after the restart`);
    const recovered = performance.now();
    expect(failures).toEqual([]);

    // Exactly once: every ack is one stored row, nothing else is stored, sequence numbers are gapless.
    const conversations = await store.db.selectFrom('conversations').select(['id', 'last_seq']).execute();
    const problems = exactlyOnceProblems(await storedMessages(store), clients, committed, conversations);
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);

    // A late retry of a message acked before the kill answers the stored one again, and stores nothing.
    const retries = await within(Promise.all(clients.map((client) => client.resendAcked(0))), 'retries of acked messages');
    for (const [index, retry] of retries.entries()) {
      expect(retry).toMatchObject({ messageId: clients[index]?.acks.get(0)?.messageId, seq: clients[index]?.acks.get(0)?.seq });
    }
    expect(failures).toEqual([]);
    expect(await storedMessages(store)).toHaveLength(TOTAL);

    const rateLimited = clients.reduce((sum, client) => sum + client.rateLimited, 0);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      [
        `crash test on ${dialect}:`,
        `  server start ${seconds(serverStarted - started)}, setup (admin, project, ${CLIENTS} sessions, sockets) ${seconds(burstStarted - serverStarted)}`,
        `  before the kill: ${KILL_AT} acks in ${seconds(killedAt - burstStarted)} = ${Math.round(KILL_AT / ((killedAt - burstStarted) / 1000))} messages/s`,
        `  in flight at the kill: ${inFlightAtKill}; acks still arriving after it: ${lateAcks}; committed but unacked: ${committedUnacked}`,
        `  resent after the restart (unacked when the server died): ${toResend}; frames dropped with RATE_LIMITED and resent: ${rateLimited}`,
        `  recovery: restart ${seconds(restarted - killedAt)}, kill → all ${TOTAL} acked ${seconds(recovered - killedAt)}`,
        `  total ${seconds(performance.now() - started)}`,
      ].join('\n'),
    );
    for (const client of clients) client.close();
  });
});
