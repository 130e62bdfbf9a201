import { useState } from 'preact/hooks';
import { Notice } from '../../../console/Notice.js';
import type { ProjectUpdateWidgetDocument, ProjectWidgetDocument } from '../../../generated/graphql.js';
import { Field } from '../../Field.js';
import { useGql } from '../../gql-context.js';
import { Section } from '../../Section.js';
import { useAction } from '../../use-action.js';
import { useLoad } from '../../use-load.js';
import { AccentField } from './AccentField.js';
import { StringOverrides } from './StringOverrides.js';
import { draftOf, inputOf, type WidgetAppearance, type WidgetDraft } from './widget-draft.js';

const LOAD =
  'query ProjectWidget($id: ID!) { project(id: $id) { widget { accentColor title subtitle greeting launcherPosition agentNames strings { language key text } } } }' as ProjectWidgetDocument;
const SAVE =
  'mutation ProjectUpdateWidget($input: ProjectUpdateWidgetInput!) { projectUpdateWidget(input: $input) { project { widget { accentColor title subtitle greeting launcherPosition agentNames strings { language key text } } } } }' as ProjectUpdateWidgetDocument;

/** The widget's look and words on the brand's site: loads the project's, then the form. */
export function WidgetSection({ projectId }: { projectId: string }) {
  const gql = useGql();
  const widget = useLoad(async () => (await gql(LOAD, { id: projectId })).project.widget, [gql, projectId]);
  if (widget.error) return <Notice kind="error">{widget.error}</Notice>;
  if (!widget.data) return <p class="muted">Loading the widget's appearance…</p>;
  return <WidgetForm projectId={projectId} saved={widget.data} />;
}

function TextField(props: { label: string; hint: string; value: string; max: number; onValue(value: string): void }) {
  return (
    <Field label={props.label} hint={props.hint}>
      {({ id, describedBy }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          value={props.value}
          maxLength={props.max}
          onInput={(event) => props.onValue(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

function WidgetForm({ projectId, saved }: { projectId: string; saved: WidgetAppearance }) {
  const gql = useGql();
  const [draft, setDraft] = useState<WidgetDraft>(() => draftOf(saved));
  const action = useAction();
  const set = (patch: Partial<WidgetDraft>) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    action.clear();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    await action.run(async () => {
      const answer = await gql(SAVE, {
        input: { projectId, ...inputOf(draft) },
      });
      setDraft(draftOf(answer.projectUpdateWidget.project.widget));
    }, 'Widget saved. Visitors see it on their next page load (within a minute).');
  };

  return (
    <Section
      title="Widget"
      description="How the chat looks and speaks on your site. Blank texts keep the widget's own, in the visitor's language."
    >
      <form class="stack widget-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Accent colour</legend>
          <label class="inline checkbox">
            <input type="checkbox" checked={draft.customAccent} onChange={(event) => set({ customAccent: event.currentTarget.checked })} />
            Use my brand's colour (off: Parley's indigo)
          </label>
          {draft.customAccent && <AccentField value={draft.accentColor} onValue={(accentColor) => set({ accentColor })} />}
        </fieldset>
        <TextField
          label="Title"
          hint="The panel's heading, in every language. Blank: “Chat with us” in the visitor's language."
          value={draft.title}
          max={60}
          onValue={(title) => set({ title })}
        />
        <TextField
          label="Subtitle"
          hint="The line under the heading. Blank: the language's own."
          value={draft.subtitle}
          max={120}
          onValue={(subtitle) => set({ subtitle })}
        />
        <TextField
          label="Greeting"
          hint="A first line from you above every conversation, such as “Hi! Ask us about your order.” Blank: none."
          value={draft.greeting}
          max={500}
          onValue={(greeting) => set({ greeting })}
        />
        <fieldset>
          <legend>Launcher position</legend>
          {(['RIGHT', 'LEFT'] as const).map((side) => (
            <label key={side} class="inline checkbox">
              <input
                type="radio"
                name="launcher-position"
                checked={draft.launcherPosition === side}
                onChange={() => set({ launcherPosition: side })}
              />
              Bottom {side === 'RIGHT' ? 'right' : 'left'}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Agents' names</legend>
          <label class="inline checkbox">
            <input type="radio" name="agent-names" checked={draft.agentNames === 'NAME'} onChange={() => set({ agentNames: 'NAME' })} />
            Show the agent's display name and initials
          </label>
          <label class="inline checkbox">
            <input
              type="radio"
              name="agent-names"
              checked={draft.agentNames === 'GENERIC'}
              onChange={() => set({ agentNames: 'GENERIC' })}
            />
            Show “Support” instead (visitors never receive agents' names)
          </label>
        </fieldset>
        <StringOverrides overrides={draft.strings} onChange={(strings) => set({ strings })} />
        {action.error && <Notice kind="error">{action.error}</Notice>}
        {action.success && <Notice kind="success">{action.success}</Notice>}
        <div class="row">
          <button type="submit" class="primary" disabled={action.busy}>
            {action.busy ? 'Saving…' : 'Save widget'}
          </button>
          <button type="button" disabled={action.busy} onClick={() => set(draftOf(saved))}>
            Discard changes
          </button>
        </div>
      </form>
    </Section>
  );
}
