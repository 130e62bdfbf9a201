import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** A labelled control with guidance under it; `children` gets the ids to put on the control. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: ComponentChildren;
  children(ids: { id: string; describedBy: string | undefined }): ComponentChildren;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, describedBy: hint ? hintId : undefined })}
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
