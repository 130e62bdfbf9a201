/**
 * The server's sign-in line (packages/server/src/conversations/identity-lines.ts): "Visitor signed in as <userId> 🔒",
 * maybe followed by " — continued in conversation <id>". Greedy, so a userId that itself holds " 🔒" stays whole.
 */
const SIGNED_IN = /^(Visitor signed in as )(.+)( 🔒(?: — continued in conversation \S+)?)$/su;

/** A system line cut around the userId it names (`before`, `userId`, `after`), or null for a line naming no one. */
export function systemLineParts(text: string): { before: string; userId: string; after: string } | null {
  const match = SIGNED_IN.exec(text);
  return match ? { before: match[1] ?? '', userId: match[2] ?? '', after: match[3] ?? '' } : null;
}
