/**
 * The operation types of a client package (the desk and admin, the SDK): GraphQL Code Generator's
 * typescript-operations for the package's documents, validated against the served schema, and a
 * `NameDocument` type for each, the type its string is cast to.
 */
import { codegen } from '@graphql-codegen/core';
import type { CodegenPlugin } from '@graphql-codegen/plugin-helpers';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import {
  type DefinitionNode,
  type GraphQLSchema,
  Kind,
  NoUnusedFragmentsRule,
  OperationTypeNode,
  parse,
  printSchema,
  specifiedRules,
  validate,
} from 'graphql';
import { type FoundDocument, findDocuments } from './graphql-documents.js';

export interface ClientPackage {
  /** Where its documents are, from the repository's root. */
  src: string;
  /** The generated file, from the repository's root. */
  output: string;
}

export const CLIENT_PACKAGES: readonly ClientPackage[] = [
  { src: 'packages/web/src', output: 'packages/web/src/generated/graphql.ts' },
  { src: 'packages/sdk/src', output: 'packages/sdk/src/generated/graphql.ts' },
];

const root = new URL('..', import.meta.url).pathname;

const SUFFIX: Record<OperationTypeNode, string> = {
  [OperationTypeNode.QUERY]: 'Query',
  [OperationTypeNode.MUTATION]: 'Mutation',
  [OperationTypeNode.SUBSCRIPTION]: 'Subscription',
};

const PRELUDE = `
/**
 * A GraphQL document: a plain string at run time, whose type carries the result and the variables.
 * The two properties exist only in types (never read); required, so a string not cast to a document is refused.
 */
export type TypedDocument<Result, Variables> = string & { readonly __result: Result; readonly __variables: Variables };

/** A fragment's text, spread by documents built at run time. */
export type TypedFragment<Fragment> = string & { readonly __fragment: Fragment };
`;

/** The types documents are cast to, after typescript-operations' own. */
const documentTypes: CodegenPlugin = {
  plugin: (_schema, documents) => {
    const lines = documents.flatMap(({ document }) =>
      (document?.definitions ?? []).flatMap((definition) => {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
          const name = definition.name.value;
          return [`export type ${name}FragmentDocument = TypedFragment<${name}Fragment>;`];
        }
        if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) return [];
        const type = `${definition.name.value}${SUFFIX[definition.operation]}`;
        return [`export type ${definition.name.value}Document = TypedDocument<${type}, ${type}Variables>;`];
      }),
    );
    return { prepend: [PRELUDE], content: `\n${lines.join('\n')}\n` };
  },
};

const RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

/** Each document against the schema (with the package's fragments), failing with where it is written. */
function validateDocuments(schema: GraphQLSchema, documents: FoundDocument[]): void {
  const fragments: DefinitionNode[] = documents.flatMap(({ document }) =>
    document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION),
  );
  const problems = documents.flatMap(({ location, document }) => {
    const withFragments = { ...document, definitions: [...new Set([...document.definitions, ...fragments])] };
    return validate(schema, withFragments, RULES).map((error) => `${location}: ${error.message}`);
  });
  if (problems.length > 0) throw new Error(`documents that do not match the schema:\n${problems.join('\n')}`);
}

/** The generated file of one client package, as `npm run generate:graphql` writes it. */
export async function renderOperationTypes(client: ClientPackage, schema: GraphQLSchema, header: string): Promise<string> {
  const documents = findDocuments(`${root}${client.src}`);
  validateDocuments(schema, documents);
  const output = await codegen({
    filename: client.output,
    schema: parse(printSchema(schema)),
    schemaAst: schema,
    documents: documents.map(({ location, document }) => ({ location, document })),
    plugins: [{ typescriptOperations: {} }, { documentTypes: {} }],
    pluginMap: { typescriptOperations, documentTypes },
    config: {
      useTypeImports: true,
      skipTypename: true,
      scalars: { DateTime: 'string', JSON: 'unknown' },
    },
  });
  return `${header}${output}`;
}
