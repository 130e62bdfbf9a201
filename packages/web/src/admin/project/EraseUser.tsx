import { useState } from 'preact/hooks';
import { ConfirmButton } from '../../console/ConfirmButton.js';
import { Notice } from '../../console/Notice.js';
import type { UserEraseDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';

const ERASE =
  'mutation UserErase($projectId: ID!, $userId: String!) { userErase(input: { projectId: $projectId, userId: $userId }) { erased conversations messages } }' as UserEraseDocument;

/** The right to be forgotten: erase one verified user of the project, after a confirmation. */
export function EraseUser({ projectId }: { projectId: string }) {
  const gql = useGql();
  const [userId, setUserId] = useState('');
  const action = useAction();
  const wanted = userId.trim();

  const erase = () =>
    void action.run(async () => {
      const { erased, conversations, messages } = (await gql(ERASE, { projectId, userId: wanted })).userErase;
      setUserId('');
      return erased
        ? `${wanted} is erased: sessions ended, profile data deleted, ${messages} message(s) in ${conversations} conversation(s) replaced.`
        : `Parley holds nothing of ${wanted} any more: there was nothing left to erase.`;
    });

  return (
    <Section
      title="Erase a user"
      description="For a request to be forgotten: ends every session of the user and deletes their userId, visitorData and what they wrote; agents' replies, and the conversations' times and counts, stay. This cannot be undone."
    >
      <div class="row">
        <Field label="userId to erase" hint="Export the user's data first if they asked for a copy.">
          {({ id, describedBy }) => (
            <input
              id={id}
              aria-describedby={describedBy}
              class="mono"
              value={userId}
              onInput={(event) => {
                setUserId(event.currentTarget.value);
                action.clear();
              }}
            />
          )}
        </Field>
        {wanted !== '' && (
          <ConfirmButton
            label="Erase user"
            question={`Erase ${wanted}? Their messages, profile and sessions go for good.`}
            confirmLabel="Erase"
            busy={action.busy}
            onConfirm={erase}
          />
        )}
      </div>
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {action.success && <Notice kind="success">{action.success}</Notice>}
    </Section>
  );
}
