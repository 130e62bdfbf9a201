/**
 * Every word the widget shows or announces, by key: one table per language (en.ts, fr.ts, de.ts, es.ts), and the shape
 * of the overrides a page passes (`parleyInterface.config.strings`) and the project's (`projectUpdateWidget`).
 * `{name}` marks a value the widget fills in; an override keeps the same placeholders.
 */
export interface WidgetStrings {
  /** The panel's heading. */
  title: string;
  /** The line under the heading. */
  subtitle: string;
  /** The panel's accessible name (a dialog). */
  dialogLabel: string;
  /** The launcher, closed, nothing unread (accessible name). */
  openChat: string;
  /** The launcher, closed, one unread message. */
  openChatUnreadOne: string;
  /** The launcher, closed, `{count}` unread messages (2 or more). */
  openChatUnreadMany: string;
  /** The launcher and the panel's close button while open. */
  closeChat: string;
  /** Above the conversation of a verified visitor. */
  signedInNotice: string;
  /** The conversation's accessible name (a live region). */
  conversationLabel: string;
  /** An empty conversation. */
  empty: string;
  /** Read before the visitor's own messages by screen readers. */
  you: string;
  /** Read before the agents' messages by screen readers. */
  agent: string;
  /** Shown over agents' messages when the project hides agents' names (or a message carries none). */
  support: string;
  /** Under a message waiting for the network. */
  sending: string;
  /** Under a message the server refused, before the retry button. */
  notSent: string;
  /** The button that sends a refused message again. */
  retry: string;
  /** Announced while an agent types. */
  agentTyping: string;
  /** The message box's label (for screen readers). */
  messageLabel: string;
  /** The message box's placeholder. */
  placeholder: string;
  /** The send button's accessible name. */
  send: string;
  /** The server's sign-in line, `{userId}` the verified userId (the padlock follows). */
  signedIn: string;
  /** Added to the sign-in line of a conversation that was closed for the user's own: `{conversationId}`. */
  continuedIn: string;
  /** The server's sign-out line. */
  signedOut: string;
  /** The server's line when an agent closed the conversation. */
  closed: string;
  /** The server's line when an agent reopened it. */
  reopened: string;
  /** Shown instead of the launcher when the page's secured activation failed (`showUnavailable`). */
  unavailable: string;
  /** The button that hides the unavailable notice (accessible name). */
  dismiss: string;
}

/** What a page (or the server) may override: any of the strings, each a non-empty string. */
export type WidgetStringOverrides = Partial<WidgetStrings>;
