import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import type { Operator } from '../types.js';
import { useAction } from '../use-action.js';
import { OPERATOR_UPDATE } from './operator-mutations.js';

/** Gives an operator a new password (they cannot reset it themselves). */
export function PasswordReset({ operator, onDone }: { operator: Operator; onDone(message?: string): void }) {
  const gql = useGql();
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (password.length < 12) return action.fail('Choose a password of at least 12 characters.');
    const done = await action.run(async () => {
      await gql(OPERATOR_UPDATE, { input: { id: operator.id, password } });
    });
    if (done) onDone(`New password saved for ${operator.email}: give it to them over a safe channel.`);
  };
  return (
    <form class="row password-reset" onSubmit={submit} noValidate>
      <Field label={`New password for ${operator.email}`}>
        {({ id }) => (
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" class="primary small" disabled={action.busy}>
        Save password
      </button>
      <button type="button" class="small" onClick={() => onDone()}>
        Cancel
      </button>
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </form>
  );
}
