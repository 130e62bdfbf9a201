import type { Parley } from '@parley/sdk';
import { useContext } from 'react';
import { ParleyContext } from './context.js';

/** The Parley object of the nearest ParleyProvider (for what the hooks do not cover: typing, read receipts, extId…). */
export function useParley(): Parley {
  const parley = useContext(ParleyContext);
  if (parley === null)
    throw new Error('[parley] useParley(), useActivation() and useConversation() must be called inside a <ParleyProvider>');
  return parley;
}
