// The test page: a tiny React app on @parley/react, bundled by react.test.ts and opened in Chromium.
// It runs in StrictMode with React's development build, as an app under development does.
import type { AuthenticationProvider } from '@parley/sdk';
import { Activity, type FormEvent, StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ParleyProvider, useActivation, useConversation } from '../src/index.js';

const params = new URLSearchParams(location.search);
const projectId = params.get('projectId') ?? '';
const serverUrl = params.get('serverUrl') ?? '';

/** Every socket the SDK opens, so the test can tell which are still open. */
const sockets: WebSocket[] = [];
class RecordedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.push(this);
  }
}
(window as { openSockets?: () => number }).openSockets = () => sockets.filter((socket) => socket.readyState !== WebSocket.CLOSED).length;

/** The page's backend mints credentials for the signed-in user (the test's page server). */
const provider: AuthenticationProvider = async () => {
  const response = await fetch('/token', { method: 'POST' });
  const { token } = (await response.json()) as { token: string };
  return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token } };
};

function Chat() {
  const { status, activating, result, activate, logout } = useActivation();
  const { id, messages, sending, send } = useConversation();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    void activate(provider);
  }, [activate]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(draft).catch((caught: unknown) => setError(String(caught)));
    setDraft('');
  };

  return (
    <section>
      <p data-testid="status">{status ?? 'none'}</p>
      <p data-testid="activating">{String(activating)}</p>
      <p data-testid="result">{result?.authentication.status ?? 'none'}</p>
      <p data-testid="conversation">{id ?? 'none'}</p>
      <ol>
        {messages.map((message) => (
          <li key={message.id} data-testid="message" data-author={message.author.kind}>
            {message.text}
          </li>
        ))}
        {sending.map((message) => (
          <li key={message.key} data-testid="sending">
            {message.text}
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <input aria-label="Message" value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit">Send</button>
      </form>
      <p data-testid="error">{error}</p>
      <button type="button" onClick={() => void logout()}>
        Log out
      </button>
    </section>
  );
}

function App() {
  const [mounted, setMounted] = useState(true);
  const [hidden, setHidden] = useState(false);
  return (
    <main>
      <button type="button" onClick={() => setHidden((value) => !value)}>
        {hidden ? 'Show chat' : 'Hide chat'}
      </button>
      <button type="button" onClick={() => setMounted(false)}>
        Remove chat
      </button>
      {mounted && (
        <Activity mode={hidden ? 'hidden' : 'visible'}>
          <ParleyProvider options={{ projectId, serverUrl, WebSocket: RecordedWebSocket }}>
            <Chat />
          </ParleyProvider>
        </Activity>
      )}
    </main>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
