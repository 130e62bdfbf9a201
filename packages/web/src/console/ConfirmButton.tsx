import { useEffect, useId, useRef, useState } from 'preact/hooks';

interface ConfirmButtonProps {
  label: string;
  /** The consequence, asked before acting: "Revoke this key? Credentials it signed fail at once." */
  question: string;
  confirmLabel: string;
  onConfirm(): void;
  busy?: boolean;
  danger?: boolean;
  /** Names what the button acts on for screen readers ("Revoke key abc"). */
  ariaLabel?: string;
}

/** A button that asks once, inline, before doing something that cannot be undone. */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, busy = false, danger = true, ariaLabel }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  // Focus follows the question: to "confirm" when asked, back to the button on Cancel.
  const answered = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (answered.current) triggerRef.current?.focus();
  }, [asking]);

  if (!asking)
    return (
      <button
        ref={triggerRef}
        type="button"
        class={danger ? 'danger small' : 'small'}
        disabled={busy}
        aria-label={ariaLabel}
        onClick={() => setAsking(true)}
      >
        {busy ? 'Working…' : label}
      </button>
    );
  return (
    <span class="confirm">
      <span class="confirm-question" id={questionId}>
        {question}
      </span>
      <button
        ref={confirmRef}
        aria-describedby={questionId}
        type="button"
        class={danger ? 'danger-solid small' : 'primary small'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        class="small"
        onClick={() => {
          answered.current = true;
          setAsking(false);
        }}
      >
        Cancel
      </button>
    </span>
  );
}
