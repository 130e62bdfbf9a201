/** Up to two initials of a name for an avatar: "Ada Lovelace" → "AL", "bob" → "B"; letters and digits only. */
export function initials(name: string): string {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  const first = words[0]?.[Symbol.iterator]().next().value ?? '';
  const last = words.length > 1 ? (words.at(-1)?.[Symbol.iterator]().next().value ?? '') : '';
  return (first + last).toLocaleUpperCase();
}
