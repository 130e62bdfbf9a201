import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../console/ConfirmButton.js';
import { Notice } from '../../console/Notice.js';
import type { CannedRepliesDocument, CannedReplyCreateDocument, CannedReplyDeleteDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';

const LIST = 'query CannedReplies($id: ID!) { project(id: $id) { cannedReplies { id shortcut text } } }' as CannedRepliesDocument;
const CREATE =
  'mutation CannedReplyCreate($p: ID!, $s: String!, $t: String!) { cannedReplyCreate(input: { projectId: $p, shortcut: $s, text: $t }) { cannedReply { id } } }' as CannedReplyCreateDocument;
const DELETE =
  'mutation CannedReplyDelete($id: ID!) { cannedReplyDelete(input: { id: $id }) { cannedReply { id } } }' as CannedReplyDeleteDocument;

/** Answers the project's agents insert in the desk by typing `/shortcut`: add and delete. */
export function CannedReplies({ projectId }: { projectId: string }) {
  const gql = useGql();
  const replies = useLoad(async () => (await gql(LIST, { id: projectId })).project.cannedReplies, [gql, projectId]);
  const [shortcut, setShortcut] = useState('');
  const [text, setText] = useState('');
  const add = useAction();
  const remove = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const done = await add.run(
      async () => {
        await gql(CREATE, { p: projectId, s: shortcut, t: text });
        replies.reload();
      },
      `Agents can now type /${shortcut.trim().replace(/^\//, '').toLowerCase()} in the desk.`,
    );
    if (done) {
      setShortcut('');
      setText('');
    }
  };

  return (
    <Section
      title="Canned replies"
      description="Answers agents insert in the desk by typing / and the shortcut. Markdown works as in replies."
    >
      {replies.error && <Notice kind="error">{replies.error}</Notice>}
      {replies.data && replies.data.length === 0 && <p class="muted">No canned replies yet.</p>}
      {replies.data && replies.data.length > 0 && (
        <ul class="canned-list">
          {replies.data.map((reply) => (
            <li key={reply.id} aria-label={`/${reply.shortcut}`}>
              <code>/{reply.shortcut}</code>
              <span class="canned-text">{reply.text}</span>
              <ConfirmButton
                label="Delete"
                ariaLabel={`Delete /${reply.shortcut}`}
                question="Delete this canned reply?"
                confirmLabel="Delete"
                busy={remove.busy}
                onConfirm={() =>
                  void remove.run(async () => {
                    await gql(DELETE, { id: reply.id });
                    replies.reload();
                  })
                }
              />
            </li>
          ))}
        </ul>
      )}
      {remove.error && <Notice kind="error">{remove.error}</Notice>}
      <form class="stack form-narrow" onSubmit={submit} noValidate>
        <Field label="Shortcut" hint="Lower-case letters, digits or dashes, e.g. refund-policy.">
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              maxLength={33}
              value={shortcut}
              onInput={(event) => setShortcut(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Reply">
          {({ id }) => <textarea id={id} rows={3} maxLength={5000} value={text} onInput={(event) => setText(event.currentTarget.value)} />}
        </Field>
        {add.error && <Notice kind="error">{add.error}</Notice>}
        {add.success && <Notice kind="success">{add.success}</Notice>}
        <div class="row">
          <button type="submit" class="primary" disabled={add.busy}>
            Add canned reply
          </button>
        </div>
      </form>
    </Section>
  );
}
