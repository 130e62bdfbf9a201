import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const generate = () => import('../../../../scripts/graphql-generate.js');

describe('files generated from the SDL (npm run generate:graphql)', () => {
  it('schema.graphql is the served schema', async () => {
    const { GENERATE_COMMAND, SCHEMA_PATH, renderSchemaFile } = await generate();
    expect(readFileSync(SCHEMA_PATH, 'utf8'), `stale: run ${GENERATE_COMMAND}`).toBe(renderSchemaFile());
  });

  it("the resolvers' types are the code generator's for the served schema", async () => {
    const { GENERATE_COMMAND, RESOLVER_TYPES_PATH, renderResolverTypes } = await generate();
    expect(readFileSync(RESOLVER_TYPES_PATH, 'utf8'), `stale: run ${GENERATE_COMMAND}`).toBe(await renderResolverTypes());
  });

  it("the clients' operation types are the code generator's for their documents", async () => {
    const { CLIENT_PACKAGES, GENERATE_COMMAND, clientOutputPath, renderClientTypes } = await generate();
    for (const client of CLIENT_PACKAGES)
      expect(readFileSync(clientOutputPath(client), 'utf8'), `${client.output} is stale: run ${GENERATE_COMMAND}`).toBe(
        await renderClientTypes(client),
      );
  });
});
