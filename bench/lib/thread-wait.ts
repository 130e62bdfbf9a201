import { readFileSync } from 'node:fs';

/** A thread's time on a core and waiting in the run queue for one, ns (/proc/PID/task/TID/schedstat, Linux). */
function schedstat(pid: number, tid: number): { onCpu: number; waiting: number } | null {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return onCpu === undefined || waiting === undefined ? null : { onCpu, waiting };
  } catch {
    return null;
  }
}

/** Where a process's main thread spent a phase, in shares of the wall time: on a core, or runnable but waiting for one. */
export interface MainThreadTime {
  onCpu: number;
  /** Runnable, but every core was busy (other processes, the load generator, the server's own other threads). */
  waitingForCore: number;
}

/**
 * Measures the main thread of `pid` from now until stop(); null where schedstat is not available.
 * With the event loop's busy share, it tells a loop that computes from one that waits for a core
 * and one that blocks in system calls (disk I/O: busy − on a core − waiting for a core).
 */
export function mainThreadMeter(pid: number): { stop(): MainThreadTime | null } {
  const startAt = performance.now();
  const start = schedstat(pid, pid);
  return {
    stop() {
      const end = schedstat(pid, pid);
      if (!start || !end) return null;
      const wallNs = (performance.now() - startAt) * 1e6;
      return { onCpu: (end.onCpu - start.onCpu) / wallNs, waitingForCore: (end.waiting - start.waiting) / wallNs };
    },
  };
}
