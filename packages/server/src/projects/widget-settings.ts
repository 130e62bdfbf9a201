import {
  type PublicWidgetAppearance,
  WIDGET_LANGUAGES,
  WIDGET_STRING_KEYS,
  type WidgetLanguageCode,
  type WidgetStringKey,
} from '@parley/protocol';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { isVisibleLine } from '../identity/visible-line.js';

/** One per-project override of a widget string in one language. */
export interface WidgetStringOverride {
  language: WidgetLanguageCode;
  key: WidgetStringKey;
  text: string;
}

/** A project's widget appearance and wording, as the admin sets it (projectUpdateWidget). */
export interface WidgetSettings extends Omit<PublicWidgetAppearance, 'strings'> {
  strings: WidgetStringOverride[];
}

export const DEFAULT_WIDGET: Readonly<WidgetSettings> = Object.freeze({
  accentColor: null,
  title: null,
  subtitle: null,
  greeting: null,
  launcherPosition: 'right',
  agentNames: 'name',
  strings: [],
});

const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be blank (send null for the default)')
    .max(max, `at most ${max} characters`)
    .refine(isVisibleLine, 'must be one line of visible text');

const override = z.object({
  language: z.enum(WIDGET_LANGUAGES, { message: `must be one of ${WIDGET_LANGUAGES.join(', ')}` }),
  key: z.enum(WIDGET_STRING_KEYS, { message: 'is not a widget string (docs/reference/sdk.md, Languages, lists them)' }),
  text: line(300),
});

const patchSchema = z
  .object({
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #0a7c5a (# and six hex digits)')
      .transform((value) => value.toLowerCase())
      .nullable(),
    title: line(60).nullable(),
    subtitle: line(120).nullable(),
    greeting: line(500).nullable(),
    launcherPosition: z.enum(['right', 'left']),
    agentNames: z.enum(['name', 'generic']),
    strings: z
      .array(override)
      .max(WIDGET_LANGUAGES.length * WIDGET_STRING_KEYS.length)
      .refine((list) => new Set(list.map((item) => `${item.language}.${item.key}`)).size === list.length, {
        message: 'one override per language and string',
      }),
  })
  .partial()
  .strict();

function refuse(error: z.ZodError): never {
  const issue = error.issues[0];
  throw new ApiError('VALIDATION_FAILED', `${issue?.path.join('.') || 'widget'}: ${issue?.message ?? 'invalid'}`);
}

/** Validates a partial update (absent fields keep their value, null restores a default). */
export function applyWidgetPatch(current: WidgetSettings, patch: unknown): WidgetSettings {
  const parsed = patchSchema.safeParse(patch);
  if (!parsed.success) refuse(parsed.error);
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return { ...current, ...defined };
}

/** The stored JSON read back; what a newer version wrote and this one does not know is left at its default. */
export function widgetFromJson(json: string): WidgetSettings {
  const parsed = patchSchema.strip().safeParse(JSON.parse(json || '{}'));
  return { ...DEFAULT_WIDGET, ...(parsed.success ? parsed.data : {}) } as WidgetSettings;
}

/** What the widget reads: the overrides grouped by language. */
export function publicWidget(settings: WidgetSettings): PublicWidgetAppearance {
  const strings: PublicWidgetAppearance['strings'] = {};
  for (const { language, key, text } of settings.strings) strings[language] = { ...strings[language], [key]: text };
  const { strings: _, ...rest } = settings;
  return { ...rest, strings };
}
