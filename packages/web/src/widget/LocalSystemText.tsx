import { localSystemLine } from './i18n/system-lines.js';
import type { WidgetStrings } from './i18n/widget-strings.js';

/** A system line in the visitor's language, the userId it names as an isolate (as SystemText does for the desk). */
export function LocalSystemText({ text, strings }: { text: string; strings: WidgetStrings }) {
  const line = localSystemLine(text, strings);
  if ('text' in line) return <>{line.text}</>;
  return (
    <>
      {line.before}
      <bdi>{line.userId}</bdi>
      {line.after}
    </>
  );
}
