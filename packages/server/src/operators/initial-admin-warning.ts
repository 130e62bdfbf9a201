import type { InitialAdminOutcome } from './operators.js';

const ONLY_FIRST = 'PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD only create the first admin of an empty database';

/**
 * The warning a start logs when PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD are set but were not applied,
 * saying why and what to do; null when there is nothing to say (not set, just created, or already that admin).
 */
export function initialAdminWarning(outcome: InitialAdminOutcome, email: string): string | null {
  switch (outcome.kind) {
    case 'not-configured':
    case 'created':
    case 'exists':
      return null;
    case 'ignored': {
      const count = outcome.operators === 1 ? '1 operator' : `${outcome.operators} operators`;
      return (
        `PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD were ignored: this database already has ${count}, and ${email} is not one of them ` +
        `(${ONLY_FIRST}). Sign in as one of its admins and add ${email} in the admin console (Agents) or with operatorCreate, ` +
        'or start on an empty database (another --data-dir / PARLEY_DATA_DIR, or DATABASE_URL).'
      );
    }
    case 'differs': {
      const state = outcome.disabled
        ? 'is disabled'
        : outcome.role !== 'admin'
          ? `is an ${outcome.role}, not an admin`
          : 'has another password';
      return (
        `PARLEY_ADMIN_PASSWORD was ignored: the operator ${email} already exists and ${state}; nothing was changed (${ONLY_FIRST}). ` +
        `Sign in with its current password, or have another admin update it in the admin console (Agents) or with operatorUpdate.`
      );
    }
  }
}
