import { useEffect, useMemo, useState } from 'preact/hooks';
import { graphqlClient } from '../console/api.js';
import { OperatorGate, type SignedInProps } from '../console/OperatorGate.js';
import { Topbar } from '../console/Topbar.js';
import { AlertToggles } from './AlertToggles.js';
import { ConversationView } from './ConversationView.js';
import { InboxList } from './InboxList.js';
import { NameEditor } from './NameEditor.js';
import { useAlerts } from './use-alerts.js';
import { useInbox } from './use-inbox.js';

const TITLE = 'Parley desk';

function Desk({ session, onSignOut }: SignedInProps) {
  const gql = useMemo(() => graphqlClient(session.bearer, onSignOut), [session.bearer, onSignOut]);
  const inbox = useInbox(gql, session.bearer, onSignOut);
  const [selected, setSelected] = useState<string | null>(null);
  const total = inbox.totalUnread;
  const alerts = useAlerts(inbox, selected, setSelected);

  // The count shows in the browser's tab, where an agent working elsewhere sees it.
  useEffect(() => {
    document.title = total > 0 ? `(${total}) ${TITLE}` : TITLE;
  }, [total]);
  useEffect(
    () => () => {
      document.title = TITLE;
    },
    [],
  );

  return (
    <div class={`desk${selected ? ' has-selection' : ''}`}>
      <Topbar title="Desk" email={session.email} onSignOut={onSignOut}>
        {total > 0 && (
          <span class="badge-count">
            {total}
            <span class="sr-only"> unread messages</span>
          </span>
        )}
        <AlertToggles alerts={alerts} />
        {inbox.me && <NameEditor gql={gql} me={inbox.me} onRenamed={inbox.setMe} />}
      </Topbar>
      <div class="desk-main">
        <InboxList inbox={inbox} selected={selected} onSelect={setSelected} />
        {selected ? (
          <ConversationView key={selected} gql={gql} inbox={inbox} id={selected} onBack={() => setSelected(null)} />
        ) : (
          <section class="conversation placeholder muted">Select a conversation to read and reply.</section>
        )}
      </div>
    </div>
  );
}

/** `/desk`: sign in, then the live inbox and conversations. */
export const DeskApp = () => <OperatorGate title="Sign in to the desk" App={Desk} />;
