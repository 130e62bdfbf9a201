import type { PublicWidgetAppearance } from '@parley/protocol';
import { chooseLanguage, resolveStrings, TABLES, validOverrides, type WidgetLanguage } from './i18n/resolve-strings.js';
import type { WidgetStrings } from './i18n/widget-strings.js';

/** The widget's part of `parleyInterface.config` (the tag reads the rest), as the page wrote it: checked here. */
export interface WidgetConfig {
  /** A BCP 47 tag (`fr`, `fr-CA`…) put before the browser's languages. */
  locale?: unknown;
  /** The iAdvize tag's name for it (`iAdvizeInterface.config.lang`). */
  lang?: unknown;
  /** Per-string overrides (`WidgetStrings` keys). */
  strings?: unknown;
  /** False: a failed secured activation leaves the widget hidden instead of saying chat is unavailable. */
  showUnavailable?: unknown;
}

export interface WidgetOptions {
  /** The widget's `lang`: the tag its language was chosen from, `en` when none. */
  lang: string;
  /** Times of day are formatted for it: the same tag, or the browser's own format (undefined) for the English fallback. */
  locale: string | undefined;
  /** The language of the widget's strings. */
  language: WidgetLanguage;
  /** The page's own overrides (`config.strings`): they win over the project's. */
  pageStrings: Partial<WidgetStrings>;
  strings: WidgetStrings;
  showUnavailable: boolean;
  /** A line from the brand above every conversation (the project's greeting). */
  greeting: string | null;
  /** False: agents' messages show the `support` string, never a name. */
  agentNames: boolean;
}

/** What of `strings` the widget cannot use, for the warning (null: nothing). */
function ignoredStrings(strings: unknown): string | null {
  if (strings === undefined) return null;
  if (typeof strings !== 'object' || strings === null) return 'config.strings is not an object';
  const valid = validOverrides(strings);
  const ignored = Object.keys(strings).filter((key) => !Object.hasOwn(valid, key));
  return ignored.length === 0 ? null : `config.strings: ${ignored.join(', ')} (not a widget string, or not a non-blank string)`;
}

/**
 * The widget's options from the page's config and the browser's languages (`navigator.languages`): the page's locale
 * first, then the browser's, English when the widget speaks none of them. What it cannot use is named in a warning.
 */
export function widgetOptions(config: WidgetConfig, browserLanguages: readonly string[], warn: (message: string) => void): WidgetOptions {
  const locale = config.locale ?? config.lang;
  if (locale !== undefined && typeof locale !== 'string')
    warn('[parley] ignored config.locale: not a language tag such as "fr" or "fr-CA"');
  const locales = [...(typeof locale === 'string' ? [locale] : []), ...browserLanguages];
  const ignored = ignoredStrings(config.strings);
  if (ignored !== null) warn(`[parley] ignored ${ignored}`);
  const { language, locale: chosen } = chooseLanguage(locales);
  const pageStrings = validOverrides(config.strings);
  return {
    lang: chosen ?? 'en',
    locale: chosen ?? undefined,
    language,
    pageStrings,
    strings: resolveStrings(locales, pageStrings),
    showUnavailable: config.showUnavailable !== false,
    greeting: null,
    agentNames: true,
  };
}

/**
 * The options with the project's appearance (null: none could be loaded): its strings for the widget's language over
 * the language's own, its title and subtitle over those, and the page's overrides over everything.
 */
export function withAppearance(options: WidgetOptions, appearance: PublicWidgetAppearance | null): WidgetOptions {
  if (!appearance) return options;
  const { title, subtitle } = appearance;
  return {
    ...options,
    strings: {
      ...TABLES[options.language],
      ...validOverrides(appearance.strings?.[options.language]),
      ...validOverrides({ title, subtitle }),
      ...options.pageStrings,
    },
    greeting: typeof appearance.greeting === 'string' && appearance.greeting.trim() !== '' ? appearance.greeting : null,
    agentNames: appearance.agentNames !== 'generic',
  };
}
