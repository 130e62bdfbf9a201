/**
 * The per-project widget appearance an admin sets and the widget reads from the server
 * (`GET /sdk/projects/{projectId}/widget`): the names both sides agree on.
 */

/** The languages the widget speaks; a per-project string override names one of them. */
export const WIDGET_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type WidgetLanguageCode = (typeof WIDGET_LANGUAGES)[number];

/** Every string of the widget a project (or a page) may override. */
export const WIDGET_STRING_KEYS = [
  'title',
  'subtitle',
  'dialogLabel',
  'openChat',
  'openChatUnreadOne',
  'openChatUnreadMany',
  'closeChat',
  'signedInNotice',
  'conversationLabel',
  'empty',
  'you',
  'agent',
  'support',
  'sending',
  'notSent',
  'retry',
  'agentTyping',
  'messageLabel',
  'placeholder',
  'send',
  'signedIn',
  'continuedIn',
  'signedOut',
  'closed',
  'reopened',
  'unavailable',
  'dismiss',
] as const;
export type WidgetStringKey = (typeof WIDGET_STRING_KEYS)[number];

/** What the widget receives: null fields take the widget's own default. */
export interface PublicWidgetAppearance {
  /** `#rrggbb`; null: Parley's indigo. */
  accentColor: string | null;
  title: string | null;
  subtitle: string | null;
  /** A first line from the brand above every conversation; null: none. */
  greeting: string | null;
  launcherPosition: 'right' | 'left';
  /** `generic`: agents' messages reach visitors without the agent's name, under the `support` string. */
  agentNames: 'name' | 'generic';
  /** Overrides by language, then by string key. */
  strings: Partial<Record<WidgetLanguageCode, Partial<Record<WidgetStringKey, string>>>>;
}
