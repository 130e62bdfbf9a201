import { CopyButton } from '../CopyButton.js';
import { Section } from '../Section.js';
import { installSnippet } from './install-snippet.js';

/** Where to put the tag, and what the token endpoint needs. */
export function InstallSnippet({ projectId }: { projectId: string }) {
  const snippet = installSnippet(projectId, location.origin);
  return (
    <div class="stack-lg">
      <Section
        title="Install snippet"
        description="Paste this before </body> on every page of the site. Replace /parley-token with your backend's endpoint that mints credentials (e.g. with @parley/token)."
        actions={<CopyButton text={snippet} what="install snippet" label="Copy snippet" />}
      >
        <pre class="snippet">{snippet}</pre>
        <p class="hint">
          Pages written for iAdvize's tag (iAdvizeInterface with config.sid) work unchanged with this script: use this project id as the
          sid.
        </p>
      </Section>
      <Section title="Your token endpoint">
        <ol class="steps">
          <li>Sign credentials with your brand private key, and register its public half under Authentication → Brand keys.</li>
          <li>
            Encrypt them for the platform public key (see <a href="#/platform-keys">Platform keys</a>, or point your provider at{' '}
            <code class="mono">{location.origin}/.well-known/jwks.json</code>).
          </li>
          <li>Check a token in the Token debugger, then switch Authenticated mode on.</li>
        </ol>
      </Section>
    </div>
  );
}
