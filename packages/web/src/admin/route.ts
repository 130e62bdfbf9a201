import { useEffect, useState } from 'preact/hooks';

export const PROJECT_SECTIONS = [
  { id: 'authentication', label: 'Authentication' },
  { id: 'debugger', label: 'Token debugger' },
  { id: 'log', label: 'Authentication log' },
  { id: 'api-keys', label: 'API keys' },
  { id: 'widget', label: 'Widget' },
  { id: 'canned-replies', label: 'Canned replies' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'install', label: 'Install' },
] as const;

export type ProjectSection = (typeof PROJECT_SECTIONS)[number]['id'];

export type Route =
  | { page: 'home' }
  | { page: 'new-project' }
  | { page: 'platform-keys' }
  | { page: 'agents' }
  | { page: 'audit-log' }
  | { page: 'project'; projectId: string; section: ProjectSection };

/** Reads `#/projects/<id>/<section>`, `#/new-project`, `#/platform-keys`, `#/agents`. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'new-project') return { page: 'new-project' };
  if (parts[0] === 'platform-keys') return { page: 'platform-keys' };
  if (parts[0] === 'agents') return { page: 'agents' };
  if (parts[0] === 'audit-log') return { page: 'audit-log' };
  if (parts[0] === 'projects' && parts[1]) {
    const section = PROJECT_SECTIONS.find((candidate) => candidate.id === parts[2])?.id ?? 'authentication';
    return { page: 'project', projectId: parts[1], section };
  }
  return { page: 'home' };
}

export const projectHref = (projectId: string, section: ProjectSection = 'authentication') =>
  `#/projects/${encodeURIComponent(projectId)}/${section}`;

/** The route in the address bar's hash: links are real links, and reload and Back keep the place. */
export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener('hashchange', update);
    // Effects run after the first paint: a hash set in between (a click, a test) fired its event before this listener.
    update();
    return () => removeEventListener('hashchange', update);
  }, []);
  return parseRoute(hash);
}

export function navigate(hash: string): void {
  location.hash = hash;
}
