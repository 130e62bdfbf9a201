/**
 * npm run bench:cluster [-- --seconds 2] [--visitors 100] [--agents 3] [--rate 100] [--max-steps 6]
 *
 * Visitor → agent messages over `/realtime` through HAProxy (deploy/haproxy.cfg) in front of 1, 2
 * and 3 `parley serve` nodes (the built CLI, as a deployment runs it) on one PostgreSQL database (a
 * fresh one in the shared server) and one Redis (a key prefix of the run's own): the cluster of
 * test/cluster/harness.ts. The three nodes run all along; "N nodes" is HAProxy sending traffic to N
 * of them (the others in maintenance through its runtime API), so the machine carries the same
 * processes in every phase. Clients are raw `ws` sockets in this process: --visitors anonymous
 * visitors and --agents operator sockets (the admin's bearer: every agent receives every message),
 * opened through the balancer for each N (leastconn spreads them; the X-Parley-Node header HAProxy
 * adds says where each landed). Latency runs from the visitor's send to an agent's receipt of the
 * `message` frame, one sample per agent, split by whether the agent's node is the visitor's.
 *
 * Per N: the highest sustained rate with p99 < 100 ms (open-loop steps of --seconds, doubled from 100
 * msg/s until one fails, then narrowed twice; a step fails on a late p99, a missing delivery or an
 * error frame), then p50/p99 at --rate msg/s for 3 s, same-node and cross-node apart. Then, with the
 * three nodes and bypassing the balancer, visitors on node1 with one agent on node1 and one on node2
 * at --rate: what the hop through Redis to another node costs. Where the cores went (the nodes,
 * HAProxy, PostgreSQL, this process) gives the CPU per message of the whole cluster, from which the
 * note projects a larger machine.
 *
 * On two shared cores more nodes cannot add throughput: they share the same cores, and every node
 * receives and filters every message (fan-out through Redis). The last line is `ratio: X.XX`, the
 * sustained rate with 3 nodes ÷ with 1 node, measured in the same run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { ADMIN, type Cluster, clearRedisPrefix, createDatabase, SHARED_REDIS_URL, startCluster } from '../test/cluster/harness.js';
import { inBatches, LATE_MS, sleep, sortedPercentile } from './lib/realtime-load.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    visitors: { type: 'string', default: '100' },
    agents: { type: 'string', default: '3' },
    rate: { type: 'string', default: '100' },
    'max-steps': { type: 'string', default: '6' },
  },
});
const STEP_MS = Number(flags.seconds) * 1000;
const VISITORS = Number(flags.visitors);
const AGENTS = Number(flags.agents);
const FIXED_RATE = Number(flags.rate);
const MAX_STEPS = Number(flags['max-steps']);
if (!(STEP_MS >= 500 && STEP_MS <= 30_000)) throw new Error('--seconds: 0.5 to 30');
if (!(VISITORS >= 3 && VISITORS <= 2000) || !(AGENTS >= 2 && AGENTS <= 30)) throw new Error('--visitors: 3 to 2,000; --agents: 2 to 30');
if (!(FIXED_RATE >= 1 && FIXED_RATE <= 100_000) || !(MAX_STEPS >= 2 && MAX_STEPS <= 12))
  throw new Error('--rate: 1 to 100,000; --max-steps: 2 to 12');

const FIXED_MS = 3000;
const START_RATE = 100;
const NODE_HEADER = 'x-parley-node';
const MESSAGE_TEXT = 'Hello! I ordered a blue jacket last week and it has not arrived yet. Could you check where it is?';
const CLIENT_ID_MARK = Buffer.from('"clientId":"m');
const CLIENT_OPTIONS: WebSocket.ClientOptions = { perMessageDeflate: false, skipUTF8Validation: true };
const runStarted = performance.now();
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => `${value.toFixed(1)} ms`;

// --- where the cores go -----------------------------------------------------------------------------

/** CPU seconds of a process, all threads (Linux /proc), or 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process named `name` (postgres, redis-server). */
function cpuSecondsOf(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) total += cpuSeconds(Number(entry));
    } catch {}
  }
  return total;
}

interface Cores {
  /** Cores busy on average (1 = one core all along), per part. */
  nodes: number[];
  haproxy: number;
  postgres: number;
  redis: number;
  generator: number;
  /** Whatever else kept the machine's cores busy (other processes: on a shared machine, other people's work). */
  other: number;
}

/** CPU seconds the whole machine spent busy (/proc/stat). */
function machineBusySeconds(): number {
  try {
    const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return 0;
  }
}

function coreMeter(cluster: Cluster): { stop(): Cores } {
  const sample = () => ({
    at: performance.now(),
    nodes: cluster.nodes.map((node) => (node.pid === null ? 0 : cpuSeconds(node.pid))),
    haproxy: cpuSeconds(cluster.haproxy.pid),
    postgres: cpuSecondsOf('postgres'),
    redis: cpuSecondsOf('redis-server'),
    self: process.cpuUsage(),
    busy: machineBusySeconds(),
  });
  const start = sample();
  return {
    stop() {
      const end = sample();
      const wall = (end.at - start.at) / 1000;
      const cores = {
        nodes: end.nodes.map((seconds, i) => (seconds - (start.nodes[i] ?? 0)) / wall),
        haproxy: (end.haproxy - start.haproxy) / wall,
        postgres: (end.postgres - start.postgres) / wall,
        redis: (end.redis - start.redis) / wall,
        generator: (end.self.user - start.self.user + end.self.system - start.self.system) / 1e6 / wall,
        other: 0,
      };
      cores.other = Math.max(0, (end.busy - start.busy) / wall - clusterCores(cores) - cores.generator);
      return cores;
    },
  };
}

const clusterCores = (cores: Cores) => cores.nodes.reduce((sum, value) => sum + value, 0) + cores.haproxy + cores.postgres + cores.redis;
const coresLine = (cores: Cores, rate: number) =>
  `cores busy: nodes ${cores.nodes.map((value) => value.toFixed(2)).join(' + ')}, HAProxy ${cores.haproxy.toFixed(2)}, ` +
  `PostgreSQL ${cores.postgres.toFixed(2)}, Redis ${cores.redis.toFixed(2)}, load generator ${cores.generator.toFixed(2)}, other processes ${cores.other.toFixed(2)}; ` +
  `the cluster's CPU per message ${((clusterCores(cores) / rate) * 1e6).toFixed(0)} µs`;

// --- clients --------------------------------------------------------------------------------------

interface Client {
  socket: WebSocket;
  node: string;
}

/** Opens `/realtime` at `url`, authenticates, resolves at `ready` with the node that took it; later frames go to `onFrame`. */
function connect(url: string, token: string, onFrame: (data: Buffer) => void, onLost: (why: string) => void): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/realtime`, CLIENT_OPTIONS);
    let node = '?';
    let ready = false;
    socket.on('upgrade', (response) => {
      node = String(response.headers[NODE_HEADER] ?? new URL(url).port);
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.on('message', (data: Buffer) => {
      if (ready) return onFrame(data);
      if (!data.toString().startsWith('{"type":"ready"')) return reject(new Error(`auth answered ${data.toString().slice(0, 200)}`));
      ready = true;
      resolve({ socket, node });
    });
    socket.on('close', (code, reason) => (ready ? onLost(`${code} ${reason}`) : reject(new Error(`closed ${code} ${reason}`))));
    socket.on('error', (error) => {
      if (!ready) reject(error);
    });
  });
}

interface Phase {
  rate: number;
  sent: number;
  expected: number;
  delivered: number;
  /** Sorted latencies, ms: every delivery, and apart those to an agent on the visitor's node and on another. */
  all: Float64Array;
  same: Float64Array;
  cross: Float64Array;
  errors: number;
  firstError: string | null;
  throughput: number;
  cores: Cores;
}

/** Visitors and agents open for one phase group, and the open-loop generator (as bench/lib/realtime-load.ts). */
class Load {
  visitors: Client[] = [];
  agents: Client[] = [];
  private sentAt = new Float64Array(1 << 21);
  private sender = new Uint16Array(1 << 21);
  private next = 0;
  private window: { first: number; same: number[]; cross: number[] } | null = null;
  acks = 0;
  errors = 0;
  firstError: string | null = null;
  lost = 0;

  private readonly onLost = (why: string) => {
    this.lost++;
    this.firstError ??= `a socket closed: ${why}`;
  };

  private agentFrame(agent: number) {
    return (data: Buffer) => {
      const at = performance.now();
      const mark = data.indexOf(CLIENT_ID_MARK);
      if (mark === -1 || this.window === null) return;
      let n = 0;
      for (let i = mark + CLIENT_ID_MARK.length; i < data.length; i++) {
        const digit = (data[i] as number) - 48;
        if (digit < 0 || digit > 9) break;
        n = n * 10 + digit;
      }
      if (n < this.window.first || n >= this.next) return;
      const latency = at - (this.sentAt[n] as number);
      const sameNode = this.visitors[this.sender[n] as number]?.node === this.agents[agent]?.node;
      (sameNode ? this.window.same : this.window.cross).push(latency);
    };
  }

  private readonly visitorFrame = (data: Buffer) => {
    if (data[9] === 97)
      this.acks++; // {"type":"ack
    else if (data[9] === 101) {
      this.errors++; // {"type":"error
      this.firstError ??= data.toString().slice(0, 300);
    }
  };

  async open(
    visitorUrls: readonly string[],
    visitorTokens: readonly string[],
    agentUrls: readonly string[],
    agentToken: string,
  ): Promise<void> {
    for (const url of agentUrls) this.agents.push(await connect(url, agentToken, this.agentFrame(this.agents.length), this.onLost));
    const indexes = visitorTokens.map((_, i) => i);
    this.visitors = await inBatches(indexes, 16, (i) =>
      connect(visitorUrls[i % visitorUrls.length] as string, visitorTokens[i] as string, this.visitorFrame, this.onLost),
    );
    // One unmeasured message each, 16 at a time (a node handles 64 frames at once): the visitors' conversations start
    // outside the timed phases.
    const run = Date.now().toString(36);
    for (let from = 0; from < this.visitors.length; from += 16) {
      const batch = this.visitors.slice(from, from + 16);
      const acks = this.acks;
      batch.forEach((visitor, i) => {
        visitor.socket.send(`{"type":"send","clientId":"w${run}-${from + i}","text":"hello"}`);
      });
      const until = performance.now() + 30_000;
      while (this.acks - acks < batch.length && this.errors === 0 && performance.now() < until) await sleep(5);
      if (this.acks - acks < batch.length) throw new Error(`greetings: ${this.acks - acks} acks of ${batch.length} (${this.firstError})`);
    }
  }

  spread(): string {
    const count = (clients: Client[]) => {
      const counts: Record<string, number> = {};
      for (const client of clients) counts[client.node] = (counts[client.node] ?? 0) + 1;
      return Object.entries(counts)
        .sort()
        .map(([node, n]) => `${node} ${n}`)
        .join(', ');
    };
    return `visitors ${count(this.visitors)}; agents ${count(this.agents)}`;
  }

  async phase(cluster: Cluster, rate: number, duration: number): Promise<Phase> {
    const planned = Math.max(1, Math.floor((rate * duration) / 1000));
    const first = this.next;
    if (first + planned > this.sentAt.length) throw new Error('too many messages for one run');
    const frames = Array.from({ length: planned }, (_, i) =>
      Buffer.from(`{"type":"send","clientId":"m${first + i}","text":${JSON.stringify(MESSAGE_TEXT)}}`),
    );
    this.window = { first, same: [], cross: [] };
    const errors = this.errors;
    const meter = coreMeter(cluster);
    const started = performance.now();
    let sent = 0;
    let cursor = 0;
    await new Promise<void>((done) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(planned, Math.floor(((now - started) * rate) / 1000));
        while (sent < due) {
          this.sentAt[this.next] = now;
          this.sender[this.next] = cursor;
          this.next++;
          (this.visitors[cursor] as Client).socket.send(frames[sent] as Buffer, { binary: false });
          cursor = (cursor + 1) % this.visitors.length;
          sent++;
        }
        if (sent >= planned) return done();
        setTimeout(tick, 1);
      };
      tick();
    });
    const expected = sent * this.agents.length;
    const window = this.window;
    const until = performance.now() + 5000;
    while (window.same.length + window.cross.length < expected && performance.now() < until) await sleep(2);
    const elapsed = performance.now() - started;
    const cores = meter.stop();
    this.window = null;
    const sorted = (values: number[]) => Float64Array.from(values).sort();
    const delivered = window.same.length + window.cross.length;
    return {
      rate,
      sent,
      expected,
      delivered,
      all: sorted([...window.same, ...window.cross]),
      same: sorted(window.same),
      cross: sorted(window.cross),
      errors: this.errors - errors,
      firstError: this.firstError,
      throughput: ((delivered / this.agents.length) * 1000) / elapsed,
      cores,
    };
  }

  close(): void {
    for (const client of [...this.visitors, ...this.agents]) {
      client.socket.removeAllListeners('close');
      client.socket.terminate();
    }
  }
}

function verdict(phase: Phase): string | null {
  if (phase.errors > 0) return `${phase.errors} error frames (${phase.firstError})`;
  if (phase.delivered < phase.expected) return `${int(phase.expected - phase.delivered)} of ${int(phase.expected)} deliveries missing`;
  const p99 = sortedPercentile(phase.all, 0.99);
  return p99 < LATE_MS ? null : `p99 ${ms(p99)}`;
}

const latency = (values: Float64Array) =>
  values.length === 0 ? 'n/a' : `p50 ${ms(sortedPercentile(values, 0.5))} p99 ${ms(sortedPercentile(values, 0.99))}`;

// --- the run --------------------------------------------------------------------------------------

const database = await createDatabase('bench_cluster');
const cluster = await startCluster({
  databaseUrl: database.url,
  redisUrl: SHARED_REDIS_URL,
  env: {
    // Every client of the bench comes from 127.0.0.1, and a visitor writes faster than a person: the caps would cut the load.
    PARLEY_HTTP_MAX_REQUESTS_PER_IP: '1000000',
    PARLEY_WS_MAX_PER_IP: '1000000',
    PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP: '1000000',
    PARLEY_WS_MAX_PER_SESSION: '10000',
    PARLEY_WS_MESSAGES_PER_SECOND: '1000000',
  },
});
const figures: { nodes: number; best: Phase | null; ceiling: number | null; fixed: Phase; spread: string }[] = [];
let hop: { same: Float64Array; cross: Float64Array; cores: Cores } | null = null;
try {
  const lb = cluster.lbUrl;
  console.log(
    `cluster bench: ${availableParallelism()} cores shared by 3 nodes, HAProxy, PostgreSQL, Redis and the load generator; ` +
      `${int(VISITORS)} visitors, ${AGENTS} agents; steps of ${STEP_MS / 1000} s (open loop, p99 < ${LATE_MS} ms); ${FIXED_RATE} msg/s for ${FIXED_MS / 1000} s`,
  );
  const grant = await fetch(`${lb}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username: ADMIN.email, password: ADMIN.password }),
  });
  const { access_token: agentToken } = (await grant.json()) as { access_token: string };
  const gql = async <T>(query: string, variables: Record<string, unknown>, bearer?: string): Promise<T> => {
    const response = await fetch(`${lb}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!body.data || body.errors) throw new Error(`setup: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const { projectCreate } = await gql<{ projectCreate: { project: { id: string } } }>(
    'mutation { projectCreate(input: { name: "Cluster bench" }) { project { id } } }',
    {},
    agentToken,
  );
  const projectId = projectCreate.project.id;
  const session =
    'mutation($p: ID!) { s: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }';
  const tokens = await inBatches(
    Array.from({ length: VISITORS }, (_, i) => i),
    16,
    async () =>
      (await gql<{ s: { visitorSessionToken: { accessToken: string } } }>(session, { p: projectId })).s.visitorSessionToken.accessToken,
  );

  for (const nodes of [1, 2, 3]) {
    // N nodes in rotation: the others in maintenance (their open sockets are closed before, none left).
    for (const node of cluster.nodes)
      await cluster.haproxy.command(`${Number(node.name.slice(4)) <= nodes ? 'enable' : 'disable'} server parley/${node.name}`);
    await cluster.inRotation(cluster.nodes.slice(0, nodes).map((node) => node.name));
    const load = new Load();
    try {
      await load.open(
        [lb],
        tokens,
        Array.from({ length: AGENTS }, () => lb),
        agentToken,
      );
      await load.phase(cluster, START_RATE / 2, 600); // warm-up
      let best: Phase | null = null;
      let ceiling: number | null = null;
      let rate = START_RATE;
      for (let step = 1; step <= MAX_STEPS; step++) {
        const phase = await load.phase(cluster, rate, STEP_MS);
        const failure = verdict(phase);
        console.log(
          `${nodes} node(s): ${int(rate)} msg/s → ${failure ?? 'sustained'}; ${latency(phase.all)}; delivered ${int(phase.throughput)} msg/s; ${coresLine(phase.cores, phase.throughput)}`,
        );
        if (failure === null) best = phase;
        else ceiling = rate;
        if (ceiling !== null && best && ceiling / best.rate <= 1.15) break;
        rate = ceiling === null ? rate * 2 : Math.round(Math.sqrt((best?.rate ?? ceiling / 2) * ceiling) / 10) * 10;
        await sleep(300);
      }
      const fixed = await load.phase(cluster, FIXED_RATE, FIXED_MS);
      const spread = load.spread();
      console.log(
        `${nodes} node(s) at ${FIXED_RATE} msg/s through the balancer (${spread}): all ${latency(fixed.all)}; ` +
          `agent on the visitor's node ${latency(fixed.same)}; on another node ${latency(fixed.cross)}${verdict(fixed) ? ` — ${verdict(fixed)}` : ''}`,
      );
      figures.push({ nodes, best, ceiling, fixed, spread });
    } finally {
      load.close();
      await sleep(500);
    }
  }

  // The hop alone, bypassing the balancer: visitors on node1, one agent on node1 and one on node2.
  const [node1, node2] = cluster.nodes;
  if (node1 && node2) {
    const load = new Load();
    try {
      await load.open([node1.url], tokens, [node1.url, node2.url], agentToken);
      await load.phase(cluster, FIXED_RATE, 600);
      const phase = await load.phase(cluster, FIXED_RATE, FIXED_MS);
      hop = { same: phase.same, cross: phase.cross, cores: phase.cores };
      console.log(
        `direct, ${FIXED_RATE} msg/s, visitors on node1: agent on node1 ${latency(phase.same)}; agent on node2 (through Redis) ${latency(phase.cross)}`,
      );
    } finally {
      load.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query<{ count: string }>('SELECT count(*) AS count FROM messages');
  await client.end();
  console.log(`${int(Number(rows[0]?.count))} messages stored in the run`);
} finally {
  await cluster.close();
  await database.drop();
  await clearRedisPrefix(SHARED_REDIS_URL, cluster.redisPrefix);
}

// --- summary ----------------------------------------------------------------------------------------

console.log('');
for (const figure of figures) {
  const best = figure.best;
  const rate = best ? `${int(best.rate)} msg/s (${latency(best.all)})` : `below ${START_RATE} msg/s`;
  const above = figure.ceiling === null ? '; the search did not find its limit' : `; ${int(figure.ceiling)} msg/s did not hold`;
  console.log(`${figure.nodes} node(s) through HAProxy: highest sustained rate with p99 < ${LATE_MS} ms: ${rate}${above}`);
}
for (const figure of figures)
  console.log(
    `${figure.nodes} node(s) at ${FIXED_RATE} msg/s: same node ${latency(figure.fixed.same)}, cross-node ${latency(figure.fixed.cross)}`,
  );
if (hop) {
  const cost = sortedPercentile(hop.cross, 0.5) - sortedPercentile(hop.same, 0.5);
  console.log(
    `the cross-node hop (Redis pub/sub to another node, bypassing HAProxy): p50 +${ms(cost)}, p99 ${ms(sortedPercentile(hop.cross, 0.99))} vs ${ms(sortedPercentile(hop.same, 0.99))}`,
  );
}
const one = figures.find((figure) => figure.nodes === 1)?.best;
const three = figures.find((figure) => figure.nodes === 3)?.best;
if (one && three) {
  const micro = (cores: number, phase: Phase) => (cores / phase.throughput) * 1e6;
  const parts = (phase: Phase) => {
    const nodes = phase.cores.nodes.reduce((sum, value) => sum + value, 0);
    return { nodes, total: micro(clusterCores(phase.cores), phase) };
  };
  const line = (phase: Phase) =>
    `nodes ${micro(parts(phase).nodes, phase).toFixed(0)} µs, PostgreSQL ${micro(phase.cores.postgres, phase).toFixed(0)} µs, ` +
    `HAProxy ${micro(phase.cores.haproxy, phase).toFixed(0)} µs, Redis ${micro(phase.cores.redis, phase).toFixed(0)} µs: ${parts(phase).total.toFixed(0)} µs`;
  console.log(`CPU per message at the sustained rate, 1 node: ${line(one)}`);
  console.log(`CPU per message at the sustained rate, 3 nodes: ${line(three)}`);
  const other = Math.max(...figures.flatMap((figure) => (figure.best ? [figure.best.cores.other] : [])));
  if (other > 0.2) console.log(`note: other processes kept up to ${Math.round(other * 100)}% of a core busy during the sustained steps`);
  // A larger machine, at the 3-node CPU per message (every node receives and filters every message: the fan-out
  // grows with the nodes), 70 % busy, one core per node (a node's main thread), PostgreSQL on the same machine.
  const perMessage = parts(three).total / 1e6;
  const nodePerMessage = micro(parts(three).nodes, three) / 1e6;
  for (const cores of [8, 16]) {
    const rate = (0.7 * cores) / perMessage;
    console.log(
      `projection, ${cores} dedicated cores at 70 %: ~${int(rate)} msg/s, with ${Math.ceil((rate * nodePerMessage) / 0.7)} or more nodes ` +
        `and PostgreSQL taking ~${((rate * three.cores.postgres) / three.throughput).toFixed(1)} cores`,
    );
  }
  console.log(`run time: ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
  console.log(`ratio (3 nodes ÷ 1 node, sustained msg/s on ${availableParallelism()} shared cores) ${(three.rate / one.rate).toFixed(2)}`);
  console.log(`ratio: ${(three.rate / one.rate).toFixed(2)}`);
}
