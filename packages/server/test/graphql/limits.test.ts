import fc from 'fast-check';
import {
  buildSchema,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  parse,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  specifiedRules,
  TypeMetaFieldDef,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { ACCESS_RULES } from '../../src/graphql/build-schema.js';
import {
  createQueryMeasurer,
  MAX_MUTATION_FIELDS,
  MAX_QUERY_COST,
  MAX_QUERY_DEPTH,
  type QueryMeasure,
  queryLimitsRule,
  VISITOR_MUTATIONS,
} from '../../src/graphql/limits.js';

const schema = buildSchema(`
  type Query { node: Node, nodes(first: Int, last: Int, after: String, before: String): NodeConnection, tags: [Node!]! }
  type Node { id: ID!, child: Node, tags: [Node!]! }
  type NodeConnection { edges: [NodeEdge!]!, totalCount: Int! }
  type NodeEdge { node: Node!, cursor: String! }
  type Mutation { visitorTransferCreate: Node, visitorLogout: Node, projectCreate(name: String): Node }
`);
const problems = (query: string) => validate(schema, parse(query), [queryLimitsRule]).map((error) => error.message);
const allProblems = (query: string) => validate(schema, parse(query), [...specifiedRules, queryLimitsRule]).map((error) => error.message);

/** `query { ...F0 }` where each fragment spreads the next one twice: 2^n paths to the last one. */
const doublingFragments = (n: number) =>
  `query { ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${n} on Query { __typename }`;

const elapsed = (run: () => unknown) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

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

  // Unit test of the cost rule alone: the document guard (2,000 tokens) would refuse the largest of these earlier.
  it('measures each fragment once: fragments spreading the next one twice are refused in milliseconds (issue 13)', () => {
    for (const n of [12, 22, 40, 400]) {
      const document = parse(doublingFragments(n));
      let found: string[] = [];
      const took = elapsed(() => {
        found = validate(schema, document, [queryLimitsRule]).map((error) => error.message);
      });
      if (n === 12)
        expect(found).toEqual([]); // 4,096 fields: under the limit, and counted exactly
      else expect(found).toEqual([expect.stringMatching(/^query cost \d+ is over the limit of 25000/)]);
      expect(took).toBeLessThan(200);
    }
    const measured = createQueryMeasurer(schema, fragmentsOf(parse(doublingFragments(12))), Number.POSITIVE_INFINITY);
    expect(measured(operationOf(parse(doublingFragments(12))))).toEqual({
      overCost: false,
      measure: { cost: 4096, depth: 1, introspectionRoots: 0 },
    });
  });

  it('stops counting once the cost passes the limit: a body limit (64 KiB) of wide aliases is refused fast', () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: nodes(first: 100) { edges { node { id tags { id } } } }`);
    const source = `{ ${aliases.join(' ')} }`;
    expect(source.length).toBeLessThan(64 * 1024);
    const document = parse(source);
    let found: string[] = [];
    expect(elapsed(() => (found = validate(schema, document, [queryLimitsRule]).map((error) => error.message)))).toBeLessThan(200);
    expect(found).toEqual([expect.stringMatching(/^query cost \d+ is over the limit of 25000/)]);
  });

  it('still refuses fragment cycles (graphql-js reports them), quickly, even when every fragment spreads every other', () => {
    expect(allProblems('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A node { id } }')).toContain(
      'Cannot spread fragment "A" within itself via "B".',
    );
    const names = Array.from({ length: 10 }, (_, i) => `F${i}`);
    const clique = `{ ...F0 } ${names.map((name) => `fragment ${name} on Query { ${names.map((other) => `...${other}`).join(' ')} node { id } }`).join(' ')}`;
    const document = parse(clique);
    let found: string[] = [];
    expect(elapsed(() => (found = validate(schema, document, [queryLimitsRule]).map((error) => error.message)))).toBeLessThan(200);
    expect(found).toEqual([]); // a cycle counts nothing here; graphql-js refuses the document
    expect(validate(schema, document, specifiedRules).some((error) => /within itself/.test(error.message))).toBe(true);
  });

  it('measures like the plain walk of every path, on random fragment graphs', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { maxLength: 400 }), (tape) => {
        const source = randomDocument(tape);
        const document = parse(source);
        const getFragment = fragmentsOf(document);
        const operation = operationOf(document);
        const expected = naiveMeasure(schema, getFragment, operation);
        expect(createQueryMeasurer(schema, getFragment, Number.POSITIVE_INFINITY)(operation)).toEqual({
          overCost: false,
          measure: expected,
        });
        const refused = expected.introspectionRoots > 1 || expected.depth > MAX_QUERY_DEPTH || expected.cost > MAX_QUERY_COST;
        const found = validate(schema, document, [queryLimitsRule]).map((error) => error.message);
        expect(found.length > 0).toBe(refused);
        if (expected.introspectionRoots <= 1 && expected.depth <= MAX_QUERY_DEPTH && expected.cost > MAX_QUERY_COST)
          expect(found[0]).toMatch(/^query cost \d+ is over the limit/);
        if (expected.cost <= MAX_QUERY_COST && refused) expect(found).toEqual(naiveProblems(expected));
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});

describe('mutation root fields', () => {
  it(`allows one visitor mutation per request, aliases and fragments included`, () => {
    expect(problems('mutation { visitorTransferCreate { id } }')).toEqual([]);
    expect(problems('mutation { a: visitorTransferCreate { id } b: visitorTransferCreate { id } }')).toEqual([
      'a request may run at most 1 visitor mutation (this one runs 2: visitorTransferCreate): send one request per visitor mutation',
    ]);
    expect(problems('mutation { visitorTransferCreate { id } visitorLogout { id } }')[0]).toMatch(/at most 1 visitor mutation/);
    expect(
      problems(
        'mutation { ...M ... on Mutation { b: visitorTransferCreate { id } } } fragment M on Mutation { visitorTransferCreate { id } }',
      )[0],
    ).toMatch(/at most 1 visitor mutation \(this one runs 2/);
    // Fields of one response key run once.
    expect(
      problems('mutation { ...M ...M visitorTransferCreate { id } } fragment M on Mutation { visitorTransferCreate { child { id } } }'),
    ).toEqual([]);
    expect(problems('mutation { visitorTransferCreate { id } __typename }')).toEqual([]);
  });

  it(`allows ${MAX_MUTATION_FIELDS} other mutation fields per request`, () => {
    const aliases = (count: number) => Array.from({ length: count }, (_, i) => `p${i}: projectCreate(name: "p${i}") { id }`).join(' ');
    expect(problems(`mutation { ${aliases(MAX_MUTATION_FIELDS)} }`)).toEqual([]);
    expect(problems(`mutation { ${aliases(MAX_MUTATION_FIELDS + 1)} }`)).toEqual([
      'a request may run at most 10 mutation fields (this one runs 11, aliases included): split it into several requests',
    ]);
    // Queries may alias their fields (the cost limit bounds them).
    expect(problems(`{ ${Array.from({ length: 50 }, (_, i) => `n${i}: node { id }`).join(' ')} }`)).toEqual([]);
  });

  it('knows every mutation a visitor or an anonymous caller can call', () => {
    const publicMutations = Object.entries(ACCESS_RULES)
      .filter(([field, rule]) => field.startsWith('Mutation.') && rule.kind === 'public')
      .map(([field]) => field.slice('Mutation.'.length));
    expect([...VISITOR_MUTATIONS].sort()).toEqual(publicMutations.sort());
  });
});

// --- The reference: the walk of every path, as the rule did before issue 13 -------------------------

const fragmentsOf = (document: ReturnType<typeof parse>) => {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return (name: string) => fragments.get(name);
};
const operationOf = (document: ReturnType<typeof parse>) => {
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation) throw new Error('no operation');
  return operation;
};

function naiveMeasure(
  schema: GraphQLSchema,
  getFragment: (name: string) => FragmentDefinitionNode | undefined,
  operation: OperationDefinitionNode,
): QueryMeasure {
  const items = (field: FieldNode, definition: ReturnType<typeof definitionOf>) => {
    if (!definition) return 1;
    const page = field.arguments?.find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
    if (definition.args.some((arg) => arg.name === 'first')) {
      if (!page) return 20;
      return page.value.kind === Kind.INT ? Math.max(1, Number(page.value.value)) : 100;
    }
    if (field.name.value === 'edges') return 1;
    return isListType(getNullableType(definition.type)) ? 20 : 1;
  };
  const measure = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    multiplier: number,
    depth: number,
    seen: ReadonlySet<string>,
  ): QueryMeasure => {
    const total: QueryMeasure = { cost: 0, depth, introspectionRoots: 0 };
    const add = (child: QueryMeasure) => {
      total.cost += child.cost;
      total.depth = Math.max(total.depth, child.depth);
      total.introspectionRoots += child.introspectionRoots;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') total.introspectionRoots++;
        total.cost += multiplier;
        const definition = definitionOf(parent, name);
        const type = definition ? getNamedType(definition.type) : undefined;
        const introspecting = name.startsWith('__') || parent.name.startsWith('__');
        const count = introspecting ? 1 : items(selection, definition);
        if (selection.selectionSet && type && isCompositeType(type))
          add(measure(selection.selectionSet, type, multiplier * count, introspecting ? depth : depth + 1, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(measure(selection.selectionSet, isCompositeType(condition) ? condition : parent, multiplier, depth, seen));
      } else {
        const fragment = getFragment(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        add(
          measure(
            fragment.selectionSet,
            isCompositeType(condition) ? condition : parent,
            multiplier,
            depth,
            new Set([...seen, fragment.name.value]),
          ),
        );
      }
    }
    return total;
  };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) throw new Error('no root');
  return measure(operation.selectionSet, root, 1, 1, new Set());
}

function definitionOf(parent: GraphQLCompositeType, name: string) {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}

const naiveProblems = (measure: QueryMeasure) => {
  if (measure.introspectionRoots > 1) return ['ask for __schema or __type once per query'];
  if (measure.depth > MAX_QUERY_DEPTH)
    return [`query depth ${measure.depth} is over the limit of ${MAX_QUERY_DEPTH}: ask for less nesting`];
  return [];
};

// --- Random documents: fragments (spreading only later ones, so no cycles), inline fragments,
// aliases, pages, introspection, unknown fragments and type conditions ---------------------------

/** Each type's fields: [name, type of its selection or null for a leaf, arguments]. */
const FIELDS: Record<string, readonly (readonly [string, string | null, string?])[]> = {
  Query: [
    ['node', 'Node'],
    ['nodes', 'NodeConnection', 'page'],
    ['tags', 'Node'],
    ['__typename', null],
    ['__type', '__Type', 'type'],
    ['__schema', '__Schema'],
    ['unknown', null],
  ],
  Node: [
    ['id', null],
    ['child', 'Node'],
    ['tags', 'Node'],
    ['__typename', null],
  ],
  NodeConnection: [
    ['edges', 'NodeEdge'],
    ['totalCount', null],
  ],
  NodeEdge: [
    ['node', 'Node'],
    ['cursor', null],
  ],
  __Schema: [
    ['types', '__Type'],
    ['queryType', '__Type'],
  ],
  __Type: [
    ['name', null],
    ['fields', '__Field'],
    ['ofType', '__Type'],
  ],
  __Field: [
    ['name', null],
    ['type', '__Type'],
  ],
};
const CONDITIONS = ['Query', 'Node', 'NodeConnection', 'NodeEdge', 'Nowhere'];

function randomDocument(tape: readonly number[]): string {
  let position = 0;
  const pick = (n: number) => (tape.length === 0 ? 0 : (tape[position++ % tape.length] ?? 0) % n);
  const fragmentCount = 1 + pick(6);
  const selections = (type: string, level: number, after: number): string => {
    const count = 1 + pick(4);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const kind = pick(10);
      if (kind <= 5 || level >= 5) {
        const fields = FIELDS[type] ?? FIELDS.Node ?? [];
        const [name, child, args] = fields[pick(fields.length)] ?? ['id', null];
        const alias = pick(3) === 0 ? `a${pick(4)}: ` : '';
        let argument = '';
        if (args === 'page') argument = ['', '(first: 3)', '(last: 100)', '(first: $n)', '(first: 0)'][pick(5)] ?? '';
        if (args === 'type') argument = '(name: "Node")';
        const body = child ? ` { ${level >= 5 ? '__typename' : selections(child, level + 1, after)} }` : '';
        parts.push(`${alias}${name}${argument}${body}`);
      } else if (kind === 6) {
        const condition = pick(3) === 0 ? '' : `on ${CONDITIONS[pick(CONDITIONS.length)]} `;
        parts.push(`... ${condition}{ ${selections(type, level + 1, after)} }`);
      } else {
        // A later fragment, or one past the last (never defined).
        const target = after + 1 + pick(fragmentCount - after);
        parts.push(`...F${target}`);
      }
    }
    return parts.join(' ');
  };
  const fragments: string[] = [];
  for (let i = 0; i < fragmentCount; i++) {
    const condition = CONDITIONS[pick(CONDITIONS.length)] ?? 'Query';
    fragments.push(`fragment F${i} on ${condition} { ${selections(condition === 'Nowhere' ? 'Node' : condition, 1, i)} }`);
  }
  return `query($n: Int) { ${selections('Query', 0, -1)} } ${fragments.join(' ')}`;
}
