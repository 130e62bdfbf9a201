import { useState } from 'preact/hooks';
import type { Gql } from '../console/api.js';
import type { ViewerRenameDocument } from '../generated/graphql.js';
import { initials } from '../widget/initials.js';
import type { OperatorRef } from './desk-types.js';

const RENAME =
  'mutation ViewerRename($name: String!) { viewerUpdate(input: { displayName: $name }) { operator { id displayName } } }' as ViewerRenameDocument;

/**
 * The signed-in agent's name and initials in the top bar; a click lets them change it. It is what colleagues see on
 * their replies and assignments, and visitors too unless the project shows "Support".
 */
export function NameEditor({ gql, me, onRenamed }: { gql: Gql; me: OperatorRef; onRenamed(me: OperatorRef): void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (draft === null)
    return (
      <button
        type="button"
        class="name-button"
        aria-label={`Your name: ${me.displayName}. Change it`}
        onClick={() => setDraft(me.displayName)}
      >
        <span class="avatar" aria-hidden="true">
          {initials(me.displayName)}
        </span>
        <span class="name">{me.displayName}</span>
      </button>
    );

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onRenamed((await gql(RENAME, { name: draft })).viewerUpdate.operator);
      setDraft(null);
      setError(null);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="name-editor" onSubmit={save}>
      <input
        aria-label="Your name, shown on your replies"
        value={draft}
        maxLength={80}
        // biome-ignore lint/a11y/noAutofocus: the agent just asked to edit it
        autoFocus
        onInput={(event) => setDraft(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      <button type="submit" class="small primary" disabled={busy}>
        Save
      </button>
      <button type="button" class="small" onClick={() => setDraft(null)}>
        Cancel
      </button>
      {error && (
        <span class="name-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
