/** One HTTP exchange with the server under test, timed from the request until the whole body is read. */
export interface HttpAnswer {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  ms: number;
}

/** Past this, an answer counts as none: the server hangs or is gone. */
const NO_ANSWER_MS = 10_000;

export class ServerGone extends Error {}

/** `serverAlive` tells a refused connection of a dead server from a slow one. */
export async function exchange(url: string, init: RequestInit, serverAlive: () => boolean): Promise<HttpAnswer> {
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(NO_ANSWER_MS) });
    text = await response.text();
  } catch (error) {
    const why =
      error instanceof Error
        ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
        : String(error);
    if (!serverAlive()) throw new ServerGone(`the server process is gone (${why})`);
    throw new Error(`no answer: ${why}`);
  }
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, ms };
}

/** POST /graphql with a JSON body (as text: it may be anything) and an optional bearer. */
export function postGraphQL(
  baseUrl: string,
  body: string,
  bearer: string | null,
  serverAlive: () => boolean,
  contentType = 'application/json',
) {
  return exchange(
    `${baseUrl}/graphql`,
    { method: 'POST', headers: { 'content-type': contentType, ...(bearer !== null ? { authorization: `Bearer ${bearer}` } : {}) }, body },
    serverAlive,
  );
}

/** Whether process `pid` still runs (always true when the server runs in this process: pid null). */
export function processAlive(pid: number | null): () => boolean {
  return () => {
    if (pid === null) return true;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
}
