/**
 * A well-behaved client running beside the fuzz, timed: every 20 ms an admin's `{ serverInfo {
 * version } }` and an activation with fresh valid credentials (made by @parley/token, as a brand
 * backend makes them), and every 40 ms (25 a second: under the 30 frames a second a socket may
 * send) a visitor message sent over its socket, timed until both its ack and its echo arrive.
 * A kind of request still in flight when its next turn comes skips that turn (counted). Latencies
 * count from the end of the warm-up.
 */
import { randomUUID } from 'node:crypto';
import { createCredentials } from '@parley/token';
import type { Fixture } from './fixture.js';
import { anonymousVisitor } from './fixture.js';
import { Latencies, type LatencySummary } from './latency.js';
import { FuzzSocket } from './ws-client.js';

const TICK_MS = 20;
const USERS = 100;

export interface WellBehavedReport {
  all: LatencySummary;
  query: LatencySummary;
  activation: LatencySummary;
  message: LatencySummary;
  failures: string[];
  skipped: number;
}

type Kind = 'query' | 'activation' | 'message';

export class WellBehavedClient {
  private readonly latencies: Record<Kind | 'all', Latencies> = {
    all: new Latencies(),
    query: new Latencies(),
    activation: new Latencies(),
    message: new Latencies(),
  };
  private readonly busy = new Set<Kind>();
  private readonly failures: string[] = [];
  private skipped = 0;
  private tick = 0;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly fixture: Fixture,
    private readonly socket: FuzzSocket,
  ) {}

  /** Requests answered before this instant (the warm-up) are not counted. */
  private countFrom = 0;

  static async start(fixture: Fixture, warmupMs: number): Promise<WellBehavedClient> {
    const visitor = await anonymousVisitor(fixture.url, fixture.projects.main);
    const socket = await FuzzSocket.open(fixture.url);
    socket.sendText(JSON.stringify({ type: 'auth', token: visitor.token }));
    if (!(await socket.waitFor((frame) => frame.type === 'ready', 5000))) throw new Error('the well-behaved visitor is not ready');
    const client = new WellBehavedClient(fixture, socket);
    client.countFrom = performance.now() + warmupMs;
    client.timer = setInterval(() => client.turn(), TICK_MS);
    return client;
  }

  stop(): WellBehavedReport {
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
    return {
      all: this.latencies.all.summary(),
      query: this.latencies.query.summary(),
      activation: this.latencies.activation.summary(),
      message: this.latencies.message.summary(),
      failures: this.failures.slice(0, 10),
      skipped: this.skipped,
    };
  }

  private turn(): void {
    this.tick++;
    this.run('query', () => this.query());
    this.run('activation', () => this.activation());
    if (this.tick % 2 === 0) this.run('message', () => this.message());
  }

  private run(kind: Kind, work: () => Promise<number>): void {
    if (this.busy.has(kind)) {
      this.skipped++;
      return;
    }
    this.busy.add(kind);
    work()
      .then((ms) => {
        if (performance.now() < this.countFrom) return;
        this.latencies[kind].add(ms);
        this.latencies.all.add(ms);
      })
      .catch((error: unknown) => {
        if (this.failures.length < 100) this.failures.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => this.busy.delete(kind));
  }

  private async graphql(query: string, variables: Record<string, unknown>, bearer: string | null): Promise<{ ms: number; body: string }> {
    const started = performance.now();
    const response = await fetch(`${this.fixture.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.text();
    const ms = performance.now() - started;
    if (!response.ok || body.includes('"errors"')) throw new Error(`HTTP ${response.status}: ${body.slice(0, 300)}`);
    return { ms, body };
  }

  private async query(): Promise<number> {
    return (await this.graphql('{ serverInfo { version } }', {}, this.fixture.adminBearer)).ms;
  }

  private async activation(): Promise<number> {
    const credentials = await createCredentials({
      userId: `well-behaved-${this.tick % USERS}`,
      brandPrivateKey: this.fixture.brandKeys.main.privatePem,
      platformPublicKey: this.fixture.platform.publicPem,
      brandKeyId: this.fixture.brandKeys.main.kid,
    });
    const { ms } = await this.graphql(
      'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }',
      { p: this.fixture.projects.main, c: credentials },
      null,
    );
    return ms;
  }

  private async message(): Promise<number> {
    const clientId = randomUUID();
    const from = this.socket.frames.length;
    const started = performance.now();
    this.socket.sendText(JSON.stringify({ type: 'send', clientId, text: 'a well-behaved message' }));
    let acked = false;
    let echoed = false;
    let refused: string | null = null;
    const done = await this.socket.waitFor(
      (frame) => {
        if (frame.type === 'ack' && frame.clientId === clientId) acked = true;
        const message = frame.message as { clientId?: unknown } | undefined;
        if (frame.type === 'message' && message?.clientId === clientId) echoed = true;
        if (frame.type === 'error') refused = JSON.stringify(frame);
        return (acked && echoed) || refused !== null;
      },
      5000,
      from,
    );
    if (refused) throw new Error(`an error frame: ${refused}`);
    if (!done) throw new Error(`no ack and echo within 5 s (closed: ${JSON.stringify(this.socket.closed)})`);
    return performance.now() - started;
  }
}
