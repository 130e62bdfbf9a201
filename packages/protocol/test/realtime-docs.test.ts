import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { CLIENT_FRAME_SCHEMAS, SERVER_FRAME_SCHEMAS } from '../src/index.js';

/** docs/protocol.md describes the frames in prose and tables; the schemas define them. These must agree. */
const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

interface Property {
  type?: string | string[];
  const?: string;
  enum?: string[];
  minimum?: number;
  properties?: Record<string, Property>;
  required?: string[];
  oneOf?: Property[];
}

/** A frame's fields in the schema's order (the order they are checked in); a frame with variants has each variant's. */
function fields(schema: z.core.$ZodType): { name: string; types: string[]; required: boolean; inSomeVariants: boolean }[] {
  const json = z.toJSONSchema(schema) as Property;
  const variants = json.oneOf ?? [json];
  const names = [...new Set(variants.flatMap((variant) => Object.keys(variant.properties ?? {})))].filter((name) => name !== 'type');
  return names.map((name) => {
    const properties = variants.flatMap((variant) => variant.properties?.[name] ?? []);
    return {
      name,
      types: [...new Set(properties.map(typeWords))],
      required: variants.every((variant) => variant.required?.includes(name)),
      inSomeVariants: variants.some((variant) => variant.required?.includes(name)),
    };
  });
}

/** How the tables write a field's type. */
function typeWords(property: Property): string {
  if (property.enum) return property.enum.map((value) => `\`'${value}'\``).join(' \\| ');
  if (property.const !== undefined) return `\`'${property.const}'\``;
  if (Array.isArray(property.type)) return property.type.join(' \\| ');
  if (property.type === 'integer') return `integer ≥ ${property.minimum}`;
  return property.type ?? '?';
}

/** Each direction's part of the page: `### Client → server` up to `### Server → client`, and that up to the next `###`. */
const PARTS = {
  client: doc.slice(doc.indexOf('### Client → server'), doc.indexOf('### Server → client')),
  server: doc.slice(doc.indexOf('### Server → client')).split(/\n(?=### )/)[0] ?? '',
};

/** The rows (`| \`field\` | type | … |`) of the table under `#### \`type\`` in its direction's part, if it has one. */
function tableOf(direction: keyof typeof PARTS, type: string): { name: string; type: string }[] {
  const part = PARTS[direction];
  const heading = part.search(new RegExp(`^#### .*\`${type}\``, 'm'));
  expect(heading, type).toBeGreaterThanOrEqual(0);
  const section = part.slice(heading).split(/\n(?=#{2,4} )/)[0] ?? '';
  return [...section.matchAll(/^\| `(\w+)` \| ([^|]*(?:\\\|[^|]*)*) \|/gm)].map(([, name = '', cell = '']) => ({
    name,
    type: cell.trim(),
  }));
}

/** The fields listed in a shared shape's line: `- **message** \`{ id, seq, author, … }\``. */
function shapeOf(name: string): string[] {
  const match = doc.match(new RegExp(`^- \\*\\*${name}\\*\\* \`\\{ (.*?) \\}\``, 'm'));
  expect(match, name).not.toBeNull();
  // `name?: string` is an optional field.
  return (match?.[1] ?? '').split(/, (?=\w+\??(?::|,|$))/).map((entry) => entry.split(/\??:/)[0]?.trim() ?? '');
}

describe('docs/protocol.md against the frames’ schemas', () => {
  const framed = [
    ...Object.entries(CLIENT_FRAME_SCHEMAS).map(([type, schema]) => ({ direction: 'client' as const, type, schema })),
    ...Object.entries(SERVER_FRAME_SCHEMAS).map(([type, schema]) => ({ direction: 'server' as const, type, schema })),
  ];

  it.each(framed)(
    'lists the fields of $direction frame $type in its table, in the order they are checked',
    ({ direction, type, schema }) => {
      const rows = tableOf(direction, type);
      if (rows.length === 0) return; // described by its example and the shared shapes
      const expected = fields(schema);
      expect(rows.map((row) => row.name)).toEqual(expected.map((field) => field.name));
      for (const [index, field] of expected.entries()) {
        const cell = rows[index]?.type ?? '';
        const words = field.types.length > 1 ? [field.types.join(' \\| ')] : field.types;
        const accepted = field.types[0] === 'string' ? [...words, 'timestamp'] : words;
        expect(
          accepted.some((word) => cell.startsWith(word)),
          `${type}.${field.name}: ${cell}`,
        ).toBe(true);
        // A frame with variants says which has the field (`visitors only`); any other marks it optional.
        if (!field.required && !field.inSomeVariants) expect(cell, field.name).toContain('*optional*');
      }
    },
  );

  it('lists the fields of the shared shapes', () => {
    const shapes = {
      author: propertiesOf(SERVER_FRAME_SCHEMAS.message, ['message', 'author']),
      message: propertiesOf(SERVER_FRAME_SCHEMAS.message, ['message']),
      conversation: propertiesOf(SERVER_FRAME_SCHEMAS.conversation, ['conversation']),
    };
    for (const [name, properties] of Object.entries(shapes)) expect(shapeOf(name), name).toEqual(Object.keys(properties));
  });
});

function propertiesOf(schema: z.core.$ZodType, path: string[]): Record<string, Property> {
  let property = z.toJSONSchema(schema) as Property;
  for (const field of path) property = property.properties?.[field] ?? {};
  return property.properties ?? {};
}
