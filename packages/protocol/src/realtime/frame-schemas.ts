import type * as z from 'zod/mini';

/** The schemas of one direction's frames, keyed by `type`; each must parse to a frame of that very type. */
export type FrameSchemaTable<T> = { readonly [K in keyof T]: z.core.$ZodType<{ type: K }> };

/** Checks at compile time that every key is its schema's `type`. */
export function frameSchemas<const T extends FrameSchemaTable<T>>(schemas: T): T {
  return schemas;
}

/** The types of a table, in its order (which error messages list: `type must be one of auth, send, …`). */
export function frameTypes<T extends object>(schemas: T): readonly (keyof T & string)[] {
  return Object.keys(schemas) as (keyof T & string)[];
}
