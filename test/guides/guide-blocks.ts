// The shell blocks of a guide, read from its Markdown, with what the guide says about running each.
//
// Every ```sh (or bash, shell) block runs, in order, in one bash, unless an HTML comment just above its
// fence (blank lines and other comments may sit between) says otherwise:
//
//   <!-- run: in the background; ready when http://localhost:3000 answers -->
//       a command that keeps running (a server): started in the background; the next block waits until
//       the URL answers 2xx; it is stopped when the guide ends.
//   <!-- run: never, <why> -->
//       not run (npm test, which runs this test); the reason is required.
//
// and a ```text block marked
//
//   <!-- run: output of the block above -->
//       is output the guide promises: each of its lines, in order, must be a line of what the nearest
//       shell block above printed (… stands for any text; leading and trailing spaces do not count).
import { readFileSync } from 'node:fs';

export type RunMode =
  | { kind: 'run' }
  | { kind: 'background'; readyUrl: string }
  | { kind: 'never'; why: string }
  | { kind: 'output' }
  /** A block of another language, with nothing to run. */
  | { kind: 'none' };

export interface GuideBlock {
  /** `README.md:42`: the file and the line of the opening fence. */
  where: string;
  lang: string;
  body: string;
  mode: RunMode;
}

const SHELLS = ['sh', 'bash', 'shell'];
const RUN = /^<!-- run: (.*\S) -->$/;
const BACKGROUND = /^in the background; ready when (https?:\/\/\S+) answers$/;
const NEVER = /^never, (.*\S)$/;
const OUTPUT = /^output of the block above$/;

/** The `run:` comments just above the fence at `index` (nearest last). */
function runComments(lines: string[], index: number): string[] {
  const found: string[] = [];
  for (let at = index - 1; at >= 0; at--) {
    const line = (lines[at] as string).trim();
    if (line === '') continue;
    if (!/^<!--.*-->$/.test(line)) break;
    const run = RUN.exec(line);
    if (run) found.unshift(run[1] as string);
  }
  return found;
}

function modeOf(where: string, lang: string, comments: string[]): RunMode {
  if (comments.length > 1) throw new Error(`${where}: more than one run: comment`);
  const [text] = comments;
  const shell = SHELLS.includes(lang);
  if (text === undefined) return shell ? { kind: 'run' } : { kind: 'none' };
  const background = BACKGROUND.exec(text);
  const never = NEVER.exec(text);
  if (shell && background) return { kind: 'background', readyUrl: background[1] as string };
  if (shell && never) return { kind: 'never', why: never[1] as string };
  if (!shell && OUTPUT.test(text)) return { kind: 'output' };
  throw new Error(
    `${where}: "run: ${text}" is not a run: comment this test knows for a ${lang || 'plain'} block (see test/guides/guide-blocks.ts)`,
  );
}

/** The fenced blocks of a Markdown file, in order, with their run modes. */
export function guideBlocks(path: string, name: string): GuideBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: GuideBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\S*)\s*$/.exec(lines[index] as string);
    if (!fence) continue;
    const end = lines.findIndex((line, at) => at > index && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`${name}:${index + 1}: a fence that is never closed`);
    const where = `${name}:${index + 1}`;
    const lang = fence[1] as string;
    blocks.push({ where, lang, body: lines.slice(index + 1, end).join('\n'), mode: modeOf(where, lang, runComments(lines, index)) });
    index = end;
  }
  return blocks;
}

/** Whether one line of promised output (… = any text) matches a printed line. */
function lineMatches(expected: string, printed: string): boolean {
  const pattern = expected
    .trim()
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(printed.trim());
}

/** The promised lines that are not printed, in order (each after the one before it). */
export function missingOutput(expected: string, printed: string): string[] {
  const lines = printed.split('\n');
  let from = 0;
  const missing: string[] = [];
  for (const want of expected.split('\n').filter((line) => line.trim() !== '')) {
    const at = lines.findIndex((line, index) => index >= from && lineMatches(want, line));
    if (at < 0) missing.push(want);
    else from = at + 1;
  }
  return missing;
}
