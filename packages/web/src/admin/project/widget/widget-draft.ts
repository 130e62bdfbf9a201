import { WIDGET_LANGUAGES, WIDGET_STRING_KEYS, type WidgetLanguageCode, type WidgetStringKey } from '@parley/protocol';
import type { ProjectWidgetQuery } from '../../../generated/graphql.js';

/** Project.widget as the admin reads it. */
export type WidgetAppearance = ProjectWidgetQuery['project']['widget'];

/** The form's values: texts as typed (blank = the default), the colour on or off. */
export interface WidgetDraft {
  customAccent: boolean;
  accentColor: string;
  title: string;
  subtitle: string;
  greeting: string;
  launcherPosition: 'RIGHT' | 'LEFT';
  agentNames: 'NAME' | 'GENERIC';
  strings: { language: WidgetLanguageCode; key: WidgetStringKey; text: string }[];
}

/** Parley's own indigo: where the colour picker starts. */
export const DEFAULT_ACCENT = '#4338ca';

const isLanguage = (value: string): value is WidgetLanguageCode => (WIDGET_LANGUAGES as readonly string[]).includes(value);
const isKey = (value: string): value is WidgetStringKey => (WIDGET_STRING_KEYS as readonly string[]).includes(value);

export function draftOf(widget: WidgetAppearance): WidgetDraft {
  return {
    customAccent: widget.accentColor !== null,
    accentColor: widget.accentColor ?? DEFAULT_ACCENT,
    title: widget.title ?? '',
    subtitle: widget.subtitle ?? '',
    greeting: widget.greeting ?? '',
    launcherPosition: widget.launcherPosition,
    agentNames: widget.agentNames,
    strings: widget.strings.flatMap(({ language, key, text }) => (isLanguage(language) && isKey(key) ? [{ language, key, text }] : [])),
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The projectUpdateWidget input of a draft: every field, blanks as null (the defaults); the server checks the rest. */
export function inputOf(draft: WidgetDraft) {
  return {
    accentColor: draft.customAccent ? draft.accentColor.trim().toLowerCase() : null,
    title: orNull(draft.title),
    subtitle: orNull(draft.subtitle),
    greeting: orNull(draft.greeting),
    launcherPosition: draft.launcherPosition,
    agentNames: draft.agentNames,
    strings: draft.strings.map(({ language, key, text }) => ({ language, key, text: text.trim() })),
  };
}
