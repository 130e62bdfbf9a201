import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { keyPath, privateKey } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../../packages/server/test/helpers/private-postgres.js';
import { type PrivateRedis, startPrivateRedis } from '../../packages/server/test/helpers/private-redis.js';
import {
  Agent,
  adminBearer,
  createProject,
  gqlOk,
  graphql,
  HttpProbe,
  type Ledger,
  ledger,
  openVisitorSocket,
  ReadyzWatch,
  readyz,
  type SocketRecord,
  Traffic,
  Visitor,
} from './clients.js';
import { type Cluster, type ClusterNode, clearRedisPrefix, createDatabase, SHARED_REDIS_URL, startCluster, until } from './harness.js';

// Issue 14 §3: three `parley serve` nodes (the built CLI) on one PostgreSQL and one Redis behind
// HAProxy with deploy/haproxy.cfg; every client talks to the load balancer only. Visitors are the
// SDK with its default delays; agents reconnect and resume as the desk does. Each scenario prints
// what it observed (timings, what /readyz said), which docs/deploy.md reports.

const VISITORS = 9;
const AGENTS = 3;
/** Each visitor sends a message this often during the scenarios (9 visitors: 30 msg/s through the cluster). */
const INTERVAL_MS = 300;

const ms = (value: number) => `${Math.round(value)} ms`;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number);
};
/** What every scenario's traffic must come to: nothing lost, doubled or undelivered, nothing surfaced by the SDK. */
function expectClean(result: Ledger, cluster: Cluster): void {
  const problems = {
    lost: result.lost,
    doubled: result.doubled,
    storedUnacked: result.storedUnacked,
    undelivered: result.undelivered.slice(0, 20),
    sdkProblems: result.sdkProblems.slice(0, 20),
  };
  const clean = Object.values(problems).every((list) => list.length === 0);
  if (!clean) console.error(cluster.report());
  expect(problems).toEqual({ lost: [], doubled: [], storedUnacked: [], undelivered: [], sdkProblems: [] });
  expect(result.acked).toBe(result.sent);
  expect(result.acked).toBeGreaterThan(0);
}

/** No page saw a message twice. */
function expectDeliveredOnce(visitors: readonly Visitor[]): void {
  const twice = visitors.flatMap((visitor) => [...visitor.delivered].filter(([, count]) => count > 1).map(([text]) => text));
  expect(twice).toEqual([]);
}

/** The sockets (of visitors or agents) that a node held at a moment: those open on it then. */
function socketsOn(clients: readonly { sockets: SocketRecord[] }[], node: string, at: number) {
  return clients.flatMap((client) =>
    client.sockets
      .filter((record) => record.node === node && record.openedAt <= at && (record.closedAt === null || record.closedAt > at))
      .map((record) => ({ client, record })),
  );
}

/** For each socket a node held: the client's next socket, and how long it took to open it and to be ready on it. */
function reconnections(held: ReturnType<typeof socketsOn>) {
  return held.map(({ client, record }) => {
    const next = client.sockets[client.sockets.indexOf(record) + 1];
    return {
      code: record.code,
      node: next?.node ?? null,
      reopenMs: next && record.closedAt !== null ? next.openedAt - record.closedAt : Number.NaN,
      readyMs: next?.readyAt && record.closedAt !== null ? next.readyAt - record.closedAt : Number.NaN,
      resumed: next?.sent.includes('resume') ?? false,
    };
  });
}

interface World {
  cluster: Cluster;
  databaseUrl: string;
  projectId: string;
  bearer: string;
  agents: Agent[];
  visitors: Visitor[];
}

/** The clients every scenario uses: agents first (one lands on each node), then visitors that greet once. */
async function populate(cluster: Cluster, databaseUrl: string): Promise<World> {
  const lb = cluster.lbUrl;
  const bearer = await adminBearer(lb);
  const projectId = await createProject(lb, bearer, 'Cluster shop');
  const agents: Agent[] = [];
  for (let i = 1; i <= AGENTS; i++) {
    const agent = new Agent(`agent${i}`, lb, await adminBearer(lb), [projectId]);
    await agent.start();
    agents.push(agent);
  }
  const visitors = Array.from({ length: VISITORS }, (_, i) => new Visitor(`v${i + 1}`, lb, projectId));
  await Promise.all(visitors.map((visitor) => visitor.activate()));
  for (const visitor of visitors) visitor.send(`hello:${visitor.label}`);
  await until(() => visitors.every((visitor) => visitor.pending.size === 0), 'the greetings acknowledged', 20_000);
  return { cluster, databaseUrl, projectId, bearer, agents, visitors };
}

function depopulate(world: World | undefined): void {
  for (const visitor of world?.visitors ?? []) visitor.close();
  for (const agent of world?.agents ?? []) agent.stop();
}

describe('three nodes behind HAProxy, on one PostgreSQL database and one Redis', () => {
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let cluster: Cluster;
  let world: World;
  let lb: string;

  beforeAll(async () => {
    database = await createDatabase('cluster');
    // 4096-bit platform keys (a supported setting): generating one takes long enough that the nodes, started together
    // on an empty database as compose starts them, always race on creating the platform keys.
    cluster = await startCluster({ databaseUrl: database.url, redisUrl: SHARED_REDIS_URL, env: { PARLEY_PLATFORM_KEY_BITS: '4096' } });
    lb = cluster.lbUrl;
    world = await populate(cluster, database.url);
  }, 120_000);

  afterAll(async () => {
    depopulate(world);
    await cluster?.close();
    await database?.drop();
    if (cluster) await clearRedisPrefix(SHARED_REDIS_URL, cluster.redisPrefix);
  }, 60_000);

  beforeEach(() => allRunning(cluster), 60_000);

  it('every node decrypts credentials as soon as the nodes, started together on an empty database, are in rotation', async () => {
    const projectId = await createProject(lb, world.bearer, 'Bootstrap', readFileSync(keyPath('brand', 'public'), 'utf8'));
    const platformPublicKey = await currentPlatformKey(lb);
    const answers: Record<string, string> = {};
    for (const node of cluster.nodes) {
      const credentials = await createCredentials({ userId: 'user-bootstrap', brandPrivateKey: privateKey('brand'), platformPublicKey });
      const answer = await graphql(
        node.url,
        'mutation($p: ID!, $c: String!) { s: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }',
        { p: projectId, c: credentials },
      );
      answers[node.name] = answer.errors?.[0]?.extensions?.name ?? 'ok';
    }
    expect(answers).toEqual({ node1: 'ok', node2: 'ok', node3: 'ok' });
  });

  it('spreads visitors and agents over the nodes, and every message reaches the agents on every node', async () => {
    const agentNodes = world.agents.map((agent) => agent.current?.node);
    const visitorNodes = world.visitors.map((visitor) => visitor.current?.node);
    console.log(`spread: agents on ${agentNodes.join(', ')}; visitors on ${visitorNodes.join(', ')}`);
    expect(new Set(agentNodes)).toEqual(new Set(['node1', 'node2', 'node3']));
    expect(new Set(visitorNodes)).toEqual(new Set(['node1', 'node2', 'node3']));
    // HAProxy's own count agrees: each node holds sockets.
    const servers = await cluster.haproxy.servers();
    for (const name of ['node1', 'node2', 'node3']) expect(servers[name]?.current).toBeGreaterThan(0);

    const sentAt = new Map<string, number>();
    for (const visitor of world.visitors) {
      sentAt.set(`fanout:${visitor.label}`, Date.now());
      visitor.send(`fanout:${visitor.label}`);
    }
    const result = await ledger(world.databaseUrl, world.projectId, 'fanout', world.visitors, world.agents, 10_000);
    expectClean(result, cluster);
    // Cross-node deliveries: a visitor on one node, an agent on another.
    const crossNode = world.agents.flatMap((agent) =>
      world.visitors
        .filter((visitor) => visitor.current?.node !== agent.current?.node)
        .map((visitor) => (agent.received.get(`fanout:${visitor.label}`)?.at ?? Number.NaN) - (sentAt.get(`fanout:${visitor.label}`) ?? 0)),
    );
    expect(crossNode.length).toBeGreaterThanOrEqual(AGENTS * 2);
    console.log(
      `fan-out: ${crossNode.length} cross-node deliveries, p50 ${ms(percentile(crossNode, 0.5))}, max ${ms(Math.max(...crossNode))}`,
    );
  });

  it('kill -9 of a node under traffic: its clients reconnect through the balancer and resume; nothing lost or doubled, no SDK error', async () => {
    const probe = new HttpProbe(lb, world.visitors[0]?.token ?? '', 2);
    const traffic = new Traffic(world.visitors, 'kill', INTERVAL_MS).start();
    await sleep(2000);
    const victim = busiestNode(cluster, world.visitors);
    const killedAt = Date.now();
    await victim.kill();
    const down = cluster.outOfRotation(victim.name).then(() => Date.now());
    await sleep(6000);
    await traffic.stop();
    await probe.stop();
    const result = await ledger(world.databaseUrl, world.projectId, 'kill', world.visitors, world.agents);
    const visitorsBack = reconnections(socketsOn(world.visitors, victim.name, killedAt - 1));
    const agentsBack = reconnections(socketsOn(world.agents, victim.name, killedAt - 1));
    console.log(
      `kill -9 ${victim.name}: HAProxy marked it down after ${ms((await down) - killedAt)}; ` +
        `${visitorsBack.length} visitor sockets back on ${visitorsBack.map((r) => r.node).join(', ')} ready after ` +
        `p50 ${ms(
          percentile(
            visitorsBack.map((r) => r.readyMs),
            0.5,
          ),
        )} max ${ms(Math.max(...visitorsBack.map((r) => r.readyMs)))} ` +
        `(SDK backoff 0.5–1.5 s after 1006); ${agentsBack.length} agent sockets back; ${result.acked} messages acknowledged; ` +
        `${probe.count} GraphQL requests through the balancer, ${probe.failures.length} failed ${JSON.stringify(probe.failures)}`,
    );
    // Only requests in flight on the node when it died may fail (2 loops: at most 2); later ones are redispatched.
    expect(probe.failures.length).toBeLessThanOrEqual(2);
    expectClean(result, cluster);
    expectDeliveredOnce(world.visitors);
    expect(visitorsBack.length).toBeGreaterThan(0);
    for (const back of [...visitorsBack, ...agentsBack]) {
      expect(back.code).toBe(1006);
      expect(back.node).toMatch(/^node\d$/);
      expect(back.node).not.toBe(victim.name);
      expect(back.resumed).toBe(true);
      expect(back.readyMs).toBeLessThan(5000);
    }
  }, 90_000);

  it('SIGTERM: /readyz turns 503 first, the node leaves rotation, finishes its work, closes with 1012, clients reconnect at once', async () => {
    const probe = new HttpProbe(lb, world.visitors[0]?.token ?? '', 2);
    const traffic = new Traffic(world.visitors, 'sigterm', INTERVAL_MS).start();
    await sleep(1500);
    const victim = busiestNode(cluster, world.visitors);
    const answers: { at: number; status: number; body: string }[] = [];
    const signalledAt = victim.terminate();
    const exitedAt = victim.exited.then((exit) => exit);
    let gone = false;
    void exitedAt.then(() => {
      gone = true;
    });
    const down = cluster.outOfRotation(victim.name).then(() => Date.now());
    while (!gone) {
      const answer = await readyz(victim.url);
      if (answer.status === 0) break;
      answers.push(answer);
      await sleep(20);
    }
    const exit = await exitedAt;
    const downAt = await down;
    await sleep(3000);
    await traffic.stop();
    await probe.stop();
    const result = await ledger(world.databaseUrl, world.projectId, 'sigterm', world.visitors, world.agents);
    const held = [...socketsOn(world.visitors, victim.name, signalledAt), ...socketsOn(world.agents, victim.name, signalledAt)];
    const back = reconnections(held);
    const firstClose = Math.min(...held.map(({ record }) => record.closedAt ?? Number.POSITIVE_INFINITY));
    // The signal takes a moment to reach the node: answers sent before that may still say ready.
    const unready = answers.findIndex((answer) => answer.status !== 200);
    const first = answers[unready];
    console.log(
      `SIGTERM ${victim.name}: /readyz ${first?.status} ${first?.body} from ${ms((first?.at ?? Number.NaN) - signalledAt)} after the signal ` +
        `(${unready} answers 200 before), until the node stopped answering after ${ms((answers.at(-1)?.at ?? Number.NaN) - signalledAt)}; ` +
        `out of HAProxy's rotation after ${ms(downAt - signalledAt)}; sockets closed after ${ms(firstClose - signalledAt)} ` +
        `(codes ${[...new Set(back.map((r) => r.code))].join(', ')}); exit ${exit.code ?? exit.signal} after ${ms(exit.at - signalledAt)}; ` +
        `${back.length} sockets reconnected: opened p50 ${ms(
          percentile(
            back.map((r) => r.reopenMs),
            0.5,
          ),
        )} max ${ms(Math.max(...back.map((r) => r.reopenMs)))}, ` +
        `ready p50 ${ms(
          percentile(
            back.map((r) => r.readyMs),
            0.5,
          ),
        )} max ${ms(Math.max(...back.map((r) => r.readyMs)))} after the close; ` +
        `${probe.count} GraphQL requests through the balancer meanwhile, ${probe.failures.length} failed`,
    );
    // /readyz: 503 from the first answer after the signal, while the node still serves.
    expect(first).toMatchObject({ status: 503 });
    expect(JSON.parse(first?.body ?? '{}')).toEqual({ status: 'unready', reason: 'shutting down' });
    expect((first?.at ?? Number.POSITIVE_INFINITY) - signalledAt).toBeLessThan(500);
    expect(answers.slice(unready).every((answer) => answer.status === 503)).toBe(true);
    expect(answers.at(-1)?.at ?? 0).toBeGreaterThan(signalledAt + 1000);
    // Out of rotation before it stopped accepting and closed its sockets; a clean exit within the shutdown bound.
    expect(downAt).toBeLessThan(firstClose);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(10_000);
    // 1012 to every socket; an immediate reconnection (0–50 ms of jitter; a backoff would wait 500 ms at least) to another node, then resume.
    expect(back.length).toBeGreaterThan(0);
    for (const socket of back) {
      expect(socket.code).toBe(1012);
      expect(socket.node).toMatch(/^node\d$/);
      expect(socket.node).not.toBe(victim.name);
      expect(socket.reopenMs).toBeLessThan(450);
      expect(socket.readyMs).toBeLessThan(1000);
      expect(socket.resumed).toBe(true);
    }
    // Requests in flight finished: none failed through the balancer.
    expect(probe.failures).toEqual([]);
    expectClean(result, cluster);
    expectDeliveredOnce(world.visitors);
  }, 90_000);

  it('a rolling restart of all three nodes under continuous traffic: 0 lost, 0 doubled, 0 SDK errors', async () => {
    const probe = new HttpProbe(lb, world.visitors[0]?.token ?? '', 2);
    const traffic = new Traffic(world.visitors, 'rolling', INTERVAL_MS).start();
    const started = Date.now();
    const steps: string[] = [];
    const closesBefore = new Map([...world.visitors, ...world.agents].map((client) => [client, client.sockets.length]));
    await sleep(1000);
    for (const node of cluster.nodes) {
      const at = node.terminate();
      const exit = await node.exited;
      await node.start();
      await cluster.inRotation([node.name]);
      steps.push(`${node.name} exit ${exit.code} after ${ms(exit.at - at)}, back in rotation after ${ms(Date.now() - at)}`);
      await sleep(1000);
    }
    await traffic.stop();
    await probe.stop();
    const result = await ledger(world.databaseUrl, world.projectId, 'rolling', world.visitors, world.agents);
    const closes = [...world.visitors, ...world.agents].flatMap((client) =>
      // The socket open when the restart began, and every one after it.
      client.sockets
        .slice(Math.max(0, (closesBefore.get(client) ?? 0) - 1))
        .filter((record) => record.closedAt !== null && record.closedAt >= started),
    );
    console.log(
      `rolling restart in ${ms(Date.now() - started)}: ${steps.join('; ')}; ${result.acked} messages acknowledged; ` +
        `socket closes ${JSON.stringify(countBy(closes.map((record) => record.code)))}; ` +
        `${probe.count} GraphQL requests through the balancer, ${probe.failures.length} failed`,
    );
    expectClean(result, cluster);
    expectDeliveredOnce(world.visitors);
    expect(closes.length).toBeGreaterThan(0);
    expect(closes.filter((record) => record.code !== 1012)).toEqual([]);
    expect(probe.failures).toEqual([]);
    for (const visitor of world.visitors) expect(visitor.current?.readyAt).toBeTruthy();
  }, 120_000);

  it('a logout or visitorSessionsRevoke on one node closes the visitor sockets on the others within 1 s', async () => {
    /** Sockets of `token` through the balancer until every node holds one. */
    const socketsEverywhere = async (token: string) => {
      const opened: Awaited<ReturnType<typeof openVisitorSocket>>[] = [];
      for (let i = 0; i < 12 && new Set(opened.map((socket) => socket.record.node)).size < 3; i++)
        opened.push(await openVisitorSocket(lb, token));
      expect(new Set(opened.map((socket) => socket.record.node))).toEqual(new Set(['node1', 'node2', 'node3']));
      return opened;
    };
    const closings = async (opened: Awaited<ReturnType<typeof socketsEverywhere>>, servedBy: string | null, since: number) => {
      const records = await Promise.all(opened.map((socket) => socket.closed));
      const elsewhere = records.filter((record) => record.node !== servedBy);
      expect(elsewhere.length).toBeGreaterThan(0);
      for (const record of records)
        expect({ code: record.code, reason: record.reason }).toEqual({ code: 1000, reason: 'VISITOR_SESSION_EXPIRED' });
      return elsewhere.map((record) => (record.closedAt ?? Number.POSITIVE_INFINITY) - since);
    };

    // visitorLogout, with the session's own token.
    const session = await gqlOk<{ s: { visitorSessionToken: { accessToken: string } } }>(
      lb,
      'mutation($p: ID!) { s: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
      { p: world.projectId },
    );
    const token = session.s.visitorSessionToken.accessToken;
    const logoutSockets = await socketsEverywhere(token);
    const logoutAt = Date.now();
    const logout = await graphql(lb, 'mutation { visitorLogout { loggedOut } }', {}, token);
    expect(logout.status).toBe(200);
    const afterLogout = await closings(logoutSockets, logout.node, logoutAt);

    // visitorSessionsRevoke: every session of a user, by an operator, on whichever node the balancer picks.
    const projectId = await createProject(lb, world.bearer, 'Revocations', readFileSync(keyPath('brand', 'public'), 'utf8'));
    const platformPublicKey = await currentPlatformKey(lb);
    const signIn = async () => {
      const credentials = await createCredentials({ userId: 'user-revoked', brandPrivateKey: privateKey('brand'), platformPublicKey });
      const answer = await gqlOk<{ s: { visitorSessionToken: { accessToken: string } } }>(
        lb,
        'mutation($p: ID!, $c: String!) { s: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { visitorSessionToken { accessToken } } }',
        { p: projectId, c: credentials },
      );
      return answer.s.visitorSessionToken.accessToken;
    };
    const devices = [...(await socketsEverywhere(await signIn())), ...(await socketsEverywhere(await signIn()))];
    const revokeAt = Date.now();
    const revoke = await graphql(
      lb,
      'mutation($p: ID!, $u: String!) { visitorSessionsRevoke(input: { projectId: $p, userId: $u }) { revokedCount } }',
      { p: projectId, u: 'user-revoked' },
      world.bearer,
    );
    expect(revoke.errors).toBeUndefined();
    const afterRevoke = await closings(devices, revoke.node, revokeAt);
    console.log(
      `revocation: logout on ${logout.node} closed ${afterLogout.length} sockets on other nodes in ≤ ${ms(Math.max(...afterLogout))}; ` +
        `visitorSessionsRevoke on ${revoke.node} closed ${afterRevoke.length} in ≤ ${ms(Math.max(...afterRevoke))} (from the request)`,
    );
    expect(Math.max(...afterLogout, ...afterRevoke)).toBeLessThan(1000);
  });
});

describe('three nodes behind HAProxy when Redis or PostgreSQL fail', () => {
  let postgres: PrivatePostgres | undefined;
  let redis: PrivateRedis | undefined;
  let cluster: Cluster;
  let world: World;
  let lb: string;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
    cluster = await startCluster({ databaseUrl: postgres.url, redisUrl: redis.url });
    lb = cluster.lbUrl;
    world = await populate(cluster, postgres.url);
  }, 120_000);

  afterAll(async () => {
    depopulate(world);
    await cluster?.close();
    await Promise.all([postgres?.close(), redis?.close()]);
  }, 60_000);

  beforeEach(() => allRunning(cluster), 60_000);

  const targets = () => ({ lb, ...Object.fromEntries(cluster.nodes.map((node) => [node.name, node.url])) });

  it('Redis stopped for 20 s: /readyz stays 200, messages are still acknowledged, every socket resyncs after and catches up', async () => {
    const watch = new ReadyzWatch(targets());
    const traffic = new Traffic(world.visitors, 'redis', INTERVAL_MS).start();
    await sleep(1500);
    const stoppedAt = Date.now();
    await redis?.stop();
    await sleep(5000);
    // During the outage: a new visitor activates and talks, an operator signs in.
    const late = new Visitor('late', lb, world.projectId);
    await late.activate();
    late.send('redis:late:1');
    const grant = await fetch(`${lb}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'cluster-admin@example.com', password: 'cluster admin password 1' }),
    });
    await sleep(Math.max(0, stoppedAt + 20_000 - Date.now()));
    const restartedAt = Date.now();
    // What the agents got live during the outage: messages of visitors on their own node, not those of other nodes.
    const live = { sameNode: 0, crossNode: 0, acked: 0 };
    for (const visitor of world.visitors)
      for (const [text, sent] of visitor.acked) {
        if (!text.startsWith('redis:') || Date.parse(sent.createdAt) < stoppedAt + 1000) continue;
        live.acked++;
        for (const agent of world.agents) {
          const got = agent.received.get(text);
          if (!got || got.at > restartedAt) continue;
          if (got.node === visitor.current?.node) live.sameNode++;
          else live.crossNode++;
        }
      }
    await redis?.start();
    // Every agent is told to resync (each node's bus recovers and publishes one), and catches up.
    await until(() => world.agents.every((agent) => agent.resyncs.some((at) => at > restartedAt)), 'a resync at every agent', 20_000);
    const resyncedAfter = Math.max(...world.agents.map((agent) => (agent.resyncs.find((at) => at > restartedAt) ?? 0) - restartedAt));
    await sleep(2000);
    await traffic.stop();
    await watch.stop();
    const result = await ledger(world.databaseUrl, world.projectId, 'redis', [...world.visitors, late], world.agents, 15_000);
    const caughtUp = Math.max(
      ...world.agents.flatMap((agent) =>
        result.acked > 0 ? [...agent.received].filter(([text]) => text.startsWith('redis:')).map(([, got]) => got.at - restartedAt) : [],
      ),
    );
    console.log(
      `Redis down 20 s: a new visitor activated during the outage (${late.problems.length === 0 ? 'ok' : late.problems.join('; ')}), ` +
        `a password grant answered ${grant.status}; of ${live.acked} messages acknowledged during the outage (to ${world.agents.length} agents each), agents received ${live.sameNode} ` +
        `live from visitors on their own node and ${live.crossNode} from visitors on other nodes; resync at every agent within ${ms(resyncedAfter)} of Redis ` +
        `answering again, every message at every agent ${ms(caughtUp)} after; ` +
        `${result.acked} messages acknowledged in all\n  /readyz through the balancer: ${watch.timeline('lb', stoppedAt).join(' → ')}\n  ` +
        cluster.nodes.map((node) => `/readyz ${node.name}: ${watch.timeline(node.name, stoppedAt).join(' → ')}`).join('\n  '),
    );
    late.close();
    expect(grant.status).toBe(200);
    expect(live.acked).toBeGreaterThan(0);
    // Each node still delivers to its own sockets; the other nodes' messages come with the resync.
    expect(live.sameNode).toBeGreaterThan(0);
    // Redis is not part of readiness: no node left rotation.
    expect(watch.changes.filter((change) => change.answer.status !== 200)).toEqual([]);
    expectClean(result, cluster);
    expectDeliveredOnce(world.visitors);
  }, 90_000);

  it('PostgreSQL restarted: clear, retryable errors while it is down, /readyz 503, automatic recovery, nothing acknowledged lost', async () => {
    const watch = new ReadyzWatch(targets());
    const traffic = new Traffic(world.visitors, 'postgres', INTERVAL_MS).start();
    await sleep(1500);
    const stoppedAt = Date.now();
    await postgres?.stop();
    // While it is down: what GraphQL answers through the balancer, once every node is out of rotation too.
    await until(
      async () => {
        const servers = await cluster.haproxy.servers();
        return cluster.nodes.every((node) => /^DOWN/.test(servers[node.name]?.status ?? ''));
      },
      'every node out of rotation',
      10_000,
      50,
    );
    const allDownAfter = Date.now() - stoppedAt;
    const during = await graphql(lb, 'mutation($p: ID!) { s: visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid } }', {
      p: world.projectId,
    });
    const socketDuring = await openVisitorSocket(lb, world.visitors[0]?.token ?? '').then(
      () => 'ready',
      (error: Error) => error.message,
    );
    await sleep(Math.max(0, stoppedAt + 5000 - Date.now()));
    const startedAt = Date.now();
    await postgres?.start();
    await cluster.inRotation(undefined, 30_000);
    const backInRotation = Date.now() - startedAt;
    await sleep(2000);
    await traffic.stop(45_000);
    await watch.stop();
    const result = await ledger(world.databaseUrl, world.projectId, 'postgres', world.visitors, world.agents, 15_000);
    const sdkSockets = world.visitors.flatMap((visitor) =>
      visitor.sockets.filter((record) => (record.closedAt ?? Date.now()) >= stoppedAt),
    );
    const errorFrames = countBy(sdkSockets.flatMap((record) => record.errorFrames));
    const closedDuring = countBy(sdkSockets.filter((record) => record.closedAt !== null).map((record) => record.code));
    console.log(
      `PostgreSQL stopped 5 s then started: every node out of rotation after ${ms(allDownAfter)}; meanwhile an activation through the balancer answered ` +
        `HTTP ${during.status} ${during.errors?.[0]?.extensions?.name ?? during.errors?.[0]?.extensions?.code} (Retry-After ${during.retryAfter}, from ${during.node}), ` +
        `a new socket's auth: ${socketDuring}; the SDK pages got error frames ${JSON.stringify(errorFrames)} (resent by the SDK) and socket closes ` +
        `${JSON.stringify(closedDuring)}; back in rotation ${ms(backInRotation)} after PostgreSQL started; ${result.acked} messages acknowledged\n  ` +
        `/readyz through the balancer: ${watch.timeline('lb', stoppedAt).join(' → ')}\n  ` +
        cluster.nodes.map((node) => `/readyz ${node.name}: ${watch.timeline(node.name, stoppedAt).join(' → ')}`).join('\n  '),
    );
    // Clear and retryable, in Parley's terms (the balancer fails open to the nodes when none is ready).
    expect(during.status).toBe(503);
    expect(during.retryAfter).not.toBeNull();
    expect(during.errors?.[0]?.extensions?.name ?? during.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(socketDuring).toMatch(/1011/);
    for (const node of cluster.nodes) {
      const answers = watch.changes.filter((change) => change.target === node.name).map((change) => change.answer);
      expect(answers.some((answer) => answer.status === 503 && /database/.test(answer.body))).toBe(true);
      expect(answers.at(-1)?.status).toBe(200);
    }
    expectClean(result, cluster);
    expectDeliveredOnce(world.visitors);
  }, 120_000);
});

/** The current platform key (the first of the JWKS), through the balancer. */
async function currentPlatformKey(url: string): Promise<Record<string, unknown>> {
  const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
  return jwks.keys[0] as Record<string, unknown>;
}

/** Every node running and in rotation: a scenario that failed half-way may have left one stopped. */
async function allRunning(cluster: Cluster): Promise<void> {
  await Promise.all(cluster.nodes.filter((node) => !node.running).map((node) => node.start()));
  await cluster.inRotation();
}

/** The node holding the most visitor sockets now. */
function busiestNode(cluster: Cluster, visitors: readonly Visitor[]): ClusterNode {
  const counts = countBy(visitors.map((visitor) => visitor.current?.node ?? null));
  const name = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0];
  return cluster.node(name ?? 'node1');
}

function countBy<T>(values: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}
