// Runs a guide's shell blocks as a reader would: in order, in one bash, in a fresh copy of the clone, with an
// environment that holds nothing the guide does not set. Long-running blocks go to the background until their
// URL answers; everything started is stopped at the end (the whole process group).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { GuideBlock } from './guide-blocks.js';

/**
 * What a fresh clone holds after `npm ci`, linked into the working directory: the guides' commands read
 * these, and write everything else (data dirs, keys, logs) beside them, never into the repository.
 */
const CLONE_ENTRIES = ['package.json', 'package-lock.json', '.npmrc', 'node_modules', 'packages', 'examples', 'test-vectors', 'docs'];

/** How long a background block has to answer at its URL. */
const READY_WITHIN_S = 60;

export interface GuideRun {
  /** bash's exit status (null when it was stopped at the time limit). */
  exitCode: number | null;
  timedOut: boolean;
  /** The block bash was in when it stopped (every block when it finished). */
  reached: GuideBlock | null;
  /** What each block that ran printed (stdout and stderr), by block. */
  output: Map<GuideBlock, string>;
  /** The copy of the clone it ran in (kept for a look when the guide failed). */
  workDir: string;
  /** Deletes the copy (links, data dirs, keys, logs), never what its links point to. */
  remove(): void;
}

/** The ports a guide names on localhost: they must be free before it runs (it uses them as written). */
export function portsOf(blocks: GuideBlock[]): number[] {
  const text = blocks
    .filter((block) => block.mode.kind === 'run' || block.mode.kind === 'background')
    .map((block) => `${block.body}\n${block.mode.kind === 'background' ? block.mode.readyUrl : ''}`)
    .join('\n');
  return [...new Set([...text.matchAll(/\blocalhost:(\d+)/g)].map((match) => Number(match[1])))].sort();
}

/** Whether something already listens on localhost:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: 'localhost', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A working directory that looks like the clone after `npm ci`, and a bin dir whose `npm ci` is already done. */
function freshClone(root: string): { base: string; workDir: string; binDir: string; home: string; state: string } {
  const base = mkdtempSync(join(tmpdir(), 'parley-guide-'));
  const workDir = join(base, 'clone');
  const binDir = join(base, 'bin');
  const home = join(base, 'home');
  const state = join(base, 'state');
  for (const dir of [workDir, binDir, home, state]) mkdirSync(dir);
  for (const entry of CLONE_ENTRIES) if (existsSync(join(root, entry))) symlinkSync(join(root, entry), join(workDir, entry));
  const npm = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'npm'))
    .find((path) => existsSync(path) && !path.startsWith(binDir));
  if (!npm) throw new Error('npm is not on PATH');
  // `npm ci` would reinstall the repository's node_modules through the link: this checkout is installed already.
  writeFileSync(
    join(binDir, 'npm'),
    `#!/bin/sh\nif [ "$1" = ci ]; then echo "(guide test: npm ci already done in this checkout)"; exit 0; fi\nexec ${JSON.stringify(npm)} "$@"\n`,
  );
  chmodSync(join(binDir, 'npm'), 0o755);
  return { base, workDir, binDir, home, state };
}

/** The bash script: every block in order, each one's output in its own file, the current block in a file. */
function scriptOf(blocks: GuideBlock[], state: string): string {
  const lines = [
    'set -euo pipefail',
    `__ready() { # URL PID LOG: waits until URL answers, while PID runs`,
    '  local tries=0',
    '  until curl -fsS -o /dev/null "$1" 2>/dev/null; do',
    '    if ! kill -0 "$2" 2>/dev/null; then echo "guide test: the block ended before $1 answered" >&2; return 1; fi',
    `    if [ $tries -ge ${READY_WITHIN_S * 5} ]; then echo "guide test: $1 did not answer within ${READY_WITHIN_S} s" >&2; return 1; fi`,
    '    tries=$((tries + 1)); sleep 0.2',
    '  done',
    '}',
  ];
  blocks.forEach((block, index) => {
    const log = JSON.stringify(join(state, `${index}.log`));
    lines.push(`echo ${index} > ${JSON.stringify(join(state, 'current'))}`);
    if (block.mode.kind === 'background') {
      lines.push('(', block.body, `) > ${log} 2>&1 &`, `__ready ${JSON.stringify(block.mode.readyUrl)} $! ${log}`);
    } else if (block.mode.kind === 'run') {
      lines.push('{', block.body, `} > ${log} 2>&1`);
    }
  });
  lines.push(`echo done > ${JSON.stringify(join(state, 'current'))}`);
  return `${lines.join('\n')}\n`;
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops bash and everything it started (one process group): SIGTERM, then SIGKILL after 10 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || !groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  for (let waited = 0; groupAlive(pgid) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

const running = new Set<ChildProcess>();

/** Stops every guide still running (for an afterAll, should a test end early). */
export async function stopAllGuides(): Promise<void> {
  await Promise.all([...running].map(stopGroup));
}

/** Runs the blocks, in order, with bash, within `timeoutMs`; stops what they started before it resolves. */
export async function runGuide(root: string, blocks: GuideBlock[], timeoutMs: number): Promise<GuideRun> {
  const { base, workDir, binDir, home, state } = freshClone(root);
  const script = join(state, 'guide.sh');
  writeFileSync(script, scriptOf(blocks, state));
  const env = {
    PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    TMPDIR: tmpdir(),
    LANG: 'C.UTF-8',
    // Only restrictions: never ask the npm registry (a command that is not in the clone fails instead).
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
  };
  // Its own process group (detached), so that the servers it leaves running can be stopped with it.
  const child = spawn('bash', [script], { cwd: workDir, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopGroup(child);
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearTimeout(timer);
  await stopGroup(child);
  running.delete(child);

  const current = readFileSync(join(state, 'current'), 'utf8').trim();
  const output = new Map<GuideBlock, string>();
  blocks.forEach((block, index) => {
    const log = join(state, `${index}.log`);
    if (existsSync(log)) output.set(block, readFileSync(log, 'utf8'));
  });
  const reached = current === 'done' ? null : (blocks[Number(current)] ?? null);
  if (stderr.trim() !== '' && reached) output.set(reached, `${output.get(reached) ?? ''}${stderr}`);
  return { exitCode, timedOut, reached, output, workDir, remove: () => rmSync(base, { recursive: true, force: true }) };
}
