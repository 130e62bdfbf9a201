import type { ComponentChildren } from 'preact';

/** The bar on top of the desk and the admin console: product name, who is signed in, sign out. */
export function Topbar({
  title,
  email,
  onSignOut,
  children,
}: {
  title: string;
  email: string;
  onSignOut(): void;
  children?: ComponentChildren;
}) {
  return (
    <header class="topbar">
      <div class="brand-mark" aria-hidden="true">
        P
      </div>
      <span class="title">{title}</span>
      {children}
      <span class="spacer" />
      <span class="who">{email}</span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
