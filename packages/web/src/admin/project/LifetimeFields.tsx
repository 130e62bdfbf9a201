import { Field } from '../Field.js';
import { formatSeconds } from '../format.js';
import { NumberInput } from '../NumberInput.js';
import type { SettingsDraft } from './settings-form-values.js';

/** spec §4.1's guidance for how long a verified visitor stays signed in. */
const SESSION_PRESETS = [
  { label: 'Bank', seconds: 420 },
  { label: 'Utility', seconds: 1800 },
  { label: 'Default', seconds: 3600 },
];

/** Max token lifetime and session lifetime, with the guidance next to them. */
export function LifetimeFields({ draft, set }: { draft: SettingsDraft; set(patch: Partial<SettingsDraft>): void }) {
  return (
    <div class="grid2">
      <Field
        label="Max token lifetime (seconds)"
        hint={
          <>
            Default 60 s. How far ahead a credential's exp may be. Mint credentials just before activate() and keep them short-lived: 60 s
            covers slow networks, and 30 s of clock skew is allowed on top. Longer only widens the window for a stolen token.
          </>
        }
      >
        {({ id, describedBy }) => (
          <NumberInput
            ids={{ id, describedBy }}
            min={1}
            max={3600}
            value={draft.maxTokenLifetimeSeconds}
            onValue={(value) => set({ maxTokenLifetimeSeconds: value })}
          />
        )}
      </Field>
      <Field
        label="Session lifetime (seconds)"
        hint={
          <>
            Default 3600 s (60 min). How long a visitor stays verified before the SDK asks your provider for fresh credentials (nothing is
            lost). Guidance: a bank 420 s (7 min), a utility 1200–1800 s (20–30 min). Now:{' '}
            {formatSeconds(Number(draft.sessionLifetimeSeconds) || 0)}.
          </>
        }
      >
        {({ id, describedBy }) => (
          <div class="stack-sm">
            <NumberInput
              ids={{ id, describedBy }}
              min={60}
              max={604800}
              value={draft.sessionLifetimeSeconds}
              onValue={(value) => set({ sessionLifetimeSeconds: value })}
            />
            <fieldset class="row presets">
              <legend class="sr-only">Session lifetime presets</legend>
              {SESSION_PRESETS.map((preset) => (
                <button
                  key={preset.label}
                  type="button"
                  class="small"
                  aria-pressed={draft.sessionLifetimeSeconds === String(preset.seconds)}
                  onClick={() => set({ sessionLifetimeSeconds: String(preset.seconds) })}
                >
                  {preset.label} · {preset.seconds} s
                </button>
              ))}
            </fieldset>
          </div>
        )}
      </Field>
    </div>
  );
}
