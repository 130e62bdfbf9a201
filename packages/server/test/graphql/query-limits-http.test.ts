import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant } from '../helpers/graphql.js';

/** `query { ...F0 }` where each fragment spreads the next one twice: 2^n paths to the last one. */
const doublingFragments = (n: number) =>
  `query { ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${n} on Query { __typename }`;

/** The answer and how long it took, through `inject`. */
async function timed(run: () => Promise<Awaited<ReturnType<typeof gql>>>) {
  const start = performance.now();
  const answer = await run();
  return { answer, ms: performance.now() - start };
}

// The limits are checked during validation, before any store is read: one dialect is enough.
describe('query limits over HTTP (issue 13)', () => {
  let testApp: TestApp;
  let admin: string;

  beforeAll(async () => {
    testApp = await openTestApp('sqlite', { env: ADMIN_ENV });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    await gql(testApp.app, '{ serverInfo { version } }');
  });
  afterAll(async () => {
    await testApp?.dispose();
  });

  it('refuses a ~1 KB anonymous document of fragments spreading the next one twice in milliseconds', async () => {
    for (const n of [22, 40]) {
      const { answer, ms } = await timed(() => gql(testApp.app, doublingFragments(n)));
      expect(answer.status).toBe(400);
      expect(errorName(answer)).toBe('VALIDATION_FAILED');
      expect(answer.errors?.[0]?.message).toMatch(/^query cost \d+ is over the limit of 25000/);
      expect(ms).toBeLessThan(200);
    }
  });

  it('refuses a fragment cycle, and hundreds of wide aliases in milliseconds', async () => {
    const cycle = await gql(testApp.app, '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A serverInfo { version } }');
    expect(cycle.status).toBe(400);
    expect(errorName(cycle)).toBe('VALIDATION_FAILED');
    expect(cycle.errors?.map((error) => error.message)).toContain('Cannot spread fragment "A" within itself via "B".');

    // Wide aliases: within the alias limit each asks for pages of members of pages of projects and the cost refuses them;
    // past it the guard does. Copies of one field are refused before graphql-js compares them pairwise.
    const aliases = (count: number) =>
      Array.from({ length: count }, (_, i) => `a${i}: projects { edges { node { members { edges { node { id email } } } } } }`).join(' ');
    const copies = `{ ${'a: conversation(id: "x") { id } '.repeat(60)}}`;
    for (const [document, refusal] of [
      [`{ ${aliases(50)} }`, /^query cost \d+ is over the limit/],
      [`{ ${aliases(51)} }`, /^the document has more than 50 aliases/],
      [copies, /^the document has more than 50 aliases/],
      [copies.replaceAll('a: ', ''), /^the document selects "conversation" more than 50 times/],
    ] as const) {
      const { answer, ms } = await timed(() => gql(testApp.app, document));
      expect(answer.status).toBe(400);
      expect(errorName(answer)).toBe('VALIDATION_FAILED');
      expect(answer.errors?.[0]?.message).toMatch(refusal);
      expect(ms).toBeLessThan(200);
    }
  });

  it('refuses 64 KiB of nesting or of fragments before parsing it, in milliseconds', async () => {
    const nested = `{ ${'serverInfo { '.repeat(3_000)}version${' }'.repeat(3_000)} }`;
    const inline = `{ ${'... on Query { '.repeat(3_000)}__typename${' }'.repeat(3_000)} }`;
    const list = `{ conversation(id: ${'['.repeat(30_000)}"x"${']'.repeat(30_000)}) { id } }`;
    const chain = `{ ...F0 } ${Array.from({ length: 1_500 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`).join(' ')}`;
    for (const document of [nested, inline, list, chain]) {
      expect(document.length).toBeLessThan(64 * 1024 - 100);
      const { answer, ms } = await timed(() => gql(testApp.app, document));
      expect(answer.status).toBe(400);
      expect(errorName(answer)).toBe('VALIDATION_FAILED');
      expect(answer.errors?.[0]?.message).toMatch(/^the document (nests deeper than 64|has more than 2000 tokens)/);
      expect(ms).toBeLessThan(100);
    }
  });

  it('reads the query as GraphQL text only, never as a JSON syntax tree', async () => {
    const tree = JSON.stringify({
      kind: 'Document',
      definitions: [{ kind: 'OperationDefinition', operation: 'query', selectionSet: { kind: 'SelectionSet', selections: [] } }],
    });
    const answer = await gql(testApp.app, tree);
    expect(answer.status).toBe(400);
    expect(errorName(answer)).toBe('VALIDATION_FAILED');
    expect(answer.errors?.[0]?.message).toMatch(/^Syntax Error/);
  });

  it('runs one visitor mutation per request: aliases cannot mint many transfer tokens', async () => {
    const twice = await gql(
      testApp.app,
      'mutation { a1: visitorTransferCreate { transferToken } a2: visitorTransferCreate { transferToken } }',
    );
    expect(twice.status).toBe(400);
    expect(errorName(twice)).toBe('VALIDATION_FAILED');
    expect(twice.errors?.[0]?.message).toMatch(/^a request may run at most 1 visitor mutation \(this one runs 2: visitorTransferCreate\)/);
    const mixed = await gql(
      testApp.app,
      'mutation { visitorLogout { __typename } ...T } fragment T on Mutation { visitorTransferCreate { transferToken } }',
    );
    expect(errorName(mixed)).toBe('VALIDATION_FAILED');
    // One is validated and runs (refused here for want of a visitor bearer, not by the limit).
    const once = await gql(testApp.app, 'mutation { visitorTransferCreate { transferToken } }');
    expect(errorName(once)).not.toBe('VALIDATION_FAILED');
  });

  it('runs at most 10 root fields of other mutations per request', async () => {
    const create = (count: number) =>
      `mutation { ${Array.from({ length: count }, (_, i) => `p${i}: projectCreate(input: { name: "Alias ${i}" }) { project { id } }`).join(' ')} }`;
    const count = async () =>
      (await gqlOk<{ projects: { totalCount: number } }>(testApp.app, '{ projects { totalCount } }', {}, admin)).projects.totalCount;
    const before = await count();
    const eleven = await gql(testApp.app, create(11), {}, admin);
    expect(eleven.status).toBe(400);
    expect(errorName(eleven)).toBe('VALIDATION_FAILED');
    expect(eleven.errors?.[0]?.message).toMatch(/^a request may run at most 10 mutation fields \(this one runs 11/);
    expect(await count()).toBe(before);
    await gqlOk(testApp.app, create(10), {}, admin);
    expect(await count()).toBe(before + 10);
  });
});
