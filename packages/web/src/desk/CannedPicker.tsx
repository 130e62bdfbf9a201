import { useEffect, useState } from 'preact/hooks';
import type { Gql } from '../console/api.js';
import type { DeskCannedRepliesDocument, DeskCannedRepliesQuery } from '../generated/graphql.js';

export type CannedReply = DeskCannedRepliesQuery['project']['cannedReplies'][number];

const REPLIES = 'query DeskCannedReplies($p: ID!) { project(id: $p) { cannedReplies { shortcut text } } }' as DeskCannedRepliesDocument;

/** The project's canned replies, read once per conversation opened (an agent of another project gets none). */
export function useCannedReplies(gql: Gql, projectId: string | null): CannedReply[] {
  const [replies, setReplies] = useState<CannedReply[]>([]);
  useEffect(() => {
    if (!projectId) return;
    gql(REPLIES, { p: projectId }).then(
      (data) => setReplies(data.project.cannedReplies),
      () => setReplies([]),
    );
  }, [gql, projectId]);
  return replies;
}

/** The replies a draft of the form `/word` asks for (by shortcut start), or null when the draft is not one. */
export function cannedMatches(draft: string, replies: readonly CannedReply[]): CannedReply[] | null {
  const typed = /^\/([a-z0-9-]*)$/i.exec(draft.trim());
  if (!typed || replies.length === 0) return null;
  const word = (typed[1] ?? '').toLowerCase();
  return replies.filter((reply) => reply.shortcut.startsWith(word)).slice(0, 8);
}

/** The id of the option the reply box points at (`aria-activedescendant`). */
export const cannedOptionId = (shortcut: string) => `canned-${shortcut}`;

/** The list under a `/` draft: arrows choose (the reply box keeps the focus), Enter or a click inserts. */
export function CannedList({ matches, active, onPick }: { matches: CannedReply[]; active: number; onPick(reply: CannedReply): void }) {
  return (
    <div class="canned-picker" id="canned-replies" role="listbox" aria-label="Canned replies">
      {matches.length === 0 && <p class="muted">No canned reply starts with that.</p>}
      {matches.map((reply, index) => (
        <div
          key={reply.shortcut}
          id={cannedOptionId(reply.shortcut)}
          role="option"
          tabIndex={-1}
          aria-selected={index === active}
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(reply);
          }}
        >
          <code>/{reply.shortcut}</code> <span class="muted">{reply.text}</span>
        </div>
      ))}
    </div>
  );
}
