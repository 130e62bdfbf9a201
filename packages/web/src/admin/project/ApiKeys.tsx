import { useState } from 'preact/hooks';
import { nodes } from '../../console/api.js';
import { ConfirmButton } from '../../console/ConfirmButton.js';
import { Notice } from '../../console/Notice.js';
import type { ApiKeyCreateDocument, ApiKeyRevokeDocument, ApiKeysDocument } from '../../generated/graphql.js';
import { formatTime } from '../format.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';
import { NewSecret } from './NewSecret.js';

const KEYS =
  'query ApiKeys($id: ID!) { project(id: $id) { apiKeys(first: 100) { edges { node { clientId createdAt lastUsedAt } } } } }' as ApiKeysDocument;
const CREATE =
  'mutation ApiKeyCreate($id: ID!) { projectApiKeyCreate(input: { projectId: $id }) { clientId clientSecret } }' as ApiKeyCreateDocument;
const REVOKE =
  'mutation ApiKeyRevoke($id: ID!) { projectApiKeyRevoke(input: { clientId: $id }) { apiKey { clientId } } }' as ApiKeyRevokeDocument;

/** The project's API keys for brand backends (client-credentials grant): create (secret shown once), revoke. */
export function ApiKeys({ projectId }: { projectId: string }) {
  const gql = useGql();
  const keys = useLoad(async () => nodes((await gql(KEYS, { id: projectId })).project.apiKeys), [gql, projectId]);
  const [secret, setSecret] = useState<{ clientId: string; clientSecret: string } | null>(null);
  const create = useAction();
  const revoke = useAction();

  const createKey = () =>
    create.run(async () => {
      const answer = await gql(CREATE, { id: projectId });
      setSecret(answer.projectApiKeyCreate);
      keys.reload();
    });
  const revokeKey = (clientId: string) =>
    revoke.run(async () => {
      await gql(REVOKE, { id: clientId });
      if (secret?.clientId === clientId) setSecret(null);
      keys.reload();
    }, `Key ${clientId} revoked, with every bearer issued to it.`);

  return (
    <Section
      title="API keys"
      description="For your backend: exchange a key for a bearer at /oauth2/token (client credentials) to run the token debugger, read the authentication log or end a user's sessions."
      actions={
        <button type="button" class="primary" disabled={create.busy} onClick={createKey}>
          {create.busy ? 'Creating…' : 'Create API key'}
        </button>
      }
    >
      {create.error && <Notice kind="error">{create.error}</Notice>}
      {secret && (
        <NewSecret
          values={[
            { label: 'Client id', value: secret.clientId, what: 'client id' },
            { label: 'Client secret', value: secret.clientSecret, what: 'client secret', secret: true },
          ]}
          advice="Store it in your backend's secret store; if it is lost, create a new key and revoke this one."
          onDone={() => setSecret(null)}
        >
          <p class="hint">Exchange them for a bearer:</p>
          <pre>{`curl -d grant_type=client_credentials -d client_id=${secret.clientId} -d client_secret=… ${location.origin}/oauth2/token`}</pre>
        </NewSecret>
      )}
      {keys.error && <Notice kind="error">{keys.error}</Notice>}
      {keys.data?.length === 0 && <p class="empty">No API key yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <ul class="key-list" aria-label="API keys">
          {keys.data.map((key) => (
            <li key={key.clientId}>
              <div class="key-main">
                <strong class="mono">{key.clientId}</strong>
                <p class="hint">
                  Created {formatTime(key.createdAt)} · Last used {formatTime(key.lastUsedAt)}
                </p>
              </div>
              <ConfirmButton
                label="Revoke"
                ariaLabel={`Revoke API key ${key.clientId}`}
                question="Revoke? Its bearers stop working at once."
                confirmLabel="Revoke key"
                busy={revoke.busy}
                onConfirm={() => revokeKey(key.clientId)}
              />
            </li>
          ))}
        </ul>
      )}
      {revoke.error && <Notice kind="error">{revoke.error}</Notice>}
      {revoke.success && <Notice kind="success">{revoke.success}</Notice>}
    </Section>
  );
}
