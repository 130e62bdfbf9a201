import { systemLineParts } from '../system-line.js';
import { fill } from './resolve-strings.js';
import type { WidgetStrings } from './widget-strings.js';

/** What follows the userId in the server's sign-in line: the padlock, and the conversation it continued in, if any. */
const SIGNED_IN_TAIL = /^ 🔒(?: — continued in conversation (\S+))?$/u;

/** The server's fixed lines (identity-lines.ts, conversations.ts) and the string each is shown as. */
const KNOWN_LINES = new Map<string, 'signedOut' | 'closed' | 'reopened'>([
  ['Visitor signed out', 'signedOut'],
  ['Conversation closed', 'closed'],
  ['Conversation reopened', 'reopened'],
]);

export type LocalSystemLine = { text: string } | { before: string; userId: string; after: string };

/**
 * A system line of the server (written in English: identity-lines.ts) in the visitor's language, the userId it names
 * kept apart so it is shown as an isolate. A line the widget does not know stays as the server wrote it.
 */
export function localSystemLine(text: string, strings: WidgetStrings): LocalSystemLine {
  const known = KNOWN_LINES.get(text);
  if (known) return { text: strings[known] };
  const parts = systemLineParts(text);
  const tail = parts && SIGNED_IN_TAIL.exec(parts.after);
  if (!parts || !tail) return parts ?? { text };
  const continued = tail[1] === undefined ? '' : fill(strings.continuedIn, { conversationId: tail[1] });
  const [before = '', after] = strings.signedIn.split('{userId}', 2);
  // An override without the placeholder names no one.
  if (after === undefined) return { text: `${before} 🔒${continued}` };
  return { before, userId: parts.userId, after: `${after} 🔒${continued}` };
}
