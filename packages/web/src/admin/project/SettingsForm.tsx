import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { SettingsUpdateDocument } from '../../generated/graphql.js';
import { Field } from '../Field.js';
import { useGql } from '../gql-context.js';
import { NumberInput } from '../NumberInput.js';
import { Section } from '../Section.js';
import type { ProjectSettings } from '../types.js';
import { useAction } from '../use-action.js';
import { LifetimeFields } from './LifetimeFields.js';
import { draftOf, parseDraft, type SettingsDraft } from './settings-form-values.js';

const UPDATE =
  'mutation SettingsUpdate($input: ProjectUpdateAuthenticationInput!) { projectUpdateAuthentication(input: $input) { project { id } } }' as SettingsUpdateDocument;

/** Issuers, lifetimes, anonymous visitors, allowed origins and log retention, saved together. */
export function SettingsForm({ project, onSaved }: { project: ProjectSettings; onSaved(): void }) {
  const gql = useGql();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(project));
  const action = useAction();
  const set = (patch: Partial<SettingsDraft>) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    action.clear();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = parseDraft(draft);
    if ('problem' in parsed) return action.fail(parsed.problem);
    const saved = await action.run(async () => {
      await gql(UPDATE, { input: { projectId: project.id, ...parsed.patch } });
    }, 'Settings saved. They apply to the next authentication attempt.');
    if (saved) onSaved();
  };

  return (
    <Section
      title="Verification settings"
      description="What Parley accepts in your credentials, and how long a verified visitor stays signed in."
    >
      <form class="stack" onSubmit={submit} noValidate>
        <Field
          label="Accepted issuers"
          hint="The iss claim your token provider sets, one per line. Default: https://livechat.iadvize.com (what iAdvize-compatible providers send)."
        >
          {({ id, describedBy }) => (
            <textarea
              id={id}
              aria-describedby={describedBy}
              rows={2}
              class="mono"
              value={draft.acceptedIssuers}
              onInput={(event) => set({ acceptedIssuers: event.currentTarget.value })}
            />
          )}
        </Field>
        <LifetimeFields draft={draft} set={set} />
        <label class="inline checkbox">
          <input
            type="checkbox"
            checked={draft.allowAnonymous}
            onChange={(event) => set({ allowAnonymous: event.currentTarget.checked })}
          />
          Allow anonymous visitors
        </label>
        <p class="hint field-note">
          Off: only visitors signed in on your site can chat; anonymous activations fail with ANONYMOUS_DISABLED.
        </p>
        <Field
          label="Allowed origins"
          hint="Empty: any website may use this project id. One origin per line (https://www.brand.example) pins the SDK's requests to those sites and enables cross-domain continuity between them."
        >
          {({ id, describedBy }) => (
            <textarea
              id={id}
              aria-describedby={describedBy}
              rows={3}
              class="mono"
              placeholder="https://www.brand.example"
              value={draft.allowedOrigins}
              onInput={(event) => set({ allowedOrigins: event.currentTarget.value })}
            />
          )}
        </Field>
        <Field label="Authentication log retention (days)" hint="Default 30 days; 1 to 365.">
          {({ id, describedBy }) => (
            <NumberInput
              ids={{ id, describedBy }}
              min={1}
              max={365}
              value={draft.authLogRetentionDays}
              onValue={(value) => set({ authLogRetentionDays: value })}
            />
          )}
        </Field>
        {action.error && <Notice kind="error">{action.error}</Notice>}
        {action.success && <Notice kind="success">{action.success}</Notice>}
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {action.busy ? 'Saving…' : 'Save settings'}
          </button>
          <button type="button" disabled={action.busy} onClick={() => set(draftOf(project))}>
            Discard changes
          </button>
        </div>
      </form>
    </Section>
  );
}
