import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  /** µs, in the clock of process.hrtime (CLOCK_MONOTONIC). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  /** Share of the sampled time in the range (idle included). */
  share: number;
}

/** Where a frame's code comes from: a package under node_modules, a Parley package, Node's internals, or V8's pseudo-frames. */
function originOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1] as string;
  const parley = /packages\/([^/]+)\/src\/(.+)$/.exec(url);
  if (parley) return `@parley/${parley[1]} ${(parley[2] as string).split('/')[0]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return url.replace(/^.*\//, '');
}

/**
 * The main thread's profile of a process (--cpu-prof writes one file per thread, the main thread's
 * with thread id 0), cut to [fromUs, toUs]: self time by origin and by function, largest first.
 */
export function summariseMainThread(
  dir: string,
  fromUs: number,
  toUs: number,
  top = 12,
): { origins: ProfileShare[]; functions: ProfileShare[] } {
  const file = readdirSync(dir).find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!file) throw new Error(`no main-thread profile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) return;
    const frame = frames.get(id);
    if (!frame) return;
    total += delta;
    const origin = originOf(frame.url, frame.functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + delta);
    const where = frame.url === '' ? '' : ` ${frame.url.replace(/^.*\/(node_modules|packages)\//, '')}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, share: total > 0 ? us / total : 0 }));
  return { origins: ranked(byOrigin), functions: ranked(byFunction) };
}
