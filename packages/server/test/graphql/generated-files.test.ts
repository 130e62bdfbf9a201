import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it("refuses a client's document without a name, or cast to another operation's type", async () => {
    const { findDocuments } = await import('../../../../scripts/graphql-documents.js');
    const dir = mkdtempSync(join(tmpdir(), 'parley-documents-'));
    const found = (source: string) => {
      writeFileSync(join(dir, 'a.ts'), source);
      return () => findDocuments(dir);
    };
    try {
      expect(found("const A = 'query A { viewer { operator { id } } }' as ADocument;")().map((d) => d.location)).toHaveLength(1);
      expect(found("const A = '{ viewer { operator { id } } }' as ADocument;")).toThrow(/name the operation/);
      expect(found("const A = 'query B { viewer { operator { id } } }' as ADocument;")).toThrow(/cast to BDocument/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
