import { systemLineParts } from './system-line.js';

/**
 * A system line's words, the userId it names as an isolate (`<bdi>`): a bidi control in the brand's userId cannot move
 * the padlock or the words after it. Shown in the widget and in the desk.
 */
export function SystemText({ text }: { text: string }) {
  const parts = systemLineParts(text);
  if (!parts) return <>{text}</>;
  return (
    <>
      {parts.before}
      <bdi>{parts.userId}</bdi>
      {parts.after}
    </>
  );
}
