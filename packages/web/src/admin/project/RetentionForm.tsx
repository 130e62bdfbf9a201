import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { ProjectRetentionDocument, ProjectUpdateRetentionDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { NumberInput } from '../NumberInput.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';

const LOAD =
  'query ProjectRetention($id: ID!) { project(id: $id) { conversationRetentionDays anonymousProfileRetentionDays } }' as ProjectRetentionDocument;
const SAVE =
  'mutation ProjectUpdateRetention($input: ProjectUpdateRetentionInput!) { projectUpdateRetention(input: $input) { project { id } } }' as ProjectUpdateRetentionDocument;

/** Blank keeps for good; otherwise a whole number of days. */
const daysOf = (text: string): number | null | 'invalid' => {
  if (text.trim() === '') return null;
  const days = Number(text);
  return Number.isInteger(days) && days >= 1 && days <= 3650 ? days : 'invalid';
};

/** How long the hourly housekeeping keeps closed conversations and idle anonymous visitors. */
export function RetentionForm({ projectId }: { projectId: string }) {
  const gql = useGql();
  const saved = useLoad(async () => (await gql(LOAD, { id: projectId })).project, [gql, projectId]);
  const [draft, setDraft] = useState<{ conversations: string; profiles: string } | null>(null);
  const action = useAction();
  if (!saved.data) return saved.error ? <Notice kind="error">{saved.error}</Notice> : null;
  const current = draft ?? {
    conversations: saved.data.conversationRetentionDays?.toString() ?? '',
    profiles: saved.data.anonymousProfileRetentionDays?.toString() ?? '',
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const conversations = daysOf(current.conversations);
    const profiles = daysOf(current.profiles);
    if (conversations === 'invalid' || profiles === 'invalid')
      return action.fail('Write a whole number of days from 1 to 3650, or leave the field blank to keep for good.');
    await action.run(async () => {
      await gql(SAVE, { input: { projectId, conversationRetentionDays: conversations, anonymousProfileRetentionDays: profiles } });
      saved.reload();
      setDraft(null);
    }, 'Retention saved. The hourly housekeeping applies it.');
  };

  return (
    <Section
      title="Retention"
      description="Parley keeps everything unless you set days here; the hourly housekeeping deletes what is older for good."
    >
      <form class="stack" onSubmit={submit} noValidate>
        <Field label="Closed conversations (days after they closed)" hint="Blank: kept for good. Open conversations are always kept whole.">
          {(ids) => (
            <NumberInput
              ids={ids}
              min={1}
              max={3650}
              value={current.conversations}
              onValue={(conversations) => setDraft({ ...current, conversations })}
            />
          )}
        </Field>
        <Field label="Anonymous visitors without a conversation (days)" hint="Blank: kept for good. A visitor with a live session is kept.">
          {(ids) => (
            <NumberInput ids={ids} min={1} max={3650} value={current.profiles} onValue={(profiles) => setDraft({ ...current, profiles })} />
          )}
        </Field>
        {action.error && <Notice kind="error">{action.error}</Notice>}
        {action.success && <Notice kind="success">{action.success}</Notice>}
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {action.busy ? 'Saving…' : 'Save retention'}
          </button>
        </div>
      </form>
    </Section>
  );
}
