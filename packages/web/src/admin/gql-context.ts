import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Gql } from '../console/api.js';

/** The signed-in admin's GraphQL client, for every panel below the shell. */
export const GqlContext = createContext<Gql | null>(null);

export function useGql(): Gql {
  const gql = useContext(GqlContext);
  if (!gql) throw new Error('useGql() outside <GqlContext.Provider>');
  return gql;
}
