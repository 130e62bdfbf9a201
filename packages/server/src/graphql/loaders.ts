import DataLoader from 'dataloader';
import type { OperatorRead } from '../conversations/read-state.js';
import type { VisitorProfile } from '../identity/visitors.js';
import type { Operator } from '../operators/index.js';
import type { Services } from '../services.js';

/**
 * Per-request batching: the rows a list of conversations needs (visitors, assignees, authors,
 * read state) are read in one query per kind, not one per row. Made for each request, so
 * nothing is cached across requests or callers.
 */
export interface Loaders {
  profile: DataLoader<string, VisitorProfile | null>;
  operator: DataLoader<string, Operator | null>;
  /** The calling operator's read state of a conversation. */
  readOf(operatorId: string): DataLoader<string, OperatorRead>;
}

const inOrder =
  <V>(load: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V) =>
  async (keys: readonly string[]): Promise<V[]> => {
    const found = await load(keys);
    return keys.map((key) => found.get(key) ?? missing);
  };

export function createLoaders(services: Services): Loaders {
  const reads = new Map<string, DataLoader<string, OperatorRead>>();
  return {
    profile: new DataLoader(inOrder((ids) => services.visitors.profiles(ids), null)),
    operator: new DataLoader(inOrder((ids) => services.operators.byIds(ids), null)),
    readOf(operatorId) {
      let loader = reads.get(operatorId);
      if (!loader) {
        loader = new DataLoader(
          inOrder((ids) => services.readState.of(operatorId, ids), { lastReadSeq: 0, unreadCount: 0 }),
          {
            cache: false,
          },
        );
        reads.set(operatorId, loader);
      }
      return loader;
    },
  };
}
