/**
 * Prints a generated operation as GraphQL text, reshaping its selection sets as a stream of small
 * decisions says: inline, in an inline fragment (with or without a type condition, or with a wrong
 * one), in a named fragment spread once or twice, or through a chain of fragments; variables are
 * declared with the type of their first use, another type, or not at all.
 */
import type { ValueNode } from './graphql-values.js';

export interface DirectiveSpec {
  name: string;
  args: [string, ValueNode][];
}

export interface FieldSpec {
  name: string;
  alias: string | null;
  args: [string, ValueNode][];
  directives: DirectiveSpec[];
  /** Sub-selection: null for none (a leaf, or a missing one); `typeName` is the type it selects on. */
  selection: SelectionSpec | null;
}

export interface SelectionSpec {
  typeName: string;
  fields: FieldSpec[];
}

export interface OperationSpec {
  kind: 'query' | 'mutation' | 'subscription' | 'shorthand';
  name: string | null;
  directives: DirectiveSpec[];
  selection: SelectionSpec;
}

export interface Printed {
  text: string;
  /** The variables declared, with the type they were declared with (for their JSON values). */
  declared: { name: string; type: string }[];
}

/** Types a wrong type condition may name. */
export interface PrintContext {
  typeNames: readonly string[];
}

export function printOperation(operation: OperationSpec, decisions: readonly number[], context: PrintContext): Printed {
  let cursor = 0;
  const next = () => (decisions.length === 0 ? 0 : (decisions[cursor++ % decisions.length] as number));
  const fragments: string[] = [];
  const used = new Map<string, string>();

  const value = (node: ValueNode): string => {
    if (node.kind === 'literal') return node.text;
    if (!used.has(node.name)) used.set(node.name, node.type);
    return `$${node.name}`;
  };
  const args = (list: [string, ValueNode][]) =>
    list.length === 0 ? '' : `(${list.map(([name, node]) => `${name}: ${value(node)}`).join(', ')})`;
  const directives = (list: DirectiveSpec[]) => list.map((directive) => ` @${directive.name}${args(directive.args)}`).join('');
  const field = (spec: FieldSpec): string =>
    `${spec.alias ? `${spec.alias}: ` : ''}${spec.name}${args(spec.args)}${directives(spec.directives)}${spec.selection ? ` ${selectionSet(spec.selection)}` : ''}`;
  const body = (spec: SelectionSpec) => spec.fields.map(field).join(' ');
  /** A new fragment (its content is printed first, so fragments it spreads come before it). */
  const fragment = (typeName: string, content: string): string => {
    const name = `F${fragments.length}`;
    fragments.push(`fragment ${name} on ${typeName} { ${content} }`);
    return name;
  };

  function selectionSet(spec: SelectionSpec): string {
    const decision = next();
    if (decision <= 5) return `{ ${body(spec)} }`;
    if (decision === 6) return `{ ... on ${spec.typeName} { ${body(spec)} } }`;
    if (decision === 7) return `{ ... @include(if: true) { ${body(spec)} } }`;
    if (decision === 8) return `{ ...${fragment(spec.typeName, body(spec))} }`;
    if (decision === 9) {
      const name = fragment(spec.typeName, body(spec));
      return `{ ...${name} ...${name} }`;
    }
    if (decision === 10) {
      const inner = fragment(spec.typeName, body(spec));
      return `{ ...${fragment(spec.typeName, `...${inner} __typename`)} }`;
    }
    const wrong = context.typeNames[next() % context.typeNames.length] ?? spec.typeName;
    return `{ ... on ${wrong} { ${body(spec)} } }`;
  }

  const selection = selectionSet(operation.selection);
  const operationDirectives = directives(operation.directives);
  const head = operation.kind === 'shorthand' ? '' : `${operation.kind}${operation.name ? ` ${operation.name}` : ''}`;
  const declared: { name: string; type: string }[] = [];
  for (const [name, type] of used) {
    const choice = next() % 8;
    if (choice === 7) continue; // used, never declared
    const declaredType = choice === 6 ? (context.typeNames[next() % context.typeNames.length] ?? type) : type;
    declared.push({ name, type: declaredType });
  }
  if (next() % 10 === 0) declared.push({ name: 'unused', type: 'String' });
  const definitions = declared.length === 0 ? '' : `(${declared.map((v) => `$${v.name}: ${v.type}`).join(', ')})`;
  const operationText =
    operation.kind === 'shorthand' && definitions === '' && operationDirectives === ''
      ? selection
      : `${head || 'query'}${definitions}${operationDirectives} ${selection}`;
  return { text: [operationText, ...fragments].join('\n'), declared };
}
