import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { BrandKeyAddDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { useAction } from '../use-action.js';
import { checkBrandKeyInput } from './brand-key-input.js';

type Source = 'key' | 'url';

const ADD =
  'mutation BrandKeyAdd($input: BrandKeyAddInput!) { brandKeyAdd(input: $input) { brandKey { id kid fingerprint } } }' as BrandKeyAddDocument;

/** Adds a brand key: pasted (PEM, base64 SPKI, JWK) or a JWKS URL, with an optional kid. */
export function AddBrandKey({ projectId, onAdded }: { projectId: string; onAdded(): void }) {
  const gql = useGql();
  const [source, setSource] = useState<Source>('key');
  const [value, setValue] = useState('');
  const [kid, setKid] = useState('');
  const action = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const problem = checkBrandKeyInput(source, value);
    if (problem) return action.fail(problem);
    const input = { projectId, kid: kid.trim() || null, ...(source === 'key' ? { publicKey: value.trim() } : { jwksUrl: value.trim() }) };
    const added = await action.run(async () => {
      const answer = await gql(ADD, { input });
      const { kid: addedKid, fingerprint } = answer.brandKeyAdd.brandKey;
      return source === 'key'
        ? `Key ${addedKid} added. SHA-256 fingerprint: ${fingerprint}`
        : 'JWKS URL added: its keys are fetched as your provider rotates them.';
    });
    if (added) {
      setValue('');
      setKid('');
      onAdded();
    }
  };

  return (
    <form class="stack add-key" onSubmit={submit} noValidate>
      <h3>Add a brand key</h3>
      <fieldset class="segmented">
        <legend class="sr-only">Key source</legend>
        <label class="inline">
          <input type="radio" name="brand-key-source" checked={source === 'key'} onChange={() => setSource('key')} /> Paste a public key
        </label>
        <label class="inline">
          <input type="radio" name="brand-key-source" checked={source === 'url'} onChange={() => setSource('url')} /> JWKS URL
        </label>
      </fieldset>
      {source === 'key' ? (
        <Field
          label="Public key"
          hint="PEM (-----BEGIN PUBLIC KEY-----), base64 SPKI on one line, or a JWK as JSON. RSA, at least 2048 bits. Never the private key."
        >
          {({ id, describedBy }) => (
            <textarea
              id={id}
              aria-describedby={describedBy}
              rows={6}
              class="mono"
              spellcheck={false}
              value={value}
              onInput={(event) => setValue(event.currentTarget.value)}
            />
          )}
        </Field>
      ) : (
        <Field
          label="JWKS URL"
          hint="https only. Parley fetches it now and again when credentials name a kid it does not know, so your provider can rotate keys."
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              type="url"
              aria-describedby={describedBy}
              placeholder="https://www.brand.example/.well-known/jwks.json"
              value={value}
              onInput={(event) => setValue(event.currentTarget.value)}
            />
          )}
        </Field>
      )}
      <Field
        label="Key id (kid), optional"
        hint={
          source === 'key'
            ? "Default: the JWK's own kid, or the key's RFC 7638 thumbprint."
            : "Only the set's key with this kid is accepted; empty: every key of the set."
        }
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            class="mono"
            value={kid}
            maxLength={255}
            onInput={(event) => setKid(event.currentTarget.value)}
          />
        )}
      </Field>
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {action.success && <Notice kind="success">{action.success}</Notice>}
      <div class="row">
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? 'Adding…' : 'Add brand key'}
        </button>
      </div>
    </form>
  );
}
