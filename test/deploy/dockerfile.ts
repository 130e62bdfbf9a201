// Reads what deploy/Dockerfile's run stage sets, so tests run `parley serve` the way the image does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const deployDir = new URL('../../deploy/', import.meta.url).pathname;

export interface RunStage {
  /** The `FROM` image of the last stage. */
  base: string;
  env: Record<string, string>;
  /** ENTRYPOINT followed by CMD, as the container starts. */
  command: string[];
  user: string;
  healthcheck: string[];
  volumes: string[];
}

/** Instructions with their line continuations joined, comments dropped. */
export function instructions(dockerfile: string): { keyword: string; args: string }[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

export function runStage(): RunStage {
  const all = instructions(readFileSync(join(deployDir, 'Dockerfile'), 'utf8'));
  const lastFrom = all.map((instruction) => instruction.keyword).lastIndexOf('FROM');
  const stage = all.slice(lastFrom);
  const json = (keyword: string) => JSON.parse(stage.find((instruction) => instruction.keyword === keyword)?.args ?? '[]') as string[];
  const env: Record<string, string> = {};
  for (const { args } of stage.filter((instruction) => instruction.keyword === 'ENV')) {
    for (const [, key = '', value = ''] of args.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
  }
  const healthcheck = stage.find((instruction) => instruction.keyword === 'HEALTHCHECK')?.args ?? '';
  return {
    base: stage[0]?.args ?? '',
    env,
    command: [...json('ENTRYPOINT'), ...json('CMD')],
    user: stage.find((instruction) => instruction.keyword === 'USER')?.args ?? 'root',
    healthcheck: JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim() || '[]') as string[],
    volumes: stage.filter((instruction) => instruction.keyword === 'VOLUME').map((instruction) => instruction.args),
  };
}
