// The licence travels with the code: the root LICENSE is the Apache License 2.0, word for word, and every
// package a user installs (every workspace not marked private, read from package.json at run time) carries
// the same file, a README of its own and `"license": "Apache-2.0"`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** SHA-256 of https://www.apache.org/licenses/LICENSE-2.0.txt (11,358 bytes, 202 lines). */
const APACHE_2_0_SHA256 = 'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30';

interface PackageJson {
  name: string;
  private?: boolean;
  license?: string;
  workspaces?: string[];
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
const rootPackage = readJson(join(ROOT, 'package.json'));

/** The workspace directories of the root package.json, a trailing `/*` expanded. */
function workspaceDirs(): string[] {
  return (rootPackage.workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(ROOT, parent))
      .map((name) => `${parent}/${name}`)
      .filter((dir) => statSync(join(ROOT, dir)).isDirectory());
  });
}

const published = workspaceDirs()
  .filter((dir) => existsSync(join(ROOT, dir, 'package.json')))
  .map((dir) => ({ dir, pkg: readJson(join(ROOT, dir, 'package.json')) }))
  .filter(({ pkg }) => pkg.private !== true);

describe('LICENSE', () => {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

  it('is the Apache License 2.0 at the root', () => {
    expect(license.trimStart()).toMatch(/^Apache License\n\s+Version 2\.0, January 2004\n\s+http:\/\/www\.apache\.org\/licenses\/\n/);
    expect(license).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    // The appendix is the template, not filled in with one project's name.
    expect(license).toContain('Copyright [yyyy] [name of copyright owner]');
    expect(createHash('sha256').update(license).digest('hex')).toBe(APACHE_2_0_SHA256);
    expect(rootPackage.license).toBe('Apache-2.0');
  });

  it('finds the packages users install', () => {
    const names = published.map(({ pkg }) => pkg.name);
    expect(names).toEqual(
      expect.arrayContaining(['@parley/protocol', '@parley/token', '@parley/server', '@parley/sdk', '@parley/web', 'parley']),
    );
    expect(names).not.toContain('@parley/test-vectors');
  });

  it.each(published.map(({ dir, pkg }) => [pkg.name, dir, pkg] as const))(
    '%s (%s) has the LICENSE, a README and says Apache-2.0',
    (name, dir, pkg) => {
      const own = join(ROOT, dir, 'LICENSE');
      expect(existsSync(own), `${dir}/LICENSE is missing`).toBe(true);
      expect(readFileSync(own, 'utf8') === license, `${dir}/LICENSE differs from the root LICENSE`).toBe(true);
      const readme = join(ROOT, dir, 'README.md');
      expect(existsSync(readme), `${dir}/README.md is missing`).toBe(true);
      expect(readFileSync(readme, 'utf8').split('\n')[0], `${dir}/README.md starts with the package name`).toBe(`# ${name}`);
      expect(pkg.license).toBe('Apache-2.0');
    },
  );
});
