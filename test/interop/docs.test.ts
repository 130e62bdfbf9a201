// The guides' code blocks are the sample files the other interop tests run: a block that differs from its file,
// a block that is neither a sample nor declared as not one, a broken link, or a name (environment variable,
// GraphQL field, CLI flag) that the code does not have fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingsOf, slug } from '../helpers/markdown.js';
import { ROOT } from './helpers/parley.js';

const DOCS = join(ROOT, 'docs');
/** The guides written around the samples: every block in them is a sample, or says why not. */
const GUIDES = ['README.md', 'quick-start.md', 'integration-guide.md', 'operations.md', 'migrating-from-iadvize.md'].map((name) =>
  join(DOCS, name),
);

const read = (path: string) => readFileSync(path, 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const REGION = /^\s*(?:#|\/\/|<!--)\s*(end)?region\b\s*([\w-]*)/;

/** A sample file, or the lines between `region NAME` and `endregion` (markers left out, common indentation removed). */
function sampleText(path: string, region?: string): string {
  const lines = read(join(ROOT, path)).replace(/\n+$/, '').split('\n');
  if (!region) return lines.join('\n');
  const start = lines.findIndex((line) => REGION.exec(line)?.[2] === region && !REGION.exec(line)?.[1]);
  if (start < 0) throw new Error(`${path} has no region "${region}"`);
  const end = lines.findIndex((line, index) => index > start && REGION.exec(line)?.[1] === 'end');
  const body = lines.slice(start + 1, end < 0 ? undefined : end);
  const indent = Math.min(...body.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return body.map((line) => line.slice(indent)).join('\n');
}

interface Block {
  doc: string;
  line: number;
  /** The comment just before the fence (blank lines skipped), if any. */
  marker: string | null;
  body: string;
}

/** Fenced code blocks of a Markdown file, with the HTML comment that precedes each. */
function blocksOf(doc: string): Block[] {
  const lines = read(doc).split('\n');
  const blocks: Block[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!/^```/.test(lines[index] as string)) continue;
    const end = lines.findIndex((line, at) => at > index && /^```\s*$/.test(line));
    let before = index - 1;
    while (before >= 0 && lines[before]?.trim() === '') before--;
    const marker = /^<!--.*-->$/.test(lines[before] ?? '') ? (lines[before] as string) : null;
    blocks.push({ doc, line: index + 1, marker, body: lines.slice(index + 1, end).join('\n') });
    index = end;
  }
  return blocks;
}

const SAMPLE_MARKER = /^<!-- sample: (\S+?)(?:#([\w-]+))? -->$/;
const NOT_A_SAMPLE = /^<!-- not-a-sample: (.+\S) -->$/;
const where = (block: Block) => `${relative(ROOT, block.doc)}:${block.line}`;
const allDocs = filesUnder(DOCS).filter((path) => path.endsWith('.md'));

const anchorsOf = (doc: string) => headingsOf(read(doc)).map(slug);

/** Relative links of a Markdown file: [text](target), outside code blocks. */
function linksOf(doc: string): string[] {
  const prose = read(doc).replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string).filter((target) => !/^[a-z]+:/.test(target));
}

describe('the guides and their samples', () => {
  it('embeds every sample exactly as its file says', () => {
    const mismatches: string[] = [];
    for (const block of allDocs.flatMap(blocksOf)) {
      const marker = SAMPLE_MARKER.exec(block.marker ?? '');
      if (!marker) continue;
      const expected = sampleText(marker[1] as string, marker[2]);
      if (block.body !== expected) mismatches.push(`${where(block)} differs from ${marker[1]}${marker[2] ? `#${marker[2]}` : ''}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('has no code block in the guides that is neither a sample nor says why it is not one', () => {
    const blocks = GUIDES.flatMap(blocksOf);
    expect(blocks.length).toBeGreaterThan(10);
    const unexplained = blocks.filter((block) => !SAMPLE_MARKER.test(block.marker ?? '') && !NOT_A_SAMPLE.test(block.marker ?? ''));
    expect(unexplained.map(where)).toEqual([]);
    // The exceptions are commands and output, not code a reader adapts.
    expect(blocks.filter((block) => NOT_A_SAMPLE.test(block.marker ?? '')).map((block) => block.body)).toEqual([
      'npm ci && npm start',
      expect.stringContaining('Parley demo is ready:'),
      'npm ci && npm test',
      expect.stringContaining('OK: the server accepts these credentials'),
      'sh docs/samples/shell/own-project.sh',
    ]);
  });

  it('shows or links every sample file somewhere', () => {
    const text = allDocs.map(read).join('\n');
    const samples = filesUnder(join(DOCS, 'samples')).map((path) => relative(DOCS, path));
    expect(samples.length).toBeGreaterThan(10);
    expect(samples.filter((path) => !text.includes(path))).toEqual([]);
  });

  it('links to files and headings that exist', () => {
    const broken: string[] = [];
    for (const doc of GUIDES) {
      for (const target of linksOf(doc)) {
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? doc : resolve(dirname(doc), path);
        let exists = false;
        try {
          statSync(file);
          exists = true;
        } catch {}
        if (!exists) broken.push(`${relative(ROOT, doc)} → ${target}`);
        else if (anchor && file.endsWith('.md') && !anchorsOf(file).includes(anchor))
          broken.push(`${relative(ROOT, doc)} → ${target} (no heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('indexes every document in docs/README.md', () => {
    const index = new Set(linksOf(join(DOCS, 'README.md')).map((target) => resolve(DOCS, target.split('#')[0] as string)));
    const documents = [
      ...allDocs.filter((path) => !path.includes('/samples/') && !path.endsWith('docs/README.md')),
      join(ROOT, 'SECURITY.md'),
    ];
    expect(documents.filter((path) => !index.has(path)).map((path) => relative(ROOT, path))).toEqual([]);
  });
});

describe('what the guides name exists', () => {
  const guides = GUIDES.map(read).join('\n');
  const code = (dir: string) =>
    filesUnder(join(ROOT, dir))
      .filter((path) => /\.(ts|mjs|js)$/.test(path))
      .map(read)
      .join('\n');

  it('npm start and npm test run what the quick start says', () => {
    const { scripts } = JSON.parse(read(join(ROOT, 'package.json'))) as { scripts: Record<string, string> };
    expect(scripts.start).toBe('parley serve --demo');
    expect(scripts.test).toBe('node scripts/test.mjs');
    expect(JSON.parse(read(join(ROOT, 'package.json'))).engines.node).toBe('>=20.19');
    // The Debian packages the quick start lists are the ones npm test installs.
    const testScript = read(join(ROOT, 'scripts/test.mjs'));
    const list = testScript.slice(
      testScript.indexOf('const PREREQUISITES'),
      testScript.indexOf('];', testScript.indexOf('const PREREQUISITES')),
    );
    const installed = [...list.matchAll(/name: '([^']+)'/g)].map((match) => match[1]).sort();
    const quickStart = read(join(DOCS, 'quick-start.md'));
    const listed = /these Debian packages: ([^.]+)\./.exec(quickStart)?.[1] ?? '';
    const packages = [...listed.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string).filter((name) => /^[a-z0-9.+-]+$/.test(name));
    expect(packages.sort()).toEqual(installed);
  });

  it('names only environment variables that the server, the CLI, npm test or a sample reads', () => {
    const readers = [
      code('packages/server/src'),
      code('packages/cli/src'),
      read(join(ROOT, 'scripts/test.mjs')),
      ...filesUnder(join(DOCS, 'samples')).map(read),
    ].join('\n');
    const names = new Set(guides.match(/\b(?:PARLEY_[A-Z_]+[A-Z]|DATABASE_URL|REDIS_URL)\b/g));
    expect(names.size).toBeGreaterThan(15);
    expect([...names].filter((name) => !readers.includes(name))).toEqual([]);
  });

  it('names only GraphQL fields that the schema has', () => {
    const schema = read(join(DOCS, 'reference/graphql.md'));
    const fields = new Set(
      [...guides.matchAll(/`((?:visitor|project|brandKey|platformKey|operator|testVisitor|authentication)[A-Za-z]*)(?:\(|`)/g)].map(
        (match) => match[1] as string,
      ),
    );
    expect(fields.size).toBeGreaterThan(5);
    expect([...fields].filter((field) => !new RegExp(`^\\s+${field}[(:]`, 'm').test(schema))).toEqual([]);
  });

  it('names only options that the parley command has', () => {
    const cli = code('packages/cli/src');
    const flags = new Set([
      ...guides
        .split('\n')
        .filter((line) => /\bparley (serve|keys|token)\b/.test(line))
        .flatMap((line) => line.match(/--[a-z][a-z-]*[a-z]/g) ?? []),
      ...[...guides.matchAll(/`(--[a-z][a-z-]*[a-z])`/g)].map((match) => match[1] as string),
    ]);
    expect(flags.size).toBeGreaterThan(5);
    expect([...flags].filter((flag) => !cli.includes(`'${flag}`))).toEqual([]);
  });

  it('names only routes that the server answers', () => {
    const server = code('packages/server/src') + code('packages/protocol/src');
    const routes = new Set([...guides.matchAll(/`(?:GET |POST )?(\/[a-z0-9.-]+(?:\/[a-z0-9.-]+)*)/g)].map((match) => match[1] as string));
    const known = [...routes].filter((route) =>
      /^\/(graphql|realtime|oauth2|\.well-known|sdk|desk|admin|healthz|readyz|metrics)/.test(route),
    );
    expect(known.length).toBeGreaterThan(6);
    expect(known.filter((route) => !server.includes(`'${route}`))).toEqual([]);
  });
});
