import { useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { AuthenticatedModeSetDocument } from '../../generated/graphql.js';
import { useGql } from '../gql-context.js';
import { Switch } from '../Switch.js';
import type { ProjectSettings } from '../types.js';
import { useAction } from '../use-action.js';

interface AuthModeCardProps {
  project: ProjectSettings;
  /** Active brand keys; null while they load. */
  activeKeys: number | null;
  onChanged(): void;
}

const SET_MODE =
  'mutation AuthenticatedModeSet($id: ID!, $on: Boolean!) { projectUpdateAuthentication(input: { projectId: $id, authenticatedMode: $on }) { project { id } } }' as AuthenticatedModeSetDocument;

/** The master switch: verify the brand's credentials and open authenticated (🔒) sessions. */
export function AuthModeCard({ project, activeKeys, onChanged }: AuthModeCardProps) {
  const gql = useGql();
  const action = useAction();
  /** Switching off refuses every credential at once: asked first. */
  const [confirmingOff, setConfirmingOff] = useState(false);
  const toggle = async (on: boolean) => {
    setConfirmingOff(false);
    const done = await action.run(
      async () => {
        await gql(SET_MODE, { id: project.id, on });
      },
      on ? 'Authenticated mode is on.' : 'Authenticated mode is off: credentials are refused with AUTHENTICATED_MODE_DISABLED.',
    );
    if (done) onChanged();
  };
  return (
    <section class="card section mode-card" aria-label="Authenticated mode">
      <div class="mode-row">
        <div class="section-title">
          <Switch
            label="Authenticated mode"
            checked={project.authenticatedMode}
            busy={action.busy}
            onChange={(on) => (on ? toggle(true) : setConfirmingOff(true))}
          />
          <p class="hint">
            Your backend vouches for its signed-in user with short-lived credentials (signed with your brand key, encrypted for the platform
            key); Parley verifies them and agents see a padlock and the verified user id.
          </p>
        </div>
      </div>
      {confirmingOff && (
        <div class="notice-line warn row" role="alertdialog" aria-label="Turn authenticated mode off?">
          <span>Turn authenticated mode off? Every visitor's credentials are refused at once (AUTHENTICATED_MODE_DISABLED).</span>
          <button type="button" class="danger" onClick={() => toggle(false)}>
            Turn off
          </button>
          <button type="button" onClick={() => setConfirmingOff(false)}>
            Cancel
          </button>
        </div>
      )}
      {project.authenticatedMode && activeKeys === 0 && (
        <p class="notice-line warn" role="status">
          No active brand key yet: every attempt fails with NO_BRAND_KEY. Add your token provider's public key below.
        </p>
      )}
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {action.success && <Notice kind="success">{action.success}</Notice>}
    </section>
  );
}
