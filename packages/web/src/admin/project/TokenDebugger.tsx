import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { TestCredentialsDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';
import { CheckList, type TestResult } from './CheckList.js';

const TEST = `mutation TestCredentials($input: TestVisitorAuthenticateFromCredentialsInput!) {
  testVisitorAuthenticateFromCredentials(input: $input) { ok reason checks { name ok detail hint } } }` as TestCredentialsDocument;

/** Paste a JWE, see each check of the verification (testVisitorAuthenticateFromCredentials: nothing is consumed). */
export function TokenDebugger({ projectId }: { projectId: string }) {
  const gql = useGql();
  const [token, setToken] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const action = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const credentials = token.trim().replace(/^"|"$/g, '');
    setResult(null);
    if (!credentials)
      return action.fail(
        'Paste the credentials your token provider returned (a compact JWE: five base64url parts separated by dots), then check them.',
      );
    await action.run(async () => {
      const answer = await gql(TEST, { input: { projectId, credentials } });
      setResult(answer.testVisitorAuthenticateFromCredentials);
    });
  };

  return (
    <Section
      title="Token debugger"
      description="Paste credentials from your token provider to see every check Parley runs, in order. Nothing is consumed and no visitor is signed in."
    >
      <form class="stack" onSubmit={submit} noValidate>
        <Field
          label="Credentials (compact JWE)"
          hint="Five base64url parts separated by dots, e.g. from your backend's token endpoint or parley token create."
        >
          {({ id, describedBy }) => (
            <textarea
              id={id}
              aria-describedby={describedBy}
              rows={5}
              class="mono"
              spellcheck={false}
              placeholder="eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.…"
              value={token}
              onInput={(event) => setToken(event.currentTarget.value)}
            />
          )}
        </Field>
        {action.error && <Notice kind="error">{action.error}</Notice>}
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {action.busy ? 'Checking…' : 'Check credentials'}
          </button>
          {(token || result) && (
            <button
              type="button"
              onClick={() => {
                setToken('');
                setResult(null);
                action.clear();
              }}
            >
              Clear
            </button>
          )}
        </div>
      </form>
      {result && <CheckList result={result} />}
    </Section>
  );
}
