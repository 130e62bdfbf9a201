/**
 * npm run cluster [-- --port 8080] [--verbose] [--keep-database]
 *
 * Three `parley serve` nodes (the built CLI: run `npm run build` first) behind HAProxy with
 * deploy/haproxy.cfg, on a fresh database in the local PostgreSQL and the local Redis (a key prefix
 * of its own): the cluster of the cluster test, to try by hand. Prints the balancer's URL, the
 * admin's sign-in, a project to point the SDK at, and the nodes' process ids: `kill -TERM <pid>` shows
 * a graceful shutdown (the node leaves HAProxy's rotation, its sockets reconnect elsewhere), `kill -9
 * <pid>` a crash; a node that exits is started again after a second, as a process manager would.
 * HAProxy's view of the nodes is printed whenever it changes. Ctrl+C stops everything, drops the
 * database (unless --keep-database) and deletes the run's Redis keys.
 *
 * PostgreSQL and Redis: PARLEY_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test,
 * where the database is created) and PARLEY_TEST_REDIS_URL (default redis://127.0.0.1:6379).
 */
import { parseArgs } from 'node:util';
import { adminBearer, createProject } from '../test/cluster/clients.js';
import {
  ADMIN,
  type Cluster,
  clearRedisPrefix,
  createDatabase,
  SHARED_DATABASE_URL,
  SHARED_REDIS_URL,
  startCluster,
} from '../test/cluster/harness.js';

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    verbose: { type: 'boolean', default: false },
    'keep-database': { type: 'boolean', default: false },
  },
});
const port = Number(flags.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port: a port number (0: any free one)');

console.error(`starting 3 nodes on a fresh database in ${SHARED_DATABASE_URL.replace(/\/[^/]*$/, '/…')} and Redis ${SHARED_REDIS_URL}…`);
const database = await createDatabase('parley_cluster');
let cluster: Cluster;
try {
  cluster = await startCluster({
    databaseUrl: database.url,
    redisUrl: SHARED_REDIS_URL,
    ...(port === 0 ? {} : { lbPort: port }),
    echo: flags.verbose,
  });
} catch (error) {
  await database.drop();
  const message = (error as Error).message;
  console.error(/cannot bind|Address already in use/i.test(message) ? `port ${port} is in use: pass --port N (0: any free port)` : message);
  process.exit(1);
}
const lb = cluster.lbUrl;
const bearer = await adminBearer(lb);
const projectId = await createProject(lb, bearer, 'Demo shop');

let stopping = false;
// A node that exits (a crash, `kill -TERM`) is started again, as `restart: always` would.
for (const node of cluster.nodes) {
  const watch = (): void => {
    void node.exited.then(async (exit) => {
      if (stopping) return;
      console.error(`${node.name} exited (${exit.code ?? exit.signal}); starting it again in 1 s`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (stopping) return;
      try {
        await node.start();
        console.error(`${node.name} is listening again (pid ${node.pid})`);
      } catch (error) {
        console.error(`${node.name} did not start: ${(error as Error).message}`);
      }
      watch();
    });
  };
  watch();
}

// HAProxy's view, printed when it changes.
let seen = '';
const states = setInterval(() => {
  cluster.haproxy
    .servers()
    .then((servers) => {
      const line = cluster.nodes
        .map((node) => `${node.name} ${servers[node.name]?.status} (${servers[node.name]?.current} conn)`)
        .join(', ');
      const key = line.replace(/\(\d+ conn\)/g, '');
      if (key !== seen) console.error(`HAProxy: ${line}`);
      seen = key;
    })
    .catch(() => {});
}, 500);

console.log(`
Parley cluster: 3 nodes behind HAProxy (deploy/haproxy.cfg)

  balancer      ${lb}        (every client talks to this)
  admin console ${lb}/admin  sign in as ${ADMIN.email} / ${ADMIN.password}
  agent desk    ${lb}/desk
  project id    ${projectId}  (anonymous visitors allowed)
  SDK           <script>window.parleyInterface = [];
                parleyInterface.config = { projectId: '${projectId}', serverUrl: '${lb}' };</script>
                <script async src="${lb}/sdk/parley.js"></script>
  nodes         ${cluster.nodes.map((node) => `${node.name} ${node.url} (pid ${node.pid})`).join('\n                ')}
  which node    every answer names it: curl -si ${lb}/readyz | grep -i x-parley-node
  HAProxy       echo "show stat" | socat stdio ${cluster.scratch}/haproxy.sock   (if socat is installed)

Try kill -TERM or kill -9 on a node's pid (it comes back after a second). Ctrl+C stops everything.
`);

async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(states);
  console.error('\nstopping: the nodes shut down gracefully (about 3 s)…');
  // The terminal's Ctrl+C reached the nodes too; a SIGTERM covers a `kill` of this process alone.
  for (const node of cluster.nodes) node.terminate();
  await Promise.race([Promise.all(cluster.nodes.map((node) => node.exited)), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  await cluster.close();
  if (flags['keep-database']) console.error(`kept the database: ${database.url}`);
  else await database.drop().catch((error: Error) => console.error(`could not drop the database: ${error.message}`));
  await clearRedisPrefix(SHARED_REDIS_URL, cluster.redisPrefix).catch(() => {});
  console.error('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
