import { LockIcon } from '../widget/icons.js';

/** The padlock of a verified identity, drawn (an emoji may be missing from the agent's fonts), named for screen readers. */
export function Padlock({ title = 'Verified by the brand' }: { title?: string }) {
  return (
    <span class="padlock" role="img" aria-label="verified" title={title}>
      <LockIcon />
    </span>
  );
}
