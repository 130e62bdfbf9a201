import { type Inline, parseMarkdown } from '../widget/markdown-parser.js';

const inlineText = (inline: Inline): string =>
  inline.kind === 'text' || inline.kind === 'code' ? inline.text : inline.children.map(inlineText).join('');

/**
 * An agent's markdown as the one line an inbox preview shows: emphasis and code marks dropped, a
 * link as its text, lines and list items joined by spaces. A visitor's text is shown as written.
 */
export function plainPreview(text: string, markdown: boolean): string {
  if (!markdown) return text.replace(/\s+/g, ' ').trim();
  return parseMarkdown(text)
    .flatMap((block) => (block.kind === 'list' ? block.items : block.lines))
    .map((line) => line.map(inlineText).join('').trim())
    .join(' ');
}
