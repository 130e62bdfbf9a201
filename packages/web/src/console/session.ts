/** The operator's bearer lives in sessionStorage: one tab, gone when it closes, never in a cookie. */
const KEY = 'parley:console:bearer';

export interface OperatorSession {
  bearer: string;
  email: string;
}

export function readSession(): OperatorSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as OperatorSession) : null;
  } catch {
    return null;
  }
}

export function writeSession(session: OperatorSession | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

const SIGN_IN_ERRORS: Record<string, string> = {
  invalid_grant: 'Wrong email or password, or the account is disabled: check them, or ask an admin to reset your password.',
  invalid_request: 'Enter your email and password.',
};

/** The password grant of `/oauth2/token`; answers the bearer or throws an Error whose message says what to do. */
export async function signIn(email: string, password: string): Promise<OperatorSession> {
  let response: Response;
  try {
    response = await fetch('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: email, password }),
    });
  } catch {
    throw new Error('The Parley server cannot be reached: check your connection, then try again.');
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
  if (response.status === 429) {
    const wait = response.headers.get('retry-after');
    throw new Error(`Too many sign-in attempts: wait ${wait ? `${wait} seconds` : 'a minute'}, then try again.`);
  }
  if (!response.ok || !body.access_token)
    throw new Error(SIGN_IN_ERRORS[body.error ?? ''] ?? `Sign-in failed (${body.error ?? response.status}): try again.`);
  return { bearer: body.access_token, email };
}
