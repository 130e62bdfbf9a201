/**
 * The markdown subset agents may write (widget-only, beyond the spec): paragraphs, line breaks, `- ` lists, **bold**,
 * *italic* / _italic_, `code` and links — [text](url) or a bare https URL. The result is a tree of plain data that
 * the widget renders as DOM nodes, never as HTML, so any markup in a message stays text.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block = { kind: 'paragraph'; lines: Inline[][] } | { kind: 'list'; items: Inline[][] };

const SAFE_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

/** The URL as the browser will use it, or null unless it is http(s) or mailto (no javascript:, data:, …). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

// Order matters: code first (its content is literal), then links, bold before italic.
const INLINE =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/gs;

/** Emphasis and links inside each other at most this deep; deeper markup stays text (no stack to exhaust). */
const MAX_DEPTH = 4;

export function parseInline(text: string, depth = 0): Inline[] {
  if (depth >= MAX_DEPTH) return [{ kind: 'text', text }];
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, code, linkText, linkHref, strong, star, underscore, bare] = match;
    if (match.index > last) out.push({ kind: 'text', text: text.slice(last, match.index) });
    last = match.index + whole.length;
    if (code !== undefined) out.push({ kind: 'code', text: code });
    else if (linkText !== undefined && linkHref !== undefined) {
      const href = safeHref(linkHref);
      // An unsafe link keeps its words and loses the link.
      // The link's words stay plain text: no link inside a link, no formatting that could hide its target.
      out.push(href ? { kind: 'link', href, children: [{ kind: 'text', text: linkText }] } : { kind: 'text', text: whole });
    } else if (strong !== undefined) out.push({ kind: 'strong', children: parseInline(strong, depth + 1) });
    else if (star !== undefined || underscore !== undefined)
      out.push({ kind: 'em', children: parseInline(star ?? underscore ?? '', depth + 1) });
    else if (bare !== undefined) {
      const href = safeHref(bare);
      // The text shown is the address the browser will open (an IDN host in punycode), not a look-alike.
      out.push(href ? { kind: 'link', href, children: [{ kind: 'text', text: href }] } : { kind: 'text', text: bare });
    }
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

const LIST_ITEM = /^\s*[-*•]\s+(.*)$/;

const BARE_LINK = /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/g;

/** Plain text with its bare http(s) links, each shown as the address it opens: for text nobody vouches for. */
export function parseLinks(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(BARE_LINK)) {
    const href = safeHref(match[0]);
    if (!href) continue;
    if (match.index > last) out.push({ kind: 'text', text: text.slice(last, match.index) });
    out.push({ kind: 'link', href, children: [{ kind: 'text', text: href }] });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** Paragraphs and line breaks only, links shown as their address: how agents see what visitors write. */
export function parsePlain(source: string): Block[] {
  return source
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((chunk) => chunk.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({ kind: 'paragraph', lines: lines.map(parseLinks) }));
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => LIST_ITEM.test(line))) {
      blocks.push({ kind: 'list', items: lines.map((line) => parseInline(LIST_ITEM.exec(line)?.[1] ?? '')) });
    } else blocks.push({ kind: 'paragraph', lines: lines.map(parseInline) });
  }
  return blocks;
}
