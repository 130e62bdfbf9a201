import { ConfirmButton } from '../../console/ConfirmButton.js';
import { Notice } from '../../console/Notice.js';
import type { PlatformKeyRetireDocument, PlatformKeyRotateDocument, PlatformKeysDocument } from '../../generated/graphql.js';
import { CopyButton } from '../CopyButton.js';
import { useGql } from '../gql-context.js';
import { PageHeader, Section } from '../Section.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';
import { PlatformKeyCard } from './PlatformKeyCard.js';

const KEYS = 'query PlatformKeys { platformKeys { kid pem spki jwk current createdAt } }' as PlatformKeysDocument;
const ROTATE = 'mutation PlatformKeyRotate { platformKeyRotate { platformKey { kid current } } }' as PlatformKeyRotateDocument;
const RETIRE =
  'mutation PlatformKeyRetire($kid: String!) { platformKeyRetire(input: { kid: $kid }) { platformKey { kid } } }' as PlatformKeyRetireDocument;

/** The installation's platform keys: what brands encrypt credentials for; rotate, retire. */
export function PlatformKeys() {
  const gql = useGql();
  const keys = useLoad(async () => (await gql(KEYS)).platformKeys, [gql]);
  const action = useAction();
  const jwksUrl = `${location.origin}/.well-known/jwks.json`;

  const rotate = async () => {
    const done = await action.run(async () => {
      const answer = await gql(ROTATE);
      return `New current key ${answer.platformKeyRotate.platformKey.kid}. The previous key is still accepted: retire it once every token provider uses the new one.`;
    });
    if (done) keys.reload();
  };
  const retire = async (kid: string) => {
    const done = await action.run(async () => {
      await gql(RETIRE, { kid });
    }, `Key ${kid} retired: credentials encrypted for it now fail with DECRYPTION_FAILED.`);
    if (done) keys.reload();
  };

  return (
    <>
      <PageHeader title="Platform keys" />
      <Section
        title="JWKS URL"
        description="Token providers that read a JWKS pick up the current key (listed first) by themselves, rotations included."
      >
        <p class="row jwks-url">
          <code class="mono">{jwksUrl}</code>
          <CopyButton text={jwksUrl} what="JWKS URL" />
        </p>
      </Section>
      <Section
        title="Active keys"
        description="Brands encrypt credentials (RSA-OAEP-256) for the current key; older active keys are still accepted until retired. Give your provider the format it takes."
        actions={
          <ConfirmButton
            label="Rotate key"
            question="Make a new current key? The current one stays accepted until you retire it."
            confirmLabel="Rotate now"
            danger={false}
            busy={action.busy}
            onConfirm={rotate}
          />
        }
      >
        {action.error && <Notice kind="error">{action.error}</Notice>}
        {action.success && <Notice kind="success">{action.success}</Notice>}
        {keys.error && <Notice kind="error">{keys.error}</Notice>}
        {keys.data?.map((key) => (
          <PlatformKeyCard key={key.kid} platformKey={key} busy={action.busy} onRetire={() => retire(key.kid)} />
        ))}
      </Section>
    </>
  );
}
