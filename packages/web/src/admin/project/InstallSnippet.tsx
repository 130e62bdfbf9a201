import { CopyButton } from '../CopyButton.js';
import { Section } from '../Section.js';

/** The script tag of spec §7.1, with this project's id and this server's origin. */
export function installSnippet(projectId: string, origin: string): string {
  return `<script>
  window.parleyInterface = window.parleyInterface || [];
  parleyInterface.config = { projectId: '${projectId}' };
  parleyInterface.push(async (parley) => {
    // On every page load: credentials from your backend for a signed-in user, else anonymous.
    await parley.activate(async () => {
      const response = await fetch('/parley-token', { method: 'POST' }); // your token endpoint
      if (response.status === 401) return { authenticationOption: { type: 'ANONYMOUS' } };
      const { token } = await response.json();
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token } };
    });
  });
</script>
<script async src="${origin}/sdk/parley.js"></script>`;
}

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
