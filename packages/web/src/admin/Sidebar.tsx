import { projectHref, type Route } from './route.js';
import type { ProjectSummary } from './types.js';

interface SidebarProps {
  open: boolean;
  route: Route;
  projects: ProjectSummary[];
  loading: boolean;
}

const current = (yes: boolean) => (yes ? ('page' as const) : undefined);

/** The left navigation: the projects, then the installation's pages. A menu on narrow screens. */
export function Sidebar({ open, route, projects, loading }: SidebarProps) {
  const selected = route.page === 'project' ? route.projectId : null;
  return (
    <nav id="admin-nav" class={`sidebar${open ? ' open' : ''}`} aria-label="Admin">
      <h2 class="nav-heading">Projects</h2>
      {loading && <p class="nav-empty">Loading…</p>}
      {!loading && projects.length === 0 && <p class="nav-empty">No project yet.</p>}
      <ul class="nav-list">
        {projects.map((project) => (
          <li key={project.id}>
            <a href={projectHref(project.id)} aria-current={current(project.id === selected)}>
              <span class="nav-name">{project.name}</span>
              <span
                class={`dot ${project.authenticatedMode ? 'on' : 'off'}`}
                title={project.authenticatedMode ? 'Authenticated mode on' : 'Authenticated mode off'}
              />
            </a>
          </li>
        ))}
      </ul>
      <a class="nav-action" href="#/new-project" aria-current={current(route.page === 'new-project')}>
        + New project
      </a>
      <h2 class="nav-heading">Installation</h2>
      <ul class="nav-list">
        <li>
          <a href="#/platform-keys" aria-current={current(route.page === 'platform-keys')}>
            Platform keys
          </a>
        </li>
        <li>
          <a href="#/agents" aria-current={current(route.page === 'agents')}>
            Agents
          </a>
        </li>
        <li>
          <a href="#/audit-log" aria-current={current(route.page === 'audit-log')}>
            Audit log
          </a>
        </li>
      </ul>
    </nav>
  );
}
