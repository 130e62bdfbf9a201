/**
 * Characters a one-line label must not hold: controls, format characters (bidi overrides and isolates, zero-width
 * spaces and marks), line and paragraph separators, lone surrogates. A name an agent or a visitor reads could
 * otherwise disguise itself (`Ada\u202Eevil`) or render as nothing. The zero-width joiner stays: emoji need it (👩‍💻).
 */
const HIDDEN = /(?!\u200D)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
/** What renders as blank space (Hangul fillers, the blank Braille pattern, the joiner alone). */
const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0\u2800\u200D]/gu;

/** True for one line of text a reader can see: no hidden characters, and something besides spaces and blanks. */
export function isVisibleLine(text: string): boolean {
  return !HIDDEN.test(text) && text.replace(BLANK_LETTERS, '').trim() !== '';
}
