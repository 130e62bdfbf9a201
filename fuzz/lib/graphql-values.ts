/**
 * Values for GraphQL documents, by input type of the real schema: argument literals (right type,
 * wrong type, variables, huge strings, lists and objects) and the JSON of variables (the same,
 * plus deep and long ones, up to the body limit).
 */
import fc from 'fast-check';
import {
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  parseType,
  typeFromAST,
} from 'graphql';
import type { Json } from '../credentials.js';

/** An argument value: literal text, or a variable used where `type` is expected. */
export type ValueNode = { kind: 'literal'; text: string } | { kind: 'variable'; name: string; type: string };

export const VARIABLE_NAMES = ['v0', 'v1', 'v2', 'v3'] as const;

const literal = (text: string): ValueNode => ({ kind: 'literal', text });

/** Ids the server knows (projects, a conversation, a vuid) and strings of every kind. */
export function stringsOf(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', ' ', '\u0000', '\ud800', "' OR 1=1 --", '#{x}', '__proto__', '2026-01-01T00:00:00Z', 'not-a-date'),
    },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 60_000 }).map((n) => 'x'.repeat(n)) },
  );
}

/** A GraphQL string literal: quoted (JSON escapes are GraphQL escapes) or a block string. */
const stringLiteral = (strings: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 6, arbitrary: strings.map((s) => JSON.stringify(s)) },
    { weight: 1, arbitrary: strings.map((s) => `"""${s.replaceAll('"""', '\\"""')}"""`) },
    { weight: 1, arbitrary: fc.constantFrom('"\\q"', '"unterminated', '"\\u12"', '"\\uD800"', '"a\nb"') },
  );

const intLiteral = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('0', '-0', '100', '101', '2147483647', '2147483648', '-2147483649', '99999999999999999999', '1e3', '007'),
);
const wrongLiteral = fc.constantFrom(
  'null',
  'true',
  '0',
  '-1',
  '1.5',
  '1e400',
  '"x"',
  '[]',
  '{}',
  'SOME_ENUM',
  '[[[]]]',
  '{a: {b: {c: 1}}}',
  '$undefined',
  '[1, "a", true, null]',
);

/** Argument literals and variable JSON for the input types of `schema`. */
export class Values {
  private readonly literals = new Map<string, fc.Arbitrary<ValueNode>>();
  private readonly jsons = new Map<string, fc.Arbitrary<Json>>();
  private readonly strings: fc.Arbitrary<string>;

  constructor(
    private readonly schema: GraphQLSchema,
    known: readonly string[],
  ) {
    this.strings = stringsOf(known);
  }

  /** The input type a type reference names (`[ID!]!`), or null when the schema has no such type. */
  typeOf(reference: string): GraphQLInputType | null {
    try {
      return (typeFromAST(this.schema, parseType(reference)) as GraphQLInputType | undefined) ?? null;
    } catch {
      return null;
    }
  }

  /** A value for an argument of `type`: mostly right, sometimes a variable, wrong or huge. */
  value(type: GraphQLInputType): fc.Arbitrary<ValueNode> {
    const key = String(type);
    let arbitrary = this.literals.get(key);
    if (!arbitrary) {
      arbitrary = fc.oneof(
        { weight: 8, arbitrary: this.literalText(type, 2).map(literal) },
        { weight: 3, arbitrary: fc.constantFrom(...VARIABLE_NAMES).map((name): ValueNode => ({ kind: 'variable', name, type: key })) },
        { weight: 1, arbitrary: wrongLiteral.map(literal) },
      );
      this.literals.set(key, arbitrary);
    }
    return arbitrary;
  }

  private literalText(type: GraphQLInputType, depth: number): fc.Arbitrary<string> {
    if (isNonNullType(type))
      return fc.oneof({ weight: 12, arbitrary: this.literalText(type.ofType, depth) }, { weight: 1, arbitrary: fc.constant('null') });
    if (isListType(type)) {
      const item = depth > 0 ? this.literalText(type.ofType as GraphQLInputType, depth - 1) : fc.constant('null');
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(item, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`) },
        { weight: 2, arbitrary: item },
        // A long list of one short item (a long item repeated would make a document of megabytes).
        {
          weight: 1,
          arbitrary: fc
            .tuple(item, fc.integer({ min: 100, max: 3000 }))
            .map(([one, n]) => `[${Array.from({ length: n }, () => (one.length > 20 ? '1' : one)).join(',')}]`),
        },
      );
    }
    if (isEnumType(type))
      return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
        { weight: 1, arbitrary: fc.constantFrom('NOPE', '"ADMIN"', 'admin') },
      );
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const entries = fields.map((field) =>
        fc.oneof(
          {
            weight: isNonNullType(field.type) ? 12 : 1,
            arbitrary:
              depth > 0
                ? this.literalText(field.type, depth - 1).map((text) => `${field.name}: ${text}`)
                : fc.constant(`${field.name}: null`),
          },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
      );
      return fc
        .tuple(
          fc.tuple(...entries),
          fc.oneof(
            { weight: 8, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.constantFrom('unknown: 1', '__proto__: {}', 'projectId: "dup"') },
          ),
        )
        .map(([items, extra]) => `{${[...items, extra].filter((item) => item !== null).join(', ')}}`);
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'Int':
          return intLiteral;
        case 'Float':
          return fc.oneof(intLiteral, fc.constantFrom('1.5', '-0.0', '1e308', '1e-400'));
        case 'Boolean':
          return fc.constantFrom('true', 'false', 'true', 'false', 'TRUE', '1');
        case 'JSON':
          return fc.oneof(stringLiteral(this.strings), intLiteral, wrongLiteral);
        default:
          return stringLiteral(this.strings);
      }
    }
    return wrongLiteral;
  }

  /** JSON for a variable declared with `reference`: mostly of that type, sometimes wrong, huge or deep. */
  json(reference: string): fc.Arbitrary<Json> {
    let arbitrary = this.jsons.get(reference);
    if (!arbitrary) {
      const type = this.typeOf(reference);
      arbitrary = fc.oneof(
        { weight: 8, arbitrary: type ? this.jsonOf(type, 2) : anyJson },
        { weight: 2, arbitrary: anyJson },
        { weight: 1, arbitrary: hugeJson },
      );
      this.jsons.set(reference, arbitrary);
    }
    return arbitrary;
  }

  private jsonOf(type: GraphQLInputType, depth: number): fc.Arbitrary<Json> {
    if (isNonNullType(type))
      return fc.oneof({ weight: 12, arbitrary: this.jsonOf(type.ofType, depth) }, { weight: 1, arbitrary: fc.constant(null) });
    if (isListType(type)) {
      const item = depth > 0 ? this.jsonOf(type.ofType as GraphQLInputType, depth - 1) : fc.constant(null);
      return fc.oneof({ weight: 3, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: item });
    }
    if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), fc.constantFrom('nope', 1));
    if (isInputObjectType(type)) {
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const field of Object.values(type.getFields()))
        model[field.name] = depth > 0 ? this.jsonOf(field.type, depth - 1) : fc.constant(null);
      const required = Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => field.name);
      return fc
        .tuple(
          fc.record(model, { requiredKeys: required }),
          fc.oneof(
            { weight: 8, arbitrary: fc.constant({}) },
            { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('unknown', '__proto__', 'constructor'), anyJson, { maxKeys: 1 }) },
          ),
        )
        .map(([known, extra]) => ({ ...(known as Record<string, Json>), ...(extra as Record<string, Json>) }));
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'Int':
          return fc.oneof(fc.integer(), fc.constantFrom<Json>(0, 100, 101, 2 ** 31, 1.5, '1', -1));
        case 'Float':
          return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom<Json>('1.5', null));
        case 'Boolean':
          return fc.constantFrom<Json>(true, false, 'true', 0);
        case 'JSON':
          return anyJson;
        default:
          return fc.oneof(
            { weight: 8, arbitrary: this.strings },
            { weight: 1, arbitrary: fc.constantFrom<Json>(1, true, ['x'], { s: 'x' }) },
          );
      }
    }
    return anyJson;
  }
}

const anyJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

/** Variables near the body limit: long strings, long lists, deep nesting. */
const hugeJson: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: 1000, max: 64_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 15_000 }).map((n) => Array.from({ length: n }, () => 1)),
  fc.integer({ min: 10, max: 2500 }).map((depth) => {
    let nested: Json = 'bottom';
    for (let i = 0; i < depth; i++) nested = [nested];
    return nested;
  }),
  fc.integer({ min: 10, max: 2500 }).map((depth) => {
    let nested: Json = { projectId: 'deep' };
    for (let i = 0; i < depth; i++) nested = { input: nested };
    return nested;
  }),
);
