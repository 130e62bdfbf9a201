import { ConfirmButton } from '../../console/ConfirmButton.js';
import { Notice } from '../../console/Notice.js';
import type { BrandKeyRevokeDocument, BrandKeysQuery } from '../../generated/graphql.js';
import { formatTime } from '../format.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useAction } from '../use-action.js';
import type { Loaded } from '../use-load.js';
import { AddBrandKey } from './AddBrandKey.js';

export type BrandKey = BrandKeysQuery['project']['brandKeys']['edges'][number]['node'];

const REVOKE =
  'mutation BrandKeyRevoke($id: ID!) { brandKeyRevoke(input: { id: $id }) { brandKey { id revokedAt } } }' as BrandKeyRevokeDocument;

/** The project's brand public keys: what they are, when they last verified credentials, revoke. */
export function BrandKeys({ projectId, keys }: { projectId: string; keys: Loaded<BrandKey[]> }) {
  const gql = useGql();
  const revoke = useAction();
  const list = [...(keys.data ?? [])].sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)));

  const revokeKey = async (key: BrandKey) => {
    const done = await revoke.run(
      async () => {
        await gql(REVOKE, { id: key.id });
      },
      `Key ${key.kid || key.jwksUrl} revoked: credentials it signs are refused from now on.`,
    );
    if (done) keys.reload();
  };

  return (
    <Section
      title="Brand keys"
      description="The public keys of your token provider: credentials must be signed (RS256) by one of them. Compare the fingerprint with your provider's key."
    >
      {keys.error && <Notice kind="error">{keys.error}</Notice>}
      {keys.data && list.length === 0 && (
        <p class="empty">No brand key yet. Paste your provider's public key below, or give its JWKS URL.</p>
      )}
      {list.length > 0 && (
        <ul class="key-list" aria-label="Brand keys">
          {list.map((key) => (
            <li key={key.id} class={key.revokedAt ? 'revoked' : undefined}>
              <div class="key-main">
                <div class="row">
                  <strong class="mono">{key.kid || '(every key of the set)'}</strong>
                  {key.revokedAt ? <span class="pill bad">Revoked {formatTime(key.revokedAt)}</span> : <span class="pill ok">Active</span>}
                  {key.jwksUrl && <span class="pill plain">JWKS URL</span>}
                </div>
                {key.jwksUrl ? (
                  <p class="mono">{key.jwksUrl}</p>
                ) : (
                  <p>
                    <span class="muted">SHA-256 fingerprint </span>
                    <span class="mono fingerprint">{key.fingerprint}</span>
                  </p>
                )}
                <p class="hint">
                  Added {formatTime(key.createdAt)} · Last used {formatTime(key.lastUsedAt)}
                </p>
              </div>
              {!key.revokedAt && (
                <ConfirmButton
                  label="Revoke"
                  ariaLabel={`Revoke key ${key.kid || key.jwksUrl}`}
                  question="Revoke? Credentials signed with it are refused at once."
                  confirmLabel="Revoke key"
                  busy={revoke.busy}
                  onConfirm={() => revokeKey(key)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {revoke.error && <Notice kind="error">{revoke.error}</Notice>}
      {revoke.success && <Notice kind="success">{revoke.success}</Notice>}
      <AddBrandKey projectId={projectId} onAdded={keys.reload} />
    </Section>
  );
}
