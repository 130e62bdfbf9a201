import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_COST, MAX_QUERY_DEPTH, queryLimitsRule } from '../../src/graphql/limits.js';

const schema = buildSchema(`
  type Query { node: Node, nodes(first: Int, last: Int, after: String, before: String): NodeConnection, tags: [Node!]! }
  type Node { id: ID!, child: Node, tags: [Node!]! }
  type NodeConnection { edges: [NodeEdge!]!, totalCount: Int! }
  type NodeEdge { node: Node!, cursor: String! }
`);
const problems = (query: string) => validate(schema, parse(query), [queryLimitsRule]).map((error) => error.message);

describe('query limits', () => {
  it(`refuses nesting deeper than ${MAX_QUERY_DEPTH}`, () => {
    const nested = (levels: number) => `{ node { ${'child { '.repeat(levels - 1)}id${' }'.repeat(levels)} }`;
    expect(problems(nested(MAX_QUERY_DEPTH - 1))).toEqual([]);
    expect(problems(nested(MAX_QUERY_DEPTH))[0]).toMatch(/query depth 13 is over the limit of 12/);
  });

  it('counts a connection at its page size (20 without first/last, 100 for a variable) and a plain list at 20', () => {
    // 1 (nodes) + 100 × (edges + node + id) = 301
    expect(problems('{ nodes(first: 100) { edges { node { id } } } }')).toEqual([]);
    const perAlias = 1 + 20 * 3; // a default page
    const aliases = Math.floor(MAX_QUERY_COST / perAlias) + 1;
    const query = `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: nodes { edges { node { id } } }`).join(' ')} }`;
    expect(problems(query)[0]).toMatch(/query cost \d+ is over the limit/);
    expect(problems('query($n: Int) { nodes(first: $n) { edges { node { tags { tags { tags { id } } } } } } }')[0]).toMatch(/query cost/);
  });

  it('follows fragments, and allows one introspection root per query', () => {
    const viaFragment = `{ ${Array.from({ length: 420 }, (_, i) => `a${i}: nodes { ...page }`).join(' ')} } fragment page on NodeConnection { edges { node { id } } }`;
    expect(problems(viaFragment)[0]).toMatch(/query cost/);
    expect(problems('{ __schema { types { name fields { name } } } }')).toEqual([]);
    expect(problems('{ a: __type(name: "Node") { name } b: __type(name: "Query") { name } }')).toEqual([
      'ask for __schema or __type once per query',
    ]);
  });
});
