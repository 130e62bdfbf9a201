import type { ComponentChildren } from 'preact';

/** An error or confirmation line; errors are announced to screen readers. */
export function Notice({ kind, children }: { kind: 'error' | 'success'; children: ComponentChildren }) {
  return (
    <p class={`notice-line ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
