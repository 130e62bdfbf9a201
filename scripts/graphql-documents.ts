/**
 * Finds the GraphQL documents of a client package: each is a string literal cast to the type
 * generated for it, `'query Inbox(…) { … }' as InboxDocument` (a fragment `Name`:
 * `as NameFragmentDocument`). The cast is erased at build, so the document stays a plain string.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type DefinitionNode, type DocumentNode, Kind, parse } from 'graphql';
import ts from 'typescript';

export interface FoundDocument {
  /** `path:line`, relative to the repository. */
  location: string;
  document: DocumentNode;
}

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** The type a definition's document is cast to. */
function expectedType(definition: DefinitionNode): string | null {
  if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name ? `${definition.name.value}Document` : null;
  if (definition.kind === Kind.FRAGMENT_DEFINITION) return `${definition.name.value}FragmentDocument`;
  return null;
}

function documentAt(location: string, text: string, typeName: string): DocumentNode {
  let document: DocumentNode;
  try {
    document = parse(text, { noLocation: true });
  } catch (error) {
    throw new Error(`${location}: ${(error as Error).message}`);
  }
  const [definition, ...more] = document.definitions;
  if (!definition || more.length > 0) throw new Error(`${location}: a document holds one operation or fragment`);
  const expected = expectedType(definition);
  const name = 'name' in definition ? definition.name?.value : undefined;
  if (name !== undefined && !/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`${location}: name ${name} in PascalCase, as its types are`);
  if (expected === null) throw new Error(`${location}: name the operation (query Name(…) { … }), so its types have a name`);
  if (expected !== typeName) throw new Error(`${location}: cast to ${expected}, the type generated for this document (not ${typeName})`);
  return document;
}

/** Every document under `srcDir` (the generated folder left out), in file order; names are unique. */
export function findDocuments(srcDir: string): FoundDocument[] {
  const found: FoundDocument[] = [];
  const seen = new Map<string, string>();
  for (const path of sourceFiles(srcDir)) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isAsExpression(node) &&
        ts.isTypeReferenceNode(node.type) &&
        ts.isIdentifier(node.type.typeName) &&
        node.type.typeName.text.endsWith('Document') &&
        ts.isStringLiteralLike(node.expression)
      ) {
        const typeName = node.type.typeName.text;
        const location = `${relative(root, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const earlier = seen.get(typeName);
        if (earlier) throw new Error(`${location}: ${typeName} is already the type of the document at ${earlier}`);
        seen.set(typeName, location);
        found.push({ location, document: documentAt(location, node.expression.text, typeName) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
