import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, parsePlain, safeHref } from '../src/widget/markdown-parser.js';

describe('the markdown subset', () => {
  it('parses bold, italic, code and links into data', () => {
    expect(parseInline('**Order** ships _today_, see [tracking](https://x.example/t?a=1) or `code *not bold*`')).toEqual([
      { kind: 'strong', children: [{ kind: 'text', text: 'Order' }] },
      { kind: 'text', text: ' ships ' },
      { kind: 'em', children: [{ kind: 'text', text: 'today' }] },
      { kind: 'text', text: ', see ' },
      { kind: 'link', href: 'https://x.example/t?a=1', children: [{ kind: 'text', text: 'tracking' }] },
      { kind: 'text', text: ' or ' },
      { kind: 'code', text: 'code *not bold*' },
    ]);
  });

  it('links bare https URLs without their trailing punctuation', () => {
    expect(parseInline('Go to https://shop.example/a.')).toEqual([
      { kind: 'text', text: 'Go to ' },
      { kind: 'link', href: 'https://shop.example/a', children: [{ kind: 'text', text: 'https://shop.example/a' }] },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps unsafe links as plain text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<b>',
      'vbscript:x',
      '//evil.example',
      'java\tscript:alert(1)',
    ])
      expect(safeHref(href), href).toBeNull();
    const unsafe = parseInline('[x](javascript:alert(1)) [y](data:text/html,hi)');
    expect(unsafe.every((node) => node.kind === 'text')).toBe(true);
    expect(unsafe.map((node) => (node.kind === 'text' ? node.text : '')).join('')).toBe('[x](javascript:alert(1)) [y](data:text/html,hi)');
    expect(safeHref('mailto:help@shop.example')).toBe('mailto:help@shop.example');
  });

  it('does not treat snake_case words or lone stars as emphasis', () => {
    expect(parseInline('order_id and 2 * 3 * 4')).toEqual([{ kind: 'text', text: 'order_id and 2 * 3 * 4' }]);
  });

  it('splits paragraphs, line breaks and lists', () => {
    expect(parseMarkdown('Hello\nthere\n\n- one\n- **two**')).toEqual([
      { kind: 'paragraph', lines: [[{ kind: 'text', text: 'Hello' }], [{ kind: 'text', text: 'there' }]] },
      { kind: 'list', items: [[{ kind: 'text', text: 'one' }], [{ kind: 'strong', children: [{ kind: 'text', text: 'two' }] }]] },
    ]);
  });

  it("keeps a link's words plain: no link inside a link", () => {
    expect(parseInline('[see https://a.example **now**](https://b.example)')).toEqual([
      { kind: 'link', href: 'https://b.example/', children: [{ kind: 'text', text: 'see https://a.example **now**' }] },
    ]);
  });

  it('reads visitor text as plain text whose links show the address they open', () => {
    expect(parsePlain('**hi** [acme.example/account](https://evil.example)\nsee https://shop.example/a.')).toEqual([
      {
        kind: 'paragraph',
        lines: [
          [
            { kind: 'text', text: '**hi** [acme.example/account](' },
            { kind: 'link', href: 'https://evil.example/', children: [{ kind: 'text', text: 'https://evil.example/' }] },
            { kind: 'text', text: ')' },
          ],
          [
            { kind: 'text', text: 'see ' },
            { kind: 'link', href: 'https://shop.example/a', children: [{ kind: 'text', text: 'https://shop.example/a' }] },
            { kind: 'text', text: '.' },
          ],
        ],
      },
    ]);
  });

  it('nests emphasis at most 4 deep, so no message can exhaust the stack', () => {
    const depth = (nodes: ReturnType<typeof parseInline>): number =>
      Math.max(0, ...nodes.map((node) => ('children' in node ? 1 + depth(node.children) : 0)));
    expect(depth(parseInline('_'.repeat(5000)))).toBeLessThanOrEqual(4);
    expect(depth(parseInline('**_*a*_**'))).toBe(3);
  });

  it('shows a bare link as the address the browser opens (no look-alike host)', () => {
    expect(parseInline('https://аpple.com/login')).toEqual([
      { kind: 'link', href: 'https://xn--pple-43d.com/login', children: [{ kind: 'text', text: 'https://xn--pple-43d.com/login' }] },
    ]);
  });

  it('parses adversarial 5,000-character messages quickly', () => {
    for (const text of [
      '*'.repeat(5000),
      '_a'.repeat(2500),
      '**a'.repeat(1666),
      '['.repeat(5000),
      '[a]('.repeat(1250),
      '`'.repeat(5000),
      `${'* a '.repeat(1250)}`,
    ]) {
      const started = performance.now();
      parseMarkdown(text);
      expect(performance.now() - started, text.slice(0, 8)).toBeLessThan(200);
    }
  });
});
