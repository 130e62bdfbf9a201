import type { ComponentType } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import { SignIn } from './SignIn.js';
import { type OperatorSession, readSession, writeSession } from './session.js';

export interface SignedInProps {
  session: OperatorSession;
  onSignOut(): void;
}

/** The sign-in form until an operator signs in, then `App` with the session (kept in this tab's sessionStorage). */
export function OperatorGate({ title, App }: { title: string; App: ComponentType<SignedInProps> }) {
  const [session, setSession] = useState<OperatorSession | null>(readSession);
  const signOut = useCallback(() => {
    writeSession(null);
    setSession(null);
  }, []);
  if (!session)
    return (
      <SignIn
        title={title}
        onSignedIn={(signedIn) => {
          writeSession(signedIn);
          setSession(signedIn);
        }}
      />
    );
  return <App session={session} onSignOut={signOut} />;
}
