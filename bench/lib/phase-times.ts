import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** When one phase of a bench ran, in the clock of V8's CPU profiles (CLOCK_MONOTONIC, µs). */
export interface PhaseTime {
  server: string;
  phase: string;
  startUs: number;
  endUs: number;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** With --cpu-prof: when each phase ran, written to DIR/phases.json, to read a profile phase by phase. */
export class PhaseTimes {
  private readonly phases: PhaseTime[] = [];

  async timed<T>(server: string, phase: string, run: () => Promise<T>): Promise<T> {
    const startUs = nowUs();
    try {
      return await run();
    } finally {
      this.phases.push({ server, phase, startUs, endUs: nowUs() });
    }
  }

  /** Writes DIR/phases.json; answers its path. */
  write(dir: string): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'phases.json');
    writeFileSync(path, `${JSON.stringify(this.phases, null, 2)}\n`);
    return path;
  }
}
