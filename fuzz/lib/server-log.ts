/**
 * Reads the server's JSON-line log after the run: its error lines (a client's bad WebSocket frames
 * are logged at info level, so every error line counts, those included), and the server-side time
 * of every HTTP request (`responseTime` of "request completed").
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Latencies, type LatencySummary } from './latency.js';

export interface ServerLogReport {
  /** Error and fatal lines. */
  errors: { count: number; first: string[] };
  /** Server-side time of HTTP requests, and the slowest ones. */
  responseTime: LatencySummary;
  overLimit: number;
  slowest: string[];
}

export async function readServerLog(path: string, limitMs: number): Promise<ServerLogReport> {
  const report: ServerLogReport = {
    errors: { count: 0, first: [] },
    responseTime: { count: 0, p50: 0, p99: 0, max: 0 },
    overLimit: 0,
    slowest: [],
  };
  const times = new Latencies();
  const slow: { ms: number; line: string }[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const time = /"responseTime":([\d.]+)/.exec(line);
    if (time) {
      const ms = Number(time[1]);
      times.add(ms);
      if (ms > limitMs) {
        report.overLimit++;
        slow.push({ ms, line: line.replace(/"(time|pid|hostname|reqId)":[^,]*,/g, '') });
        slow.sort((a, b) => b.ms - a.ms);
        slow.length = Math.min(slow.length, 5);
      }
    }
    if (!line.includes('"level":"error"') && !line.includes('"level":"fatal"')) continue;
    report.errors.count++;
    if (report.errors.first.length < 5) report.errors.first.push(line.length > 1500 ? `${line.slice(0, 1500)}…` : line);
  }
  report.responseTime = times.summary();
  report.slowest = slow.map(({ line }) => line.slice(0, 400));
  return report;
}
