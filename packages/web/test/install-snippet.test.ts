import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installSnippet } from '../src/admin/project/install-snippet.js';

const reference = readFileSync(new URL('../../../docs/reference/sdk.md', import.meta.url), 'utf8');

/** The first html block under "## Script tag" of the SDK reference. */
function referenceTag(): string {
  const section = reference.slice(reference.indexOf('## Script tag'));
  const block = /```html\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!block) throw new Error('docs/reference/sdk.md has no html block under "## Script tag"');
  return block;
}

describe("the admin's install snippet", () => {
  it("is the SDK reference's complete script tag, with the project's id and the server's origin", () => {
    const expected = referenceTag()
      .replace("projectId: 'your-project-id'", "projectId: 'p-123'")
      .replace('https://chat.example.com/sdk/parley.js', 'https://parley.brand.example/sdk/parley.js');
    expect(installSnippet('p-123', 'https://parley.brand.example')).toBe(expected);
  });

  it('keeps what makes a failure visible: the 401 and !response.ok checks, and the logout before a sign-out', () => {
    const tag = installSnippet('p', 'https://x.example');
    for (const part of ['response.status === 401', '!response.ok', 'parley.logout()', 'logs one console warning'])
      expect(tag).toContain(part);
  });
});
