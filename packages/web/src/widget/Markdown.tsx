import type { ComponentChildren } from 'preact';
import { type Inline, parseMarkdown, parsePlain } from './markdown-parser.js';

function renderInline(nodes: Inline[]): ComponentChildren {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'code':
        return <code dir="auto">{node.text}</code>;
      case 'strong':
        return <strong>{renderInline(node.children)}</strong>;
      case 'em':
        return <em>{renderInline(node.children)}</em>;
      default:
        return (
          <a href={node.href} target="_blank" rel="noopener noreferrer nofollow ugc" dir="auto">
            {renderInline(node.children)}
          </a>
        );
    }
  });
}

/**
 * A message's text as the markdown subset, built from DOM nodes (never HTML), so markup in it stays inert. `plain`:
 * no formatting and links shown as their address (a visitor's words, which must not disguise a link to an agent).
 * Each paragraph and list, link and code span is an isolate (`dir="auto"`): a bidi control in the text reorders
 * nothing outside its own run, and a right-to-left paragraph reads right to left.
 */
export function Markdown({ text, plain = false }: { text: string; plain?: boolean }) {
  return (
    <>
      {(plain ? parsePlain(text) : parseMarkdown(text)).map((block) =>
        block.kind === 'list' ? (
          <ul dir="auto">
            {block.items.map((item) => (
              <li>{renderInline(item)}</li>
            ))}
          </ul>
        ) : (
          <p dir="auto">
            {block.lines.map((line, index) => (
              <>
                {index > 0 && <br />}
                {renderInline(line)}
              </>
            ))}
          </p>
        ),
      )}
    </>
  );
}
