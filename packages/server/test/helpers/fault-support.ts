import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Shared plumbing of the fault helpers (private-postgres, private-redis, small-filesystem):
// scratch directories that are always cleaned up, process-tree signals, polling.
//
// Cleanup never goes by process name: everything a helper starts runs with its working
// directory inside that helper's scratch directory (/tmp/parley-fault-*), so "the processes
// whose cwd is under the scratch directory" are exactly ours. The shared PostgreSQL/Redis
// of the machine run elsewhere and can never match.

/** Every scratch directory is named like this; the reaper refuses anything else. */
const SCRATCH_PREFIX = 'parley-fault-';

/**
 * The reaper, as a plain CommonJS script run by `node -e` (so it also works when this
 * process is already gone). `now ROOT…` reaps at once; `watch ROOT` reaps when its stdin
 * reaches EOF, which happens when the process that started it dies, however it dies.
 * Reaping: SIGCONT everything under the roots (nothing stays paused), SIGQUIT a postmaster
 * (immediate shutdown, which frees its shared memory), SIGTERM the rest, SIGKILL what is
 * left after 3 s, lazily unmount what is mounted under the roots, remove the roots.
 */
const REAPER = String.raw`'use strict';
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const [mode, ...given] = process.argv.slice(1);
const roots = given.filter((root) => /^\/.+\/parley-fault-[^/]+$/.test(root));
const under = (path, root) => {
  const clean = path.replace(/ \(deleted\)$/, '');
  return clean === root || clean.startsWith(root + '/');
};
const inside = () => {
  const found = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cwd;
    try { cwd = fs.readlinkSync('/proc/' + name + '/cwd'); } catch { continue; }
    if (roots.some((root) => under(cwd, root))) found.push(Number(name));
  }
  return found;
};
const parentOf = (pid) => {
  try {
    const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch { return 0; }
};
const signal = (pids, name) => { for (const pid of pids) { try { process.kill(pid, name); } catch {} } };
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const settle = (ms) => {
  const end = Date.now() + ms;
  let left = inside();
  while (left.length > 0 && Date.now() < end) { sleep(20); left = inside(); }
  return left;
};
const reap = () => {
  if (roots.length === 0) return;
  const pids = inside();
  signal(pids, 'SIGCONT');
  const leaders = [];
  for (const root of roots) {
    try {
      const pid = Number(fs.readFileSync(root + '/data/postmaster.pid', 'utf8').split('\n')[0]);
      if (pids.includes(pid)) leaders.push(pid);
    } catch {}
  }
  signal(leaders, 'SIGQUIT');
  signal(pids.filter((pid) => !leaders.includes(pid) && !leaders.includes(parentOf(pid))), 'SIGTERM');
  signal(settle(3000), 'SIGKILL');
  settle(2000);
  const decode = (path) => path.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
  const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n')
    .map((line) => decode(line.split(' ')[1] || ''))
    .filter((path) => path && roots.some((root) => under(path, root)))
    .sort((a, b) => b.length - a.length);
  for (const path of mounts) spawnSync('umount', ['-l', path], { stdio: 'ignore' });
  for (const root of roots) { try { fs.rmSync(root, { recursive: true, force: true }); } catch {} }
};
if (mode === 'now') reap();
if (mode === 'watch') {
  let done = false;
  const go = () => { if (done) return; done = true; reap(); process.exit(0); };
  process.stdin.on('end', go).on('close', go).on('error', go).resume();
}
`;

/** Environment of the reaper: nothing inherited (no NODE_OPTIONS loaders); the script itself rides in it, so `ps` stays readable. */
const REAPER_ENV = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', PARLEY_FAULT_REAPER: REAPER };
const REAPER_ARGS = ['-e', 'eval(process.env.PARLEY_FAULT_REAPER)'];

/** Scratch directories not cleaned up yet, with the watchdog guarding each. */
const guarded = new Map<string, ChildProcess>();
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

function onExit(): void {
  const roots = [...guarded.keys()];
  if (roots.length === 0) return;
  spawnSync(process.execPath, [...REAPER_ARGS, 'now', ...roots], { env: REAPER_ENV, stdio: 'ignore', timeout: 15_000 });
  for (const watchdog of guarded.values()) watchdog.kill('SIGKILL');
  guarded.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  onExit();
  unlisten();
  // Nobody else handles it: die of it, as without us (vitest stops its fork workers with SIGTERM).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function listen(): void {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function unlisten(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** A TCP port on 127.0.0.1 nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A new empty /tmp/parley-fault-KIND-* directory (real path), owned by `owner` if given, guarded until `releaseScratchDir`. */
export function makeScratchDir(kind: string, owner?: { uid: number; gid: number }): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `${SCRATCH_PREFIX}${kind}-`)));
  if (owner) chownSync(root, owner.uid, owner.gid);
  guardScratchDir(root);
  return root;
}

/** Reaps `root` if this process exits, is signalled or dies (a detached watchdog notices the latter). */
function guardScratchDir(root: string): void {
  if (guarded.size === 0) listen();
  const watchdog = spawn(process.execPath, [...REAPER_ARGS, 'watch', root], {
    cwd: '/',
    env: REAPER_ENV,
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  watchdog.stdin?.on('error', () => {});
  guarded.set(root, watchdog);
}

/** Kills every process working under `root`, unmounts what is mounted under it and removes it; ends its guard. */
export async function releaseScratchDir(root: string): Promise<void> {
  await new Promise<void>((resolve) => {
    execFile(process.execPath, [...REAPER_ARGS, 'now', root], { env: REAPER_ENV, timeout: 15_000 }, () => resolve());
  });
  guarded.get(root)?.kill('SIGKILL');
  guarded.delete(root);
  if (guarded.size === 0) unlisten();
}

/** The pids of the processes whose working directory is `root` or below (what `releaseScratchDir` would kill). */
export function processesUnder(root: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = readlinkCwd(Number(name));
      if (cwd === root || cwd.startsWith(`${root}/`)) found.push(Number(name));
    } catch {}
  }
  return found;
}

function readlinkCwd(pid: number): string {
  return readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
}

/** The state letter of a process (R, S, D, T, Z…), or null once it is gone. */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** The children, grandchildren… of `pid` right now. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {}
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Polls `check` every 10 ms until it holds; rejects after `timeoutMs` with `what`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function send(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

const haltedOrGone = (pid: number) => {
  const state = processState(pid);
  return state === null || state === 'T' || state === 'Z' || state === 'X';
};

/** SIGSTOPs `leader`, then its whole tree (new children included), and resolves once all of it is stopped. */
export async function stopTree(leader: number): Promise<number[]> {
  if (!send(leader, 'SIGSTOP')) throw new Error(`process ${leader} is not running`);
  await waitUntil(() => haltedOrGone(leader), 5_000, `process ${leader} to stop`);
  // The leader is stopped, so it forks no more; a second pass catches a fork that raced the first.
  const stopped = [leader];
  for (let fresh = descendantsOf(leader); fresh.length > 0; fresh = descendantsOf(leader).filter((pid) => !stopped.includes(pid))) {
    for (const pid of fresh) if (send(pid, 'SIGSTOP')) stopped.push(pid);
  }
  await waitUntil(() => stopped.every(haltedOrGone), 5_000, `the tree of process ${leader} to stop`);
  return stopped;
}

/** SIGCONTs `pids` (children first, leader last) and whatever of the leader's tree is still stopped; resolves once none is stopped. */
export async function continueTree(pids: readonly number[]): Promise<void> {
  const leader = pids[0];
  const all = leader === undefined ? [...pids] : [...new Set([...pids, ...descendantsOf(leader)])];
  for (const pid of all.slice(1).reverse()) send(pid, 'SIGCONT');
  if (leader !== undefined) send(leader, 'SIGCONT');
  await waitUntil(() => all.every((pid) => processState(pid) !== 'T'), 5_000, 'stopped processes to continue');
}
