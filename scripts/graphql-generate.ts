/**
 * Writes what is generated from the SDL in packages/server/src/graphql/schema/: the printed served
 * schema, the resolvers' types, the reference, and the operation types of the documents of the web
 * apps and the SDK. `npm run generate:graphql`; tests keep each equal to what this renders.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as typescript from '@graphql-codegen/typescript';
import * as typescriptResolvers from '@graphql-codegen/typescript-resolvers';
import { parse, printSchema } from 'graphql';
import { buildBareSchema } from '../packages/server/src/graphql/build-schema.js';
import { GRAPHQL_DOC_PATH, renderGraphQLDoc } from './graphql-doc.js';
import { CLIENT_PACKAGES, type ClientPackage, renderOperationTypes } from './graphql-operations.js';

export const GENERATE_COMMAND = 'npm run generate:graphql';
export const SCHEMA_PATH = new URL('../packages/server/schema.graphql', import.meta.url).pathname;
export const RESOLVER_TYPES_PATH = new URL('../packages/server/src/graphql/generated/resolvers-types.ts', import.meta.url).pathname;

const header = (comment: string) =>
  `${comment} Generated from packages/server/src/graphql/schema/*.graphql by \`${GENERATE_COMMAND}\`; a test fails when they differ.\n`;

/** The schema clients see (introspection prints the same), without the server's `@access`. */
export function renderSchemaFile(): string {
  return `${header('#')}\n${printSchema(buildBareSchema())}\n`;
}

/** Types for the resolvers (GraphQL Code Generator's typescript-resolvers), parents mapped to the objects the resolvers return. */
export async function renderResolverTypes(): Promise<string> {
  const schema = buildBareSchema();
  const output = await codegen({
    filename: RESOLVER_TYPES_PATH,
    schema: parse(printSchema(schema)),
    schemaAst: schema,
    documents: [],
    plugins: [{ typescript: {} }, { typescriptResolvers: {} }],
    pluginMap: { typescript, typescriptResolvers },
    config: {
      useTypeImports: true,
      enumsAsTypes: true,
      makeResolverTypeCallable: true,
      contextType: '../context.js#GraphQLContext',
      mappers: {
        Project: '../schema/projects.js#ProjectNode',
        Conversation: '../schema/conversations.js#ConversationNode',
        WebhookEndpoint: '../../webhooks/endpoints.js#WebhookEndpointNode',
        WebhookDelivery: '../../webhooks/deliveries.js#WebhookDeliveryNode',
      },
      scalars: { DateTime: { input: 'Date', output: 'Date | string' }, JSON: 'unknown' },
    },
  });
  return `${header('//')}${output}`;
}

/** The operation types of a client package's documents, checked against the served schema. */
export async function renderClientTypes(client: ClientPackage): Promise<string> {
  const header = `// Generated from the documents in ${client.src} and the served schema by \`${GENERATE_COMMAND}\`; a test fails when they differ.\n`;
  return renderOperationTypes(client, buildBareSchema(), header);
}

export { CLIENT_PACKAGES };
export const clientOutputPath = (client: ClientPackage) => new URL(`../${client.output}`, import.meta.url).pathname;

if (process.argv[1] === new URL(import.meta.url).pathname) {
  writeFileSync(SCHEMA_PATH, renderSchemaFile());
  writeFileSync(RESOLVER_TYPES_PATH, await renderResolverTypes());
  writeFileSync(GRAPHQL_DOC_PATH, renderGraphQLDoc());
  const clients = [];
  for (const client of CLIENT_PACKAGES) {
    mkdirSync(dirname(clientOutputPath(client)), { recursive: true });
    writeFileSync(clientOutputPath(client), await renderClientTypes(client));
    clients.push(client.output);
  }
  console.log(`wrote ${SCHEMA_PATH}, ${RESOLVER_TYPES_PATH}, ${GRAPHQL_DOC_PATH} and ${clients.join(', ')}`);
}
