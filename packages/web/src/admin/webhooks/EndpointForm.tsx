import { useEffect, useRef, useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import { Field } from '../Field.js';
import { useAction } from '../use-action.js';
import { EVENT_TYPE_LABELS } from './event-type-labels.js';

export interface EndpointValues {
  url: string;
  eventTypes: string[];
}

interface EndpointFormProps {
  /** The types an endpoint may subscribe to (webhookEventTypes). */
  eventTypes: readonly string[];
  initial?: EndpointValues;
  submitLabel: string;
  /** Saves; its error is shown under the form. */
  onSubmit(values: EndpointValues): Promise<void>;
  onCancel(): void;
}

/** An endpoint's URL and the event types it receives: adding one, or editing it. */
export function EndpointForm({ eventTypes, initial, submitLabel, onSubmit, onCancel }: EndpointFormProps) {
  const [url, setUrl] = useState(initial?.url ?? '');
  const [chosen, setChosen] = useState<string[]>(initial?.eventTypes ?? []);
  const action = useAction();
  const urlInput = useRef<HTMLInputElement>(null);
  // Opened by "Add endpoint" or "Edit": the URL is where the work starts.
  useEffect(() => urlInput.current?.focus(), []);

  const toggle = (type: string, on: boolean) => setChosen((before) => (on ? [...before, type] : before.filter((item) => item !== type)));
  const submit = async (event: Event) => {
    event.preventDefault();
    const target = url.trim();
    if (target === '') return action.fail('Write the URL Parley sends the events to, such as https://api.example.com/hooks/parley.');
    if (chosen.length === 0) return action.fail('Tick at least one event type to send to this endpoint.');
    // In the server's order, whatever the order of the clicks.
    await action.run(() => onSubmit({ url: target, eventTypes: eventTypes.filter((type) => chosen.includes(type)) }));
  };

  return (
    <form class="stack endpoint-form" onSubmit={submit} noValidate>
      <Field
        label="Endpoint URL"
        hint="https:// on a public address. Parley POSTs each event there as JSON, signed with the endpoint's secret."
      >
        {({ id, describedBy }) => (
          <input
            ref={urlInput}
            id={id}
            aria-describedby={describedBy}
            type="url"
            class="mono"
            placeholder="https://api.example.com/hooks/parley"
            value={url}
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
        )}
      </Field>
      <fieldset>
        <legend>Event types</legend>
        <div class="event-types">
          {eventTypes.map((type) => (
            <label key={type} class="inline event-type">
              <input type="checkbox" checked={chosen.includes(type)} onChange={(event) => toggle(type, event.currentTarget.checked)} />
              <span>
                <code class="mono">{type}</code>
                {EVENT_TYPE_LABELS[type] && <span class="hint"> {EVENT_TYPE_LABELS[type]}</span>}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {action.error && <Notice kind="error">{action.error}</Notice>}
      <div class="row">
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
