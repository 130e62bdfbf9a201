/**
 * Why `text` cannot be stored as written, or null when it can: U+0000 (PostgreSQL refuses it) and a
 * lone UTF-16 surrogate (stored as U+FFFD, it would make distinct ids one). `\p{Cs}` with the `u`
 * flag matches only unpaired surrogates: this is `!isWellFormed()`, which the ES2023 lib lacks.
 */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'holds U+0000 (NUL)';
  if (/\p{Cs}/u.test(text)) return 'holds a lone UTF-16 surrogate (U+D800–U+DFFF outside a pair)';
  return null;
}
