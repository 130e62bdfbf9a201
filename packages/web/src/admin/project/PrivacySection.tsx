import { useState } from 'preact/hooks';
import { download } from '../../console/download.js';
import { Notice } from '../../console/Notice.js';
import type { UserDataExportDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';

const EXPORT =
  'query UserDataExport($projectId: ID!, $userId: String!) { userDataExport(projectId: $projectId, userId: $userId) }' as UserDataExportDocument;

/** A data subject's access request: everything Parley holds about one verified user, as a JSON file. */
export function PrivacySection({ projectId }: { projectId: string }) {
  const gql = useGql();
  const [userId, setUserId] = useState('');
  const action = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const wanted = userId.trim();
    if (wanted === '') return action.fail('Write the userId your site puts in its tokens, then export.');
    await action.run(async () => {
      const { userDataExport } = await gql(EXPORT, { projectId, userId: wanted });
      const held = userDataExport as { profile: unknown; conversations: unknown[] };
      download(`parley-user-${wanted.replace(/[^\w.-]+/g, '_')}.json`, 'application/json', JSON.stringify(userDataExport, null, 2));
      return held.profile === null
        ? `Parley holds no profile for ${wanted} in this project: the file lists what it found (nothing but authentication events, if any).`
        : `Downloaded: the profile, ${held.conversations.length} conversation(s) and their messages, sessions and authentication events of ${wanted}.`;
    });
  };

  return (
    <Section
      title="Export a user's data"
      description="For a data access request: everything Parley holds about a verified user of this project — profile, visitorData, devices, sessions, conversations with every message, authentication events — as one JSON file."
    >
      <form class="row" onSubmit={submit} noValidate>
        <Field label="userId" hint="The verified userId, exactly as your token provider sends it.">
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              class="mono"
              value={userId}
              onInput={(event) => setUserId(event.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? 'Exporting…' : 'Download export'}
        </button>
      </form>
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {action.success && <Notice kind="success">{action.success}</Notice>}
    </Section>
  );
}
