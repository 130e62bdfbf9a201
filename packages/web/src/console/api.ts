import type { TypedDocument } from '../generated/graphql.js';

/** A failed call, with a sentence for the person at the screen saying what happened and what to do. */
export class ConsoleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const WHAT_TO_DO: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended: sign in again.',
  PERMISSION_DENIED: 'Your account may not do this: ask an admin for access.',
  NOT_FOUND: 'This no longer exists, or you may not see it: go back to the list and reload.',
  RATE_LIMITED: 'Too many attempts: wait a minute, then try again.',
  NETWORK_ERROR: 'The Parley server cannot be reached: check your connection, then try again.',
};

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { name?: string; requestId?: string } }[];
}

/** The sentence shown for an error: the server's own words for input mistakes, a next step for the rest. */
export function explain(name: string, serverMessage: string): string {
  if (name === 'VALIDATION_FAILED') return `${serverMessage.replace(/\.$/, '')}: correct it and try again.`;
  if (name === 'INTERNAL_ERROR')
    return `The server failed (${serverMessage}): try again; if it persists, give this message to whoever runs Parley.`;
  return WHAT_TO_DO[name] ?? `${serverMessage} (${name})`;
}

/** The variables may be left out when the operation needs none. */
type VariablesArgument<Variables> = Record<string, never> extends Variables ? [variables?: Variables] : [variables: Variables];

/** Runs a document (src/generated/graphql.ts types it from its text): its variables are checked, its answer typed. */
export type Gql = <Result, Variables>(
  document: TypedDocument<Result, Variables>,
  ...variables: VariablesArgument<Variables>
) => Promise<Result>;

/** GraphQL over fetch with the operator's bearer; throws ConsoleError, and calls `onSignedOut` on UNAUTHENTICATED. */
export function graphqlClient(bearer: string, onSignedOut: () => void): Gql {
  return async <Result, Variables>(query: TypedDocument<Result, Variables>, ...[variables]: VariablesArgument<Variables>) => {
    let answer: GraphQLAnswer<Result>;
    try {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables: variables ?? {} }),
      });
      answer = (await response.json()) as GraphQLAnswer<Result>;
    } catch {
      throw new ConsoleError('NETWORK_ERROR', WHAT_TO_DO.NETWORK_ERROR ?? '');
    }
    const [error] = answer.errors ?? [];
    if (error) {
      const name = error.extensions?.name ?? 'INTERNAL_ERROR';
      if (name === 'UNAUTHENTICATED') onSignedOut();
      throw new ConsoleError(name, explain(name, error.message));
    }
    if (!answer.data) throw new ConsoleError('INTERNAL_ERROR', explain('INTERNAL_ERROR', 'empty answer'));
    return answer.data;
  };
}

/** The nodes of a Relay connection. */
export const nodes = <T>(connection: { edges: { node: T }[] }): T[] => connection.edges.map((edge) => edge.node);
