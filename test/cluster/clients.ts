import { realtimeCloseReconnectsAtOnce } from '@parley/protocol';
import {
  type AuthenticationProvider,
  createParley,
  memoryStorage,
  type Parley,
  type SentMessage,
  type WebSocketConstructor,
} from '@parley/sdk';
import pg from 'pg';
import WebSocket from 'ws';
import { ADMIN, until } from './harness.js';

// The clients of the cluster scenarios, all talking to the load balancer only: visitors are the
// real SDK (`@parley/sdk` with `ws`, as a Node page would run it), agents raw operator sockets
// that behave as the desk does (reconnect, resume, seq rule, resync). Which node served a request
// or a socket is read from the X-Parley-Node header HAProxy adds (deploy/haproxy.cfg): observed,
// not assumed.

const NODE_HEADER = 'x-parley-node';

/** One WebSocket as a client saw it. */
export interface SocketRecord {
  /** The node HAProxy sent it to, from the upgrade response; null when the upgrade failed. */
  node: string | null;
  openedAt: number;
  readyAt: number | null;
  closedAt: number | null;
  code: number | null;
  reason: string;
  /** The frame types the client sent, in order. */
  sent: string[];
  /** A failed upgrade or connection, as `ws` reported it. */
  error: string | null;
  /** The codes of the `error` frames received (the SDK handles them without telling the page). */
  errorFrames: string[];
}

function newSocketRecord(): SocketRecord {
  return {
    node: null,
    openedAt: Date.now(),
    readyAt: null,
    closedAt: null,
    code: null,
    reason: '',
    sent: [],
    error: null,
    errorFrames: [],
  };
}

/** `ws`'s WebSocket, recording each socket the SDK opens into `records`. */
function recordingWebSocket(records: SocketRecord[]): WebSocketConstructor {
  return class RecordedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      const record = newSocketRecord();
      records.push(record);
      this.on('upgrade', (response) => {
        record.node = String(response.headers[NODE_HEADER] ?? '?');
      });
      this.on('message', (data) => {
        const text = String(data);
        if (record.readyAt === null && text.startsWith('{"type":"ready"')) record.readyAt = Date.now();
        if (text.startsWith('{"type":"error"')) record.errorFrames.push(String((JSON.parse(text) as { code?: unknown }).code));
      });
      this.on('close', (code, reason) => {
        record.closedAt = Date.now();
        record.code = code;
        record.reason = reason.toString();
      });
      // A browser reports a failed connection as an event, then a close: so does this socket (ws would throw without a listener).
      this.on('error', (error) => {
        record.error = error.message;
      });
      const send = this.send.bind(this);
      this.send = ((data: string, ...rest: never[]) => {
        try {
          record.sent.push(String((JSON.parse(data) as { type?: unknown }).type));
        } catch {}
        return send(data, ...rest);
      }) as typeof this.send;
    }
  } as unknown as WebSocketConstructor;
}

/** POST /graphql through `url`: the status, body and the node that answered. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  bearer: string | null = null,
): Promise<{
  status: number;
  node: string | null;
  retryAfter: string | null;
  data: T | null;
  errors?: { message: string; extensions?: { code?: string; name?: string } }[];
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T; errors?: never[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { errors: [{ message: `HTTP ${response.status}, not JSON: ${text.slice(0, 120)}` }] as never[] };
  }
  return {
    status: response.status,
    node: response.headers.get(NODE_HEADER),
    retryAfter: response.headers.get('retry-after'),
    data: body.data ?? null,
    ...(body.errors ? { errors: body.errors } : {}),
  };
}

/** GraphQL that must succeed (setup). */
export async function gqlOk<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  bearer: string | null = null,
): Promise<T> {
  const answer = await graphql<T>(url, query, variables, bearer);
  if (answer.errors || !answer.data) throw new Error(`GraphQL ${answer.status}: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/** A bearer of the cluster's first admin (password grant through `url`). */
export async function adminBearer(url: string): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username: ADMIN.email, password: ADMIN.password }),
  });
  if (response.status !== 200) throw new Error(`password grant: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A new project (anonymous visitors allowed); with `brandPublicKey`, authenticated mode with that brand key. */
export async function createProject(url: string, bearer: string, name: string, brandPublicKey?: string): Promise<string> {
  const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
    url,
    'mutation($n: String!) { projectCreate(input: { name: $n }) { project { id } } }',
    { n: name },
    bearer,
  );
  const projectId = created.projectCreate.project.id;
  if (brandPublicKey) {
    await gqlOk(
      url,
      'mutation($p: ID!) { projectUpdateAuthentication(input: { projectId: $p, authenticatedMode: true }) { project { id } } }',
      { p: projectId },
      bearer,
    );
    await gqlOk(
      url,
      'mutation($p: ID!, $k: String!) { brandKeyAdd(input: { projectId: $p, publicKey: $k }) { brandKey { id } } }',
      { p: projectId, k: brandPublicKey },
      bearer,
    );
  }
  return projectId;
}

export const anonymous: AuthenticationProvider = () => ({ authenticationOption: { type: 'ANONYMOUS' } });

/**
 * A visitor's page: the SDK with its default retry and reconnection delays (what a page gets), `ws`,
 * in-memory storage. Everything the SDK surfaces to the page that is not success lands in `problems`:
 * a warning, a failed activation, a message whose promise rejected.
 */
export class Visitor {
  readonly sockets: SocketRecord[] = [];
  readonly problems: string[] = [];
  /** Acknowledged messages by text. */
  readonly acked = new Map<string, SentMessage>();
  /** Texts sent and not yet acknowledged (nor rejected). */
  readonly pending = new Set<string>();
  /** `message` events, by text: how many times each was delivered to the page. */
  readonly delivered = new Map<string, number>();
  readonly parley: Parley;
  private readonly storage = memoryStorage();

  constructor(
    readonly label: string,
    url: string,
    private readonly projectId: string,
  ) {
    this.parley = createParley({
      projectId: this.projectId,
      serverUrl: url,
      storage: this.storage,
      WebSocket: recordingWebSocket(this.sockets),
      warn: (message) => this.problems.push(`warn: ${message}`),
    });
    this.parley.on('message', (event: unknown) => {
      const { message } = event as { message: { text: string } };
      this.delivered.set(message.text, (this.delivered.get(message.text) ?? 0) + 1);
    });
  }

  async activate(provider: AuthenticationProvider = anonymous): Promise<void> {
    const result = await this.parley.activate(provider);
    if (result.authentication.status !== 'authentication-success') this.problems.push(`activate: ${JSON.stringify(result.authentication)}`);
  }

  /** The visitor's session token, as the SDK stored it. */
  get token(): string {
    const stored = JSON.parse(this.storage.get(`parley:${this.projectId}:session`) ?? 'null') as { token: string } | null;
    if (!stored) throw new Error(`${this.label} has no session`);
    return stored.token;
  }

  /** Sends `text`; the outcome is recorded (acked or a problem). */
  send(text: string): void {
    this.pending.add(text);
    this.parley.sendMessage(text).then(
      (sent) => {
        this.pending.delete(text);
        this.acked.set(text, sent);
      },
      (error: Error) => {
        this.pending.delete(text);
        this.problems.push(`sendMessage("${text}") rejected: ${error.name} ${error.message}`);
      },
    );
  }

  /** The socket open now (the last one), if any. */
  get current(): SocketRecord | undefined {
    const last = this.sockets.at(-1);
    return last && last.closedAt === null ? last : undefined;
  }

  close(): void {
    this.parley.close();
  }
}

/** A frame of the operator channel, the fields the agent reads. */
interface AgentFrame {
  type: string;
  conversationId?: string;
  message?: { seq: number; text: string; author: { kind: string } };
  conversation?: { id: string; projectId: string };
}

/**
 * An agent: an operator bearer on /realtime through the load balancer, behaving as the desk does.
 * It applies messages by the seq rule (a gap asks for a resume); after each (re)connection and on
 * `resync` it resumes every conversation it follows and reloads its inbox (the conversations of
 * `projectIds`, through GraphQL), resuming those it did not know; it reconnects by itself: at once
 * after 1012 or 1001 (a node leaving), else after 1 s doubling to 5 s with ±50 % jitter.
 */
export class Agent {
  readonly sockets: SocketRecord[] = [];
  /** Visitor messages received, by text: when first, and how (a live frame or a replay asked by a resume). */
  readonly received = new Map<string, { at: number; node: string | null }>();
  /** Frames of types the agent does not expect (error frames), for failure messages. */
  readonly oddities: string[] = [];
  readonly resyncs: number[] = [];
  private readonly highest = new Map<string, number>();
  private readonly resuming = new Set<string>();
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly label: string,
    private readonly url: string,
    private readonly bearer: string,
    private readonly projectIds: readonly string[],
  ) {}

  /** Connects, resolving at the first `ready`. */
  async start(): Promise<void> {
    this.open();
    await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
  }

  get current(): SocketRecord | undefined {
    const last = this.sockets.at(-1);
    return last && last.closedAt === null ? last : undefined;
  }

  get ready(): boolean {
    return this.current?.readyAt != null;
  }

  /** Texts received whose text starts with `prefix`. */
  texts(prefix: string): string[] {
    return [...this.received.keys()].filter((text) => text.startsWith(prefix));
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close(1000);
  }

  private open(): void {
    const socket = new WebSocket(`${this.url.replace(/^http/, 'ws')}/realtime`);
    this.socket = socket;
    const record = newSocketRecord();
    this.sockets.push(record);
    socket.on('upgrade', (response) => {
      record.node = String(response.headers[NODE_HEADER] ?? '?');
    });
    socket.on('open', () => this.write(socket, record, { type: 'auth', token: this.bearer }));
    socket.on('error', (error) => {
      record.error = error.message;
    });
    socket.on('message', (data) => this.receive(socket, record, JSON.parse(String(data)) as AgentFrame));
    socket.on('close', (code, reason) => {
      record.closedAt = Date.now();
      record.code = code;
      record.reason = reason.toString();
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      const atOnce = realtimeCloseReconnectsAtOnce(code);
      this.attempt = atOnce ? 0 : this.attempt + 1;
      const wait = atOnce ? Math.random() * 50 : Math.min(5000, 1000 * 2 ** (this.attempt - 1)) * (0.5 + Math.random());
      setTimeout(() => {
        if (!this.stopped) this.open();
      }, wait);
    });
  }

  private write(socket: WebSocket, record: SocketRecord, frame: Record<string, unknown>): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    record.sent.push(String(frame.type));
    socket.send(JSON.stringify(frame));
  }

  private resume(socket: WebSocket, record: SocketRecord, conversationId: string): void {
    this.resuming.add(conversationId);
    this.write(socket, record, { type: 'resume', conversationId, afterSeq: this.highest.get(conversationId) ?? 0 });
  }

  private catchUp(socket: WebSocket, record: SocketRecord): void {
    this.resuming.clear();
    for (const conversationId of this.highest.keys()) this.resume(socket, record, conversationId);
    void this.reloadInbox(socket, record);
  }

  /** The desk's inbox load: conversations this agent did not know are resumed from the start. Retried while the socket lasts. */
  private async reloadInbox(socket: WebSocket, record: SocketRecord): Promise<void> {
    for (let attempt = 0; attempt < 10 && this.socket === socket; attempt++) {
      try {
        for (const projectId of this.projectIds) {
          const answer = await gqlOk<{ project: { conversations: { edges: { node: { id: string } }[] } } }>(
            this.url,
            'query($p: ID!) { project(id: $p) { conversations(first: 100) { edges { node { id } } } } }',
            { p: projectId },
            this.bearer,
          );
          for (const { node } of answer.project.conversations.edges) {
            if (this.highest.has(node.id) || this.socket !== socket) continue;
            this.highest.set(node.id, 0);
            this.resume(socket, record, node.id);
          }
        }
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private receive(socket: WebSocket, record: SocketRecord, frame: AgentFrame): void {
    if (socket !== this.socket) return;
    switch (frame.type) {
      case 'ready':
        record.readyAt = Date.now();
        this.attempt = 0;
        this.catchUp(socket, record);
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      case 'resync':
        this.resyncs.push(Date.now());
        this.catchUp(socket, record);
        return;
      case 'conversation':
        if (frame.conversation && !this.highest.has(frame.conversation.id)) this.highest.set(frame.conversation.id, 0);
        return;
      case 'resumed':
        if (frame.conversationId) this.resuming.delete(frame.conversationId);
        return;
      case 'message': {
        const { conversationId, message } = frame;
        if (!conversationId || !message) return;
        const highest = this.highest.get(conversationId) ?? 0;
        if (message.seq <= highest) return;
        if (message.seq > highest + 1) {
          if (!this.resuming.has(conversationId)) this.resume(socket, record, conversationId);
          return;
        }
        this.highest.set(conversationId, message.seq);
        if (message.author.kind === 'visitor' && !this.received.has(message.text))
          this.received.set(message.text, { at: Date.now(), node: record.node });
        return;
      }
      case 'error':
        this.oddities.push(JSON.stringify(frame).slice(0, 300));
        return;
      default:
        return;
    }
  }
}

/**
 * Steady traffic: every visitor sends one message every `intervalMs` (staggered), texts
 * `<tag>:<visitor>:<n>`, until `stop()`.
 */
export class Traffic {
  private timers: NodeJS.Timeout[] = [];
  private counts = new Map<Visitor, number>();
  readonly sentAt = new Map<string, number>();

  constructor(
    private readonly visitors: readonly Visitor[],
    readonly tag: string,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    this.visitors.forEach((visitor, index) => {
      const first = setTimeout(
        () => {
          this.tick(visitor);
          this.timers.push(setInterval(() => this.tick(visitor), this.intervalMs));
        },
        (this.intervalMs * index) / this.visitors.length,
      );
      this.timers.push(first);
    });
    return this;
  }

  private tick(visitor: Visitor): void {
    const n = (this.counts.get(visitor) ?? 0) + 1;
    this.counts.set(visitor, n);
    const text = `${this.tag}:${visitor.label}:${n}`;
    this.sentAt.set(text, Date.now());
    visitor.send(text);
  }

  /** Stops sending, then waits until every message sent is acknowledged or rejected. */
  async stop(settleMs = 30_000): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    await until(
      () => this.visitors.every((visitor) => visitor.pending.size === 0),
      'every message sent to be acknowledged',
      settleMs,
      20,
    ).catch((error: Error) => {
      const left = this.visitors.flatMap((visitor) => [...visitor.pending]);
      throw new Error(`${error.message}: ${left.length} unacknowledged (${left.slice(0, 5).join(', ')}…)`);
    });
  }

  get sent(): number {
    return this.sentAt.size;
  }
}

/** The visitor messages stored for a project, by text: how many rows hold each. */
export async function storedTexts(databaseUrl: string, projectId: string, prefix: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ text: string; count: string }>(
      `SELECT m.text, count(*) AS count FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.project_id = $1 AND m.author_kind = 'visitor' AND starts_with(m.text, $2) GROUP BY m.text`,
      [projectId, prefix],
    );
    return new Map(rows.map((row) => [row.text, Number(row.count)]));
  } finally {
    await client.end();
  }
}

/** What a scenario's traffic came to: each list should be empty. */
export interface Ledger {
  sent: number;
  acked: number;
  /** Acknowledged but not in the database. */
  lost: string[];
  /** Stored more than once. */
  doubled: string[];
  /** Stored but never acknowledged (sent while a node died: allowed only for messages not acknowledged, and reported). */
  storedUnacked: string[];
  /** Acknowledged, not received by some agent: "agent: text". */
  undelivered: string[];
  /** Whatever the SDK surfaced to a page. */
  sdkProblems: string[];
}

/** Compares what the SDK acknowledged with the database and with what each agent received (waiting up to `deliveryMs`). */
export async function ledger(
  databaseUrl: string,
  projectId: string,
  tag: string,
  visitors: readonly Visitor[],
  agents: readonly Agent[],
  deliveryMs = 10_000,
): Promise<Ledger> {
  const prefix = `${tag}:`;
  await until(
    () => visitors.every((visitor) => ![...visitor.pending].some((text) => text.startsWith(prefix))),
    'every message acknowledged',
    deliveryMs,
    20,
  ).catch(() => {});
  const acked = visitors.flatMap((visitor) => [...visitor.acked.keys()].filter((text) => text.startsWith(prefix)));
  const missing = () =>
    agents.flatMap((agent) => acked.filter((text) => !agent.received.has(text)).map((text) => `${agent.label}: ${text}`));
  await until(() => missing().length === 0, 'every acknowledged message at every agent', deliveryMs, 20).catch(() => {});
  const stored = await storedTexts(databaseUrl, projectId, prefix);
  const ackedSet = new Set(acked);
  return {
    sent: visitors.reduce(
      (sum, visitor) => sum + [...visitor.acked.keys(), ...visitor.pending].filter((t) => t.startsWith(prefix)).length,
      0,
    ),
    acked: acked.length,
    lost: acked.filter((text) => !stored.has(text)),
    doubled: [...stored].filter(([, count]) => count > 1).map(([text, count]) => `${text} ×${count}`),
    storedUnacked: [...stored.keys()].filter((text) => !ackedSet.has(text)),
    undelivered: missing(),
    sdkProblems: visitors.flatMap((visitor) => visitor.problems.map((problem) => `${visitor.label}: ${problem}`)),
  };
}

/** A raw visitor socket (the session token as `auth`), to watch what the server does to it. */
export async function openVisitorSocket(
  url: string,
  token: string,
): Promise<{ record: SocketRecord; socket: WebSocket; closed: Promise<SocketRecord> }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/realtime`);
  const record = newSocketRecord();
  socket.on('upgrade', (response) => {
    record.node = String(response.headers[NODE_HEADER] ?? '?');
  });
  socket.on('error', (error) => {
    record.error = error.message;
  });
  const closed = new Promise<SocketRecord>((resolve) =>
    socket.on('close', (code, reason) => {
      record.closedAt = Date.now();
      record.code = code;
      record.reason = reason.toString();
      resolve(record);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'auth', token }));
      record.sent.push('auth');
    });
    socket.on('message', (data) => {
      if (record.readyAt === null && String(data).startsWith('{"type":"ready"')) {
        record.readyAt = Date.now();
        resolve();
      }
    });
    void closed.then(() => reject(new Error(`socket closed before ready: ${record.code} ${record.reason} ${record.error ?? ''}`)));
  });
  return { record, socket, closed };
}

/** One answer of /readyz as seen at a moment. */
export interface ReadyzAnswer {
  at: number;
  /** HTTP status, or 0 when the connection failed. */
  status: number;
  body: string;
  node: string | null;
}

/** Polls GET /readyz of several targets (the nodes directly, the load balancer) and keeps every change of answer. */
export class ReadyzWatch {
  readonly changes: { target: string; answer: ReadyzAnswer }[] = [];
  private readonly last = new Map<string, string>();
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(
    targets: Record<string, string>,
    private readonly everyMs = 250,
  ) {
    this.loops = Object.entries(targets).map(([target, url]) => this.loop(target, url));
  }

  private async loop(target: string, url: string): Promise<void> {
    while (this.running) {
      const answer = await readyz(url);
      const key = `${answer.status} ${answer.body}`;
      if (this.last.get(target) !== key) {
        this.last.set(target, key);
        this.changes.push({ target, answer });
      }
      await new Promise((resolve) => setTimeout(resolve, this.everyMs));
    }
  }

  /** Every distinct answer of `target`, with its time relative to `since`. */
  timeline(target: string, since: number): string[] {
    return this.changes
      .filter((change) => change.target === target)
      .map(({ answer }) => `+${((answer.at - since) / 1000).toFixed(1)} s ${answer.status || 'refused'} ${answer.body}`);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

/** GET /readyz once (2 s at most). */
export async function readyz(url: string): Promise<ReadyzAnswer> {
  const at = Date.now();
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
    return { at, status: response.status, body: (await response.text()).slice(0, 200), node: response.headers.get(NODE_HEADER) };
  } catch (error) {
    return {
      at,
      status: 0,
      body: (error as Error).cause ? String(((error as Error).cause as Error).message) : (error as Error).message,
      node: null,
    };
  }
}

/**
 * Requests in flight all along: `concurrency` loops of a visitor's GraphQL query through the load
 * balancer, each failure kept (a status other than 200, an error, a network failure).
 */
export class HttpProbe {
  readonly failures: string[] = [];
  readonly byNode = new Map<string, number>();
  count = 0;
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly url: string,
    private readonly token: string,
    concurrency = 2,
  ) {
    this.loops = Array.from({ length: concurrency }, () => this.loop());
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const at = Date.now();
      try {
        const answer = await graphql(this.url, '{ visitorSession { vuid } }', {}, this.token);
        this.count++;
        this.byNode.set(answer.node ?? '?', (this.byNode.get(answer.node ?? '?') ?? 0) + 1);
        if (answer.status !== 200 || answer.errors)
          this.failures.push(`${new Date(at).toISOString()} ${answer.node}: HTTP ${answer.status} ${JSON.stringify(answer.errors)}`);
      } catch (error) {
        this.failures.push(`${new Date(at).toISOString()}: ${(error as Error).message} ${String((error as Error).cause ?? '')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
