import { useEffect, useState } from 'preact/hooks';
import { nodes } from '../console/api.js';
import { Notice } from '../console/Notice.js';
import { Topbar } from '../console/Topbar.js';
import type { ProjectListDocument } from '../generated/graphql.js';
import { Agents } from './agents/Agents.js';
import { AuditLogPage } from './audit/AuditLogPage.js';
import { useGql } from './gql-context.js';
import { NewProject } from './NewProject.js';
import { PlatformKeys } from './platform/PlatformKeys.js';
import { ProjectPage } from './project/ProjectPage.js';
import { navigate, parseRoute, projectHref, useRoute } from './route.js';
import { Sidebar } from './Sidebar.js';
import type { Operator } from './types.js';
import { useLoad } from './use-load.js';

const PROJECTS = 'query ProjectList { projects(first: 100) { edges { node { id name authenticatedMode } } } }' as ProjectListDocument;

/** The admin's console: top bar, the navigation (projects, installation) and the page the route names. */
export function Shell({ operator, onSignOut }: { operator: Operator; onSignOut(): void }) {
  const gql = useGql();
  const route = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  const projects = useLoad(async () => nodes((await gql(PROJECTS)).projects), [gql]);

  // Where "/admin" alone lands: the first project, or creating one. The address bar is read again
  // because a link followed while the projects loaded must win over this default.
  useEffect(() => {
    if (route.page !== 'home' || parseRoute(location.hash).page !== 'home' || !projects.data) return;
    const [first] = projects.data;
    navigate(first ? projectHref(first.id) : '#/new-project');
  }, [route.page, projects.data]);

  // A choice in the (narrow screen) menu closes it.
  const routeKey = JSON.stringify(route);
  useEffect(() => setMenuOpen(false), [routeKey]);

  return (
    <div class="admin-root">
      <Topbar title="Parley admin" email={operator.email} onSignOut={onSignOut}>
        <button
          type="button"
          class="menu-toggle small"
          aria-expanded={menuOpen}
          aria-controls="admin-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {menuOpen ? 'Close menu' : 'Menu'}
        </button>
      </Topbar>
      <div class="admin-layout">
        <Sidebar open={menuOpen} route={route} projects={projects.data ?? []} loading={projects.loading && !projects.data} />
        <main class="admin-main" id="main">
          {projects.error && <Notice kind="error">{projects.error}</Notice>}
          {route.page === 'new-project' && <NewProject onCreated={projects.reload} />}
          {route.page === 'platform-keys' && <PlatformKeys />}
          {route.page === 'agents' && <Agents self={operator} />}
          {route.page === 'audit-log' && <AuditLogPage />}
          {route.page === 'project' && (
            <ProjectPage key={route.projectId} projectId={route.projectId} section={route.section} onChanged={projects.reload} />
          )}
        </main>
      </div>
    </div>
  );
}
