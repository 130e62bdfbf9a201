// The GraphQL examples of docs/reference/data-retrieval.md, validated against the served schema as written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphQLSchema } from '../../packages/server/src/graphql/build-schema.js';
import { ROOT } from '../interop/helpers/parley.js';

const doc = readFileSync(join(ROOT, 'docs/reference/data-retrieval.md'), 'utf8');
const examples = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('docs/reference/data-retrieval.md', () => {
  it('has its examples', () => expect(examples.length).toBeGreaterThanOrEqual(5));

  it.each(examples.map((example) => [example.match(/^(?:query|mutation) (\w+)/)?.[1] ?? example.slice(0, 30), example]))(
    '%s is valid against the schema',
    (_, example) => expect(validate(buildGraphQLSchema(), parse(example)).map((error) => error.message)).toEqual([]),
  );
});
