import { useEffect, useRef, useState } from 'preact/hooks';
import { type OperatorSession, signIn } from './session.js';

/** The sign-in form of the desk and the admin console (an operator's email and password). */
export function SignIn({ title, onSignedIn }: { title: string; onSignedIn(session: OperatorSession): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const email = useRef<HTMLInputElement>(null);
  useEffect(() => email.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(String(form.get('email') ?? '').trim(), String(form.get('password') ?? '')));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form class="card" onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <div class="brand-mark" aria-hidden="true">
          P
        </div>
        <h1>{title}</h1>
        <label>
          Email
          <input ref={email} name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
