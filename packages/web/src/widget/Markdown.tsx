import type { ComponentChildren } from 'preact';
import { type Inline, parseMarkdown, parsePlain } from './markdown-parser.js';

function renderInline(nodes: Inline[]): ComponentChildren {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'code':
        return <code>{node.text}</code>;
      case 'strong':
        return <strong>{renderInline(node.children)}</strong>;
      case 'em':
        return <em>{renderInline(node.children)}</em>;
      default:
        return (
          <a href={node.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {renderInline(node.children)}
          </a>
        );
    }
  });
}

/**
 * A message's text as the markdown subset, built from DOM nodes (never HTML), so markup in it stays inert. `plain`:
 * no formatting and links shown as their address (a visitor's words, which must not disguise a link to an agent).
 */
export function Markdown({ text, plain = false }: { text: string; plain?: boolean }) {
  return (
    <>
      {(plain ? parsePlain(text) : parseMarkdown(text)).map((block) =>
        block.kind === 'list' ? (
          <ul>
            {block.items.map((item) => (
              <li>{renderInline(item)}</li>
            ))}
          </ul>
        ) : (
          <p>
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
