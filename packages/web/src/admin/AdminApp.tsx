import { useCallback, useState } from 'preact/hooks';
import { SignIn } from '../console/SignIn.js';
import { type OperatorSession, readSession, writeSession } from '../console/session.js';
import { SignedIn } from './SignedIn.js';

/** `/admin`: the sign-in form, then the console of the signed-in operator. */
export function AdminApp() {
  const [session, setSession] = useState<OperatorSession | null>(readSession);
  const signOut = useCallback(() => {
    writeSession(null);
    setSession(null);
  }, []);
  if (!session)
    return (
      <SignIn
        title="Parley admin"
        onSignedIn={(next) => {
          writeSession(next);
          setSession(next);
        }}
      />
    );
  return <SignedIn session={session} onSignOut={signOut} />;
}
