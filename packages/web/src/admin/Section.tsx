import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** A titled card of the main panel; `actions` sit at the right of the title. */
export function Section({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ComponentChildren;
  actions?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const id = useId();
  return (
    <section class="card section" aria-labelledby={id}>
      <div class="section-head">
        <div class="section-title">
          <h2 id={id}>{title}</h2>
          {description && <p class="hint">{description}</p>}
        </div>
        {actions && <div class="row">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** The heading of a page of the main panel. */
export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {children}
    </header>
  );
}
