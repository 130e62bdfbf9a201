import type { Parley } from '@parley/sdk';
import { createContext } from 'react';

/** The Parley object of the nearest ParleyProvider; null outside one. */
export const ParleyContext = createContext<Parley | null>(null);
