/** An on/off switch (a real button with role="switch"), labelled by its visible text. */
export function Switch({
  label,
  checked,
  busy,
  onChange,
}: {
  label: string;
  checked: boolean;
  busy?: boolean;
  onChange(next: boolean): void;
}) {
  return (
    <button type="button" role="switch" aria-checked={checked} class="switch" disabled={busy} onClick={() => onChange(!checked)}>
      <span class="switch-track" aria-hidden="true">
        <span class="switch-thumb" />
      </span>
      <span class="switch-label">{label}</span>
      <span class={`pill ${checked ? 'ok' : 'plain'}`} aria-hidden="true">
        {checked ? 'On' : 'Off'}
      </span>
    </button>
  );
}
