import { useMemo } from 'preact/hooks';
import { graphqlClient } from '../console/api.js';
import { Notice } from '../console/Notice.js';
import type { SignedInProps } from '../console/OperatorGate.js';
import { Topbar } from '../console/Topbar.js';
import type { ViewerDocument } from '../generated/graphql.js';
import { AdminsOnly } from './AdminsOnly.js';
import { GqlContext } from './gql-context.js';
import { Shell } from './Shell.js';
import { useLoad } from './use-load.js';

const VIEWER = 'query Viewer { viewer { operator { id email role disabled createdAt } } }' as ViewerDocument;

/** Who is signed in decides the page: the console for admins, a pointer to the desk for agents. */
export function SignedIn({ session, onSignOut }: SignedInProps) {
  const gql = useMemo(() => graphqlClient(session.bearer, onSignOut), [session.bearer, onSignOut]);
  const viewer = useLoad(() => gql(VIEWER), [gql]);
  const operator = viewer.data?.viewer.operator;

  if (operator?.role === 'ADMIN')
    return (
      <GqlContext.Provider value={gql}>
        <Shell operator={operator} onSignOut={onSignOut} />
      </GqlContext.Provider>
    );
  return (
    <div class="admin-root">
      <Topbar title="Parley admin" email={operator?.email ?? session.email} onSignOut={onSignOut} />
      <main class="admin-message">
        {viewer.error ? (
          <div class="card stack">
            <Notice kind="error">{viewer.error}</Notice>
            <div class="row">
              <button type="button" class="primary" onClick={viewer.reload}>
                Try again
              </button>
            </div>
          </div>
        ) : operator ? (
          <AdminsOnly />
        ) : (
          <p class="muted" aria-live="polite">
            Loading…
          </p>
        )}
      </main>
    </div>
  );
}
