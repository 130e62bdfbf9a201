import type { SignedInUser } from '@parley/token';

/** The brand's own customers (its database, in a real site). The password of each is "demo". */
export const DEMO_USERS: Record<string, SignedInUser & { name: string }> = {
  alice: {
    userId: 'alice',
    name: 'Alice Martin',
    visitorData: { firstName: 'Alice', lastName: 'Martin', email: 'alice@example.com', city: 'Nantes', country: 'FR' },
  },
  bob: {
    userId: 'bob',
    name: 'Bob Chen',
    visitorData: { firstName: 'Bob', lastName: 'Chen', email: 'bob@example.com', city: 'Lyon', country: 'FR' },
  },
};

export const DEMO_PASSWORD = 'demo';
