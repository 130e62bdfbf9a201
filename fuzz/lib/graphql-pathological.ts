/**
 * Documents shaped to hit the server's limits and the costly corners of parsing and validation:
 * doubling and chained fragments, cycles, deep brackets, alias and directive floods, many
 * operations, huge arguments and comments, introspection once and twice, mutation batches.
 */
import fc from 'fast-check';
import { getIntrospectionQuery } from 'graphql';
import type { Json } from '../credentials.js';

export interface RawDocument {
  query: string;
  variables?: Json;
  operationName?: Json;
}

const times = (n: number, item: (i: number) => string, separator = ' ') => Array.from({ length: n }, (_, i) => item(i)).join(separator);

export function pathologicalDocuments(projectId: string): fc.Arbitrary<RawDocument> {
  const doubling = fc.integer({ min: 1, max: 60 }).map((n) => ({
    query: [
      'query { ...D0 }',
      ...Array.from(
        { length: n },
        (_, i) => `fragment D${i} on Query { a${i}: __typename ...D${i + 1} b${i}: visitorSession { vuid } ...D${i + 1} }`,
      ),
      `fragment D${n} on Query { serverInfo { version } visitorSession { vuid expiresAt } }`,
    ].join('\n'),
  }));
  const chain = fc.integer({ min: 1, max: 1500 }).map((n) => ({
    query: [
      '{ ...C0 }',
      ...Array.from({ length: n }, (_, i) => `fragment C${i} on Query { ...C${i + 1} }`),
      `fragment C${n} on Query { __typename }`,
    ].join('\n'),
  }));
  const cycle = fc.integer({ min: 1, max: 20 }).map((n) => ({
    query: ['{ ...Y0 }', ...Array.from({ length: n }, (_, i) => `fragment Y${i} on Query { __typename ...Y${(i + 1) % n} }`)].join('\n'),
  }));
  const deepSelections = fc.integer({ min: 1, max: 200 }).map((n) => ({ query: `${'{ a '.repeat(n)}${'}'.repeat(n)}` }));
  const deepIntrospection = fc.integer({ min: 1, max: 80 }).map((n) => ({
    query: `{ __schema { types { fields { type ${'{ ofType '.repeat(n)}{ name }${' }'.repeat(n)} } } } }`,
  }));
  const deepArguments = fc.tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom('[', '{a:')).map(([n, open]) => ({
    query: `{ project(id: ${open.repeat(n)}"x"${(open === '[' ? ']' : '}').repeat(n)}) { id } }`,
  }));
  const aliasFlood = fc
    .tuple(
      fc.integer({ min: 1, max: 2500 }),
      fc.constantFrom('__typename', 'visitorSession { vuid }', 'serverInfo { version }', 'projects { totalCount }'),
    )
    .map(([n, field]) => ({ query: `{ ${times(n, (i) => `a${i}: ${field}`)} }` }));
  const mutationFlood = fc
    .tuple(
      fc.integer({ min: 2, max: 40 }),
      fc.constantFrom(
        'visitorLogout { loggedOut }',
        `visitorAuthenticateAnonymously(input: { projectId: ${JSON.stringify(projectId)} }) { vuid }`,
        'projectCreate(input: { name: "fuzz" }) { project { id } }',
        'platformKeyRotate { platformKey { kid } }',
      ),
    )
    .map(([n, field]) => ({ query: `mutation { ${times(n, (i) => `m${i}: ${field}`)} }` }));
  const directiveFlood = fc
    .tuple(fc.integer({ min: 1, max: 1500 }), fc.constantFrom('@skip(if: false)', '@include(if: true)', '@nope', '@include(if: $b)'))
    .map(([n, directive]) => ({ query: `query($b: Boolean = true) { __typename ${times(n, () => directive)} }` }));
  const manyOperations = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.option(fc.nat(450), { nil: null })).map(([n, pick]) => ({
    query: times(n, (i) => `query Q${i} { __typename }`, '\n'),
    ...(pick === null ? {} : { operationName: `Q${pick}` }),
  }));
  const hugeArgument = fc.integer({ min: 1000, max: 63_000 }).map((n) => ({
    query: `mutation { visitorAuthenticateFromCredentials(input: { projectId: ${JSON.stringify(projectId)}, credentials: "${'x'.repeat(n)}" }) { vuid } }`,
  }));
  const hugeComment = fc.tuple(fc.integer({ min: 1, max: 63_000 }), fc.constantFrom('# ', '#\n')).map(([n, mark]) => ({
    query: mark === '# ' ? `# ${'x'.repeat(n)}\n{ __typename }` : `${'#\n'.repeat(Math.floor(n / 2))}{ __typename }`,
  }));
  const sameField = fc.integer({ min: 1, max: 3000 }).map((n) => ({ query: `{ visitorSession { ${times(n, () => 'vuid')} } }` }));
  const introspection = fc.constantFrom(1, 2).map((n) => ({
    query: n === 1 ? getIntrospectionQuery() : `{ a: __schema { queryType { name } } b: __schema { types { name } } }`,
  }));
  const bigList = fc.integer({ min: 1, max: 8000 }).map((n) => ({
    query: `mutation { projectUpdateAuthentication(input: { projectId: ${JSON.stringify(projectId)}, acceptedIssuers: [${times(n, () => '"x"', ',')}] }) { project { id } } }`,
  }));
  const bigPage = fc.constantFrom(0, 1, 100, 101, -1, 2 ** 31 - 1).map((first) => ({
    query: `{ projects(first: ${first}) { edges { node { conversations(first: ${first}) { edges { node { messages(first: ${first}) { totalCount } } } } } } } }`,
  }));
  return fc.oneof(
    doubling,
    chain,
    cycle,
    deepSelections,
    deepIntrospection,
    deepArguments,
    aliasFlood,
    mutationFlood,
    directiveFlood,
    manyOperations,
    hugeArgument,
    hugeComment,
    sameField,
    introspection,
    bigList,
    bigPage,
  );
}

const SOUP = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '...',
  '@',
  '$',
  ':',
  '=',
  '!',
  '|',
  '&',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  '__typename',
  '"x"',
  '"""',
  '#',
  '1',
  '1.5',
  'true',
  'null',
  'a',
  '\n',
  'visitorSession',
  'serverInfo',
  'projects',
  ',',
];

/** Text that is mostly not GraphQL. */
export const garbageDocuments: fc.Arbitrary<RawDocument> = fc
  .oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.array(fc.constantFrom(...SOUP), { maxLength: 300 }).map((tokens) => tokens.join(' ')),
    fc.constantFrom(
      '',
      ' ',
      '{',
      '}',
      '{}',
      'query',
      '{ __typename',
      '\u0000{ __typename }',
      '\ufeff{ __typename }',
      'query { } ',
      '{ ... }',
    ),
  )
  .map((query) => ({ query }));
