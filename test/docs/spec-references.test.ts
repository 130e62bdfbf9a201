// The product specification is docs/spec.md, and code and documents cite its sections as `spec §6.2`
// (a list goes on as `spec §5.4, §9.4` or `spec §2 and §4.1`). A citation of a section that has no
// heading there fails here, naming the file and line; so do the citations of the old external contract
// (the upper-case word, its file name, the directory it lived in), a relative link of docs/spec.md that
// leads nowhere, and a link to a section of docs/spec.md whose text names another section.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { headingsOf, slug } from '../helpers/markdown.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPEC = join(ROOT, 'docs/spec.md');
const SELF = relative(ROOT, fileURLToPath(import.meta.url));

/** Files that may hold a citation: sources, docs, schemas, configuration, scripts. */
const SCANNED = /\.(ts|tsx|mts|cts|js|mjs|cjs|md|graphql|gql|ya?ml|json|html|css|sh|py|pl|txt)$/;

/** Every file git tracks, or would track (new files not yet added), that may hold a citation. */
function scannedFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(listed.split('\0'))]
    .filter((path) => SCANNED.test(path) && !/(^|\/)(node_modules|dist)\//.test(path) && path !== 'package-lock.json')
    .filter((path) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile());
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The numbered sections of the specification: `## 6. Identity …` is 6, `### 6.2 Sign-in …` is 6.2; each with its anchor. */
function specSections(): Map<string, string> {
  const sections = new Map<string, string>();
  for (const heading of headingsOf(readFileSync(SPEC, 'utf8'))) {
    const number = /^(\d+(?:\.\d+)*)\.?\s/.exec(heading)?.[1];
    if (number) sections.set(number, slug(heading));
  }
  return sections;
}

/** `spec §5.4, §9.4` and `spec §2 and §4.1`: the whole citation, then each section number in it. */
const CITATION = /\b[Ss]pec (§\d+(?:\.\d+)*(?:(?:, (?:and )?| and )§\d+(?:\.\d+)*)*)/g;
const sectionsIn = (citation: string) => [...citation.matchAll(/§(\d+(?:\.\d+)*)/g)].map((match) => match[1] as string);

interface Citation {
  where: string;
  section: string;
}

function citationsIn(path: string, text: string): Citation[] {
  const lines = text.split('\n');
  return lines.flatMap((line, index) =>
    [...line.matchAll(CITATION)].flatMap((match) =>
      sectionsIn(match[1] as string).map((section) => ({ where: `${path}:${index + 1}`, section })),
    ),
  );
}

/**
 * The old external contract: `SPEC §n` and the bare upper-case word (its file name included), the
 * notes that came with it, and the directory both were read from (any mention in a document; in code,
 * the paths to those files, since a `../shared/` import is another matter).
 */
const OLD_CONTRACT = [/\bSPEC\b(?: §\d+(?:\.\d+)*)?/, /\bARCHITECTURE\.md\b/, /\/work\/shared\b/, /\bshared\/(SPEC|ARCHITECTURE)/];
const OLD_CONTRACT_IN_DOCS = [...OLD_CONTRACT, /\.\.\/shared\b/];

/** Relative links of a Markdown text, outside code blocks, with the line they are on. */
function linksOf(text: string): { line: number; label: string; target: string }[] {
  const withoutCode = text.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ' '));
  return withoutCode
    .split('\n')
    .flatMap((line, index) =>
      [...line.matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)]
        .map((match) => ({ line: index + 1, label: match[1] as string, target: match[2] as string }))
        .filter((link) => !/^[a-z][a-z0-9+.-]*:/.test(link.target)),
    );
}

const files = scannedFiles();
const sections = specSections();

describe('docs/spec.md', () => {
  it('numbers its sections 1 to 12, each subsection under its section, none twice', () => {
    const numbers = headingsOf(readFileSync(SPEC, 'utf8'))
      .map((heading) => /^(\d+(?:\.\d+)*)\.?\s/.exec(heading)?.[1])
      .filter((number) => number !== undefined);
    expect(numbers.filter((number, index) => numbers.indexOf(number) !== index)).toEqual([]);
    const top = numbers.filter((number) => !number.includes('.'));
    expect(top).toEqual(Array.from({ length: 12 }, (_, index) => String(index + 1)));
    expect(numbers.filter((number) => number.includes('.') && !sections.has(number.slice(0, number.lastIndexOf('.'))))).toEqual([]);
  });

  it('links to files and headings that exist', () => {
    const text = readFileSync(SPEC, 'utf8');
    expect(linksOf(text).length).toBeGreaterThan(10);
    const broken: string[] = [];
    for (const { line, target } of linksOf(text)) {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path === '' ? SPEC : resolve(dirname(SPEC), path);
      if (!existsSync(file)) broken.push(`docs/spec.md:${line} → ${target} (no such file)`);
      else if (anchor && file.endsWith('.md') && !headingsOf(readFileSync(file, 'utf8')).map(slug).includes(anchor))
        broken.push(`docs/spec.md:${line} → ${target} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });

  it('cites only its own sections when it refers to one (§n in its text)', () => {
    const text = readFileSync(SPEC, 'utf8').replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ' '));
    const missing = text
      .split('\n')
      .flatMap((line, index) =>
        [...line.matchAll(/§(\d+(?:\.\d+)*)/g)].map((match) => ({ where: `docs/spec.md:${index + 1}`, section: match[1] as string })),
      )
      .filter(({ section }) => !sections.has(section))
      .map(({ where, section }) => `${where} cites §${section}`);
    expect(missing).toEqual([]);
  });
});

describe('citations of the specification', () => {
  it('scans the repository', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain('docs/spec.md');
  });

  it('cite sections that docs/spec.md has', () => {
    const citations = files.flatMap((path) => citationsIn(path, read(path)));
    expect(citations.length).toBeGreaterThan(50);
    const missing = citations
      .filter(({ section }) => !sections.has(section))
      .map(({ where, section }) => `${where} cites spec §${section}, which docs/spec.md has no heading for`);
    expect(missing).toEqual([]);
  });

  it('no longer point at the external contract', () => {
    const old: string[] = [];
    for (const path of files.filter((file) => file !== SELF)) {
      read(path)
        .split('\n')
        .forEach((line, index) => {
          const found = (path.endsWith('.md') ? OLD_CONTRACT_IN_DOCS : OLD_CONTRACT).find((pattern) => pattern.test(line));
          if (found) old.push(`${path}:${index + 1} names ${found.exec(line)?.[0]}: cite docs/spec.md as "spec §n" instead`);
        });
    }
    expect(old).toEqual([]);
  });

  it('link to the section their text names', () => {
    const wrong: string[] = [];
    for (const path of files.filter((file) => file.endsWith('.md'))) {
      for (const { line, label, target } of linksOf(read(path))) {
        const [file, anchor] = target.split('#') as [string, string | undefined];
        if (file === '' || resolve(ROOT, dirname(path), file) !== SPEC) continue;
        const named = /§(\d+(?:\.\d+)*)/.exec(label)?.[1];
        const where = `${path}:${line} → ${target}`;
        if (anchor === undefined) {
          if (named) wrong.push(`${where}: "${label}" links to the whole specification`);
        } else if (![...sections.values()].includes(anchor) && !headingsOf(readFileSync(SPEC, 'utf8')).map(slug).includes(anchor))
          wrong.push(`${where}: docs/spec.md has no such heading`);
        else if (named && sections.get(named) !== anchor)
          wrong.push(`${where}: "${label}" names §${named}, whose anchor is #${sections.get(named)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
