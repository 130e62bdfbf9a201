import { DE } from './de.js';
import { EN } from './en.js';
import { ES } from './es.js';
import { FR } from './fr.js';
import type { WidgetStringOverrides, WidgetStrings } from './widget-strings.js';

/** The languages the widget speaks; every other falls back to English. All four ship in the script (about 2 KB gzip). */
export const TABLES = { en: EN, fr: FR, de: DE, es: ES } as const satisfies Record<string, WidgetStrings>;

export type WidgetLanguage = keyof typeof TABLES;

/**
 * The first tag of `locales` (BCP 47, e.g. `fr-CA`; case and `_` forgiven) in a language the widget speaks, and that
 * language; English and no tag when there is none.
 */
export function chooseLanguage(locales: readonly string[]): { language: WidgetLanguage; locale: string | null } {
  for (const locale of locales) {
    const language = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (Object.hasOwn(TABLES, language)) return { language: language as WidgetLanguage, locale: locale.trim().replace(/_/g, '-') };
  }
  return { language: 'en', locale: null };
}

/** The overrides that are strings of the widget and not blank; anything else (unknown keys, other types) is left out. */
export function validOverrides(overrides: unknown): WidgetStringOverrides {
  if (typeof overrides !== 'object' || overrides === null) return {};
  const valid: Record<string, string> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (Object.hasOwn(EN, key) && typeof value === 'string' && value.trim() !== '') valid[key] = value;
  }
  return valid;
}

/**
 * The widget's strings for a visitor: the table of the first language of `locales` it speaks (English when none),
 * with `overrides` on top. Pure, DOM-free: the page's config and, later, the server's per-project overrides go through
 * it alike.
 */
export function resolveStrings(locales: readonly string[], overrides?: unknown): WidgetStrings {
  return { ...TABLES[chooseLanguage(locales).language], ...validOverrides(overrides) };
}

/** A string with its `{name}` placeholders filled; an unknown placeholder stays as written. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
