/**
 * GraphQL requests over the real schema (from introspection): operations with random aliases,
 * nested selections, arguments of every type (right, wrong, huge), @include/@skip with variables,
 * reshaped into named fragments, spreads, doublings, chains and inline fragments; variables of
 * right and wrong types up to the body limit; documents that hit the server's limits; garbage;
 * bodies that are not what /graphql expects. Sent anonymously, with a visitor's token, or with an
 * opaque bearer that is not valid.
 */
import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isNonNullType,
  isObjectType,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
} from 'graphql';
import type { Json } from './credentials.js';
import { garbageDocuments, pathologicalDocuments, type RawDocument } from './lib/graphql-pathological.js';
import { type DirectiveSpec, type FieldSpec, type OperationSpec, printOperation, type SelectionSpec } from './lib/graphql-printer.js';
import { type ValueNode, Values } from './lib/graphql-values.js';

export type GraphQLRequest =
  | { kind: 'json'; query: Json; variables?: Json; operationName?: Json }
  /** A body sent as is, with this content type. */
  | { kind: 'raw'; body: string; contentType: string }
  | { kind: 'get'; query: string };

/** Who sends it: nobody, a visitor (its session token), an opaque bearer that is not valid, or a bearer that is no token at all. */
export type Caller = 'anonymous' | 'visitor' | 'badOpaque' | 'garbageBearer';

export interface GraphQLCase {
  caller: Caller;
  request: GraphQLRequest;
}

export interface KnownValues {
  projectIds: readonly string[];
  conversationId: string;
  vuid: string;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,12}$/;

/** Arbitraries of selections over the schema, memoised per type and depth. */
class Selections {
  private readonly memo = new Map<string, fc.Arbitrary<SelectionSpec>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly values: Values,
  ) {}

  selection(typeName: string, depth: number): fc.Arbitrary<SelectionSpec> {
    const key = `${typeName}/${depth}`;
    const known = this.memo.get(key);
    if (known) return known;
    const type = this.schema.getType(typeName);
    const fields = isObjectType(type) ? this.fields(type, depth) : fc.constant(typename(null));
    const arbitrary = fc
      .oneof(
        { weight: 30, arbitrary: fc.array(fields, { minLength: 1, maxLength: depth >= 3 ? 2 : 3 }) },
        { weight: 1, arbitrary: fc.constant<FieldSpec[]>([]) },
      )
      .map((list): SelectionSpec => ({ typeName, fields: list }));
    this.memo.set(key, arbitrary);
    return arbitrary;
  }

  private fields(type: GraphQLObjectType, depth: number): fc.Arbitrary<FieldSpec> {
    const definitions: GraphQLField<unknown, unknown>[] = Object.values(type.getFields());
    if (type === this.schema.getQueryType()) definitions.push(SchemaMetaFieldDef, TypeMetaFieldDef);
    const leaf = (definition: GraphQLField<unknown, unknown>) => !isCompositeType(getNamedType(definition.type));
    const options = definitions.map((definition) => ({
      // Where no depth is left, fields that need a selection are rare (they are invalid without one).
      weight: depth === 0 && !leaf(definition) ? 1 : 6,
      arbitrary: this.field(definition, depth),
    }));
    return fc.oneof(
      ...options,
      { weight: 3, arbitrary: fc.option(alias, { nil: null }).map(typename) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('nope', 'password', 'secret', 'privateKey', 'Project', 'edges')
          .map((name): FieldSpec => ({ name, alias: null, args: [], directives: [], selection: null })),
      },
    );
  }

  private field(definition: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<FieldSpec> {
    const named = getNamedType(definition.type);
    const selection: fc.Arbitrary<SelectionSpec | null> = isCompositeType(named)
      ? depth > 0
        ? fc.oneof({ weight: 20, arbitrary: this.selection(named.name, depth - 1) }, { weight: 1, arbitrary: fc.constant(null) })
        : fc.constant(null)
      : fc.oneof(
          { weight: 30, arbitrary: fc.constant<SelectionSpec | null>(null) },
          { weight: 1, arbitrary: fc.constant<SelectionSpec | null>({ typeName: named.name, fields: [typename(null)] }) },
        );
    const args = fc.tuple(
      ...definition.args.map((arg) =>
        fc.option(
          this.values.value(arg.type).map((value): [string, ValueNode] => [arg.name, value]),
          { freq: isNonNullType(arg.type) ? 12 : 3, nil: null },
        ),
      ),
      oneIn(
        15,
        fc.constantFrom<[string, ValueNode]>(['unknownArg', { kind: 'literal', text: '1' }], ['first', { kind: 'literal', text: '1' }]),
        null,
      ),
    );
    return fc
      .record({
        alias: oneIn(4, alias, null),
        args,
        directives: fc.oneof(
          { weight: 8, arbitrary: fc.constant<DirectiveSpec[]>([]) },
          { weight: 1, arbitrary: fc.array(this.directive(), { minLength: 1, maxLength: 2 }) },
        ),
        selection,
      })
      .map(({ alias: name, args: list, directives, selection: sub }) => ({
        name: definition.name,
        alias: name,
        args: list.filter((arg): arg is [string, ValueNode] => arg !== null),
        directives,
        selection: sub,
      }));
  }

  directive(): fc.Arbitrary<DirectiveSpec> {
    const booleanType = this.values.typeOf('Boolean!');
    if (!booleanType) throw new Error('the schema has no Boolean');
    const boolean = this.values.value(booleanType);
    return fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.constantFrom('include', 'skip'), boolean)
          .map(([name, value]): DirectiveSpec => ({ name, args: [['if', value]] })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('include', 'skip', 'nope', 'deprecated', 'specifiedBy', 'defer')
          .map((name): DirectiveSpec => ({ name, args: [] })),
      },
    );
  }
}

/** `arbitrary` one time in `n`, else `otherwise`. */
export function oneIn<T, U>(n: number, arbitrary: fc.Arbitrary<T>, otherwise: U): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: n - 1, arbitrary: fc.constant(otherwise) }, { weight: 1, arbitrary });
}

const alias = fc.oneof(
  fc.stringMatching(NAME),
  fc.constantFrom('visitorSession', 'serverInfo', 'projects', '__typename', 'data', 'errors', 'x'),
);
const typename = (name: string | null): FieldSpec => ({ name: '__typename', alias: name, args: [], directives: [], selection: null });

/** How the printer shapes a selection set (lib/graphql-printer.ts): 11, a wrong type condition, is rare. */
const decision = fc.oneof({ weight: 30, arbitrary: fc.nat(10) }, { weight: 1, arbitrary: fc.constant(11) });

/** Small edits of a document's text: a cut, a character in or out, a slice doubled. */
const textEdit = fc.tuple(
  fc.constantFrom('cut', 'insert', 'delete', 'double'),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  fc.constantFrom('{', '}', '(', ')', '$', '@', '"', '...', ' ', '\u0000', 'é', '#'),
);

/** Documents past the body limit (64 KiB) only need to be a little past it. */
const MAX_DOCUMENT_CHARS = 70_000;
const capped = (text: string) => (text.length > MAX_DOCUMENT_CHARS ? text.slice(0, MAX_DOCUMENT_CHARS) : text);

function edit(text: string, [kind, where, char]: [string, number, string]): string {
  const at = Math.floor(where * text.length);
  if (kind === 'cut') return text.slice(0, at);
  if (kind === 'insert') return text.slice(0, at) + char + text.slice(at);
  if (kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + text.slice(at, at + 40) + text.slice(at);
}

export function graphqlCases(schema: GraphQLSchema, known: KnownValues): fc.Arbitrary<GraphQLCase> {
  const values = new Values(schema, [...known.projectIds, known.conversationId, known.vuid, 'fuzz']);
  const selections = new Selections(schema, values);
  const typeNames = [
    ...Object.keys(schema.getTypeMap()).filter((name) => isObjectType(schema.getType(name))),
    'Nope',
    'String',
    'VisitorData',
  ];
  const directives = fc.oneof(
    { weight: 10, arbitrary: fc.constant<DirectiveSpec[]>([]) },
    { weight: 1, arbitrary: fc.array(selections.directive(), { maxLength: 2 }) },
  );
  const depth = fc.integer({ min: 1, max: 6 });
  const operation: fc.Arbitrary<OperationSpec> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constantFrom<OperationSpec['kind']>('query', 'shorthand'),
        name: fc.option(fc.stringMatching(NAME), { nil: null }),
        directives,
        selection: depth.chain((d) => selections.selection('Query', d)),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant<OperationSpec['kind']>('mutation'),
        name: fc.option(fc.stringMatching(NAME), { nil: null }),
        directives,
        selection: depth.chain((d) => selections.selection('Mutation', d)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant<OperationSpec['kind']>('subscription'),
        name: fc.constant(null),
        directives,
        selection: selections.selection('Query', 1),
      }),
    },
  );
  const structured: fc.Arbitrary<RawDocument> = fc
    .record({ operation, decisions: fc.array(decision, { minLength: 1, maxLength: 24 }) })
    .map(({ operation: spec, decisions }) => ({ printed: printOperation(spec, decisions, { typeNames }), name: spec.name }))
    .map(({ printed, name }) => ({ printed: { ...printed, text: capped(printed.text) }, name }))
    .chain(({ printed, name }) =>
      fc
        .record({
          values: fc.tuple(...printed.declared.map((variable) => values.json(variable.type))),
          dropped: fc.nat(8),
          operationName: fc.oneof(
            { weight: 8, arbitrary: fc.constant<Json>(name) },
            { weight: 1, arbitrary: fc.constantFrom<Json>('Other', '', 1, ['x']) },
          ),
        })
        .map(({ values: jsons, dropped, operationName }): RawDocument => {
          const variables: Record<string, Json> = {};
          printed.declared.forEach((variable, i) => {
            if (i !== dropped) variables[variable.name] = jsons[i] as Json;
          });
          return { query: printed.text, variables, ...(operationName === null ? {} : { operationName }) };
        }),
    );
  const edited = fc
    .tuple(structured, textEdit)
    .map(([document, change]): RawDocument => ({ ...document, query: edit(document.query, change) }));
  const documents = fc.oneof(
    { weight: 14, arbitrary: structured },
    { weight: 2, arbitrary: edited },
    { weight: 3, arbitrary: pathologicalDocuments(known.projectIds[0] ?? 'none') },
    { weight: 2, arbitrary: garbageDocuments },
  );
  const request: fc.Arbitrary<GraphQLRequest> = fc.oneof(
    {
      weight: 20,
      arbitrary: documents.map(
        (document): GraphQLRequest => ({
          kind: 'json',
          query: document.query,
          ...(document.variables === undefined ? {} : { variables: document.variables }),
          ...(document.operationName === undefined ? {} : { operationName: document.operationName }),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom<Json>(null, 1, true, [], ['{ __typename }'], { kind: 'Document', definitions: [] }, { query: '{ __typename }' }),
          fc.constantFrom<Json | undefined>(undefined, null, 'x', '{"a":1}', [1], 1),
        )
        .map(([query, variables]): GraphQLRequest => ({ kind: 'json', query, ...(variables === undefined ? {} : { variables }) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'not json',
            '',
            '{',
            'null',
            '[{"query":"{ __typename }"},{"query":"{ __typename }"}]',
            '{"query":"{ __typename }","query":"{ serverInfo { version } }"}',
            '\ufeff{"query":"{ __typename }"}',
            '{"query":"{ __typename }"}',
            '{ __typename }',
            `{"query":"{ __typename }","pad":"${'x'.repeat(70_000)}"}`,
            '{"__proto__":{"query":"{ __typename }"}}',
          ),
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/graphql',
            'application/x-www-form-urlencoded',
            'application/json; charset=latin1',
            '',
          ),
        )
        .map(([body, contentType]): GraphQLRequest => ({ kind: 'raw', body, contentType })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(structured, garbageDocuments)
        // A URL holds UTF-8: lone surrogates (and halves of pairs the cut splits) become U+FFFD.
        .map((document): GraphQLRequest => ({ kind: 'get', query: document.query.slice(0, 4000).replace(/\p{Cs}/gu, '\ufffd') })),
    },
  );
  return fc.record({
    caller: fc.constantFrom<Caller>('anonymous', 'anonymous', 'anonymous', 'visitor', 'visitor', 'badOpaque', 'garbageBearer'),
    request,
  });
}
