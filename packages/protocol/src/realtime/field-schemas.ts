import * as z from 'zod/mini';

/**
 * Builders of the frames' field schemas (internal). Each carries the wording of its error, which is part of
 * the protocol (a client gets it in `VALIDATION_FAILED` and in close reasons): `is required` when the field
 * is absent, `must be <rule>` otherwise. parseFrame prefixes the path (`send.text must be …`).
 */
const worded = (rule: string) => ({
  error: (issue: { readonly input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${rule}`),
});

/** A string meeting `accepts`; `rule` says what is accepted. */
export function text(rule: string, accepts: (value: string) => boolean) {
  return z.string(worded(rule)).check(z.refine(accepts, worded(rule)));
}

/** Always present: null, or a string meeting `accepts`. */
export function nullableText(rule: string, accepts: (value: string) => boolean) {
  return z.nullable(text(`null or ${rule}`, accepts));
}

/** A safe integer >= min; -0 arrives as 0. */
export function integer(min: number) {
  const rule = worded(`an integer >= ${min}`);
  return z.int(rule).check(
    z.gte(min, rule),
    z.overwrite((value: number) => (value === 0 ? 0 : value)),
  );
}

export function flag() {
  return z.boolean(worded('true or false'));
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, worded(`one of ${values.join(', ')}`));
}

/** A nested object; its fields' errors carry its path (`message.message.author.kind`). */
export function record<const S extends z.core.$ZodLooseShape>(shape: S) {
  return z.object(shape, worded('an object'));
}

/** Omitted when absent, never undefined; when present, null included, the field's own rule applies. */
export const optional = z.exactOptional;

/**
 * Variants of one frame told apart by `field` (a `ready` frame by its `role`): `field` must hold one of the
 * variants' values (`must be one of visitor, operator`), then that variant's fields are checked in its order.
 */
export function variants<const O extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  field: string,
  options: O,
) {
  return z.discriminatedUnion(field, options, {
    // The issue is about the whole object; it lists the values the variants accept.
    error: (issue) => {
      const { input } = issue;
      if (typeof input !== 'object' || input === null || (input as Record<string, unknown>)[field] === undefined) return 'is required';
      return `must be one of ${((issue as { options?: readonly unknown[] }).options ?? []).join(', ')}`;
    },
  });
}
