/**
 * The script tag of the SDK reference (docs/reference/sdk.md, "Script tag"), with this project's id and
 * this server's origin: a test holds the two equal.
 */
export function installSnippet(projectId: string, origin: string): string {
  return `<script>
  window.parleyInterface = window.parleyInterface || [];
  parleyInterface.config = { projectId: '${projectId}' };
  // A failed activation logs one console warning (its code and a hint).
  parleyInterface.push((parley) =>
    parley.activate(async () => {
      // Your token endpoint (built with @parley/token): credentials for the user signed in to your site.
      const response = await fetch('/parley-token', { method: 'POST', credentials: 'same-origin' });
      if (response.status === 401) return { authenticationOption: { type: 'ANONYMOUS' } }; // nobody signed in
      if (!response.ok) throw new Error(\`token endpoint: HTTP \${response.status}\`); // → INVALID_OPTION
      const { token } = await response.json();
      return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token } };
    }),
  );
  // When the user signs out of your site, end the chat session first:
  // parleyInterface.push((parley) => parley.logout().finally(yourSignOut));
</script>
<script async src="${origin}/sdk/parley.js"></script>`;
}
