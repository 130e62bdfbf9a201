import { Notice } from '../../console/Notice.js';
import type { ProjectSettingsDocument } from '../../generated/graphql.js';
import { LockIcon } from '../../widget/icons.js';
import { CopyButton } from '../CopyButton.js';
import { useGql } from '../gql-context.js';
import { AuthLog } from '../log/AuthLog.js';
import { PROJECT_SECTIONS, type ProjectSection, projectHref } from '../route.js';
import { useLoad } from '../use-load.js';
import { WebhooksSection } from '../webhooks/WebhooksSection.js';
import { ApiKeys } from './ApiKeys.js';
import { AuthenticationSection } from './AuthenticationSection.js';
import { CannedReplies } from './CannedReplies.js';
import { EraseUser } from './EraseUser.js';
import { InstallSnippet } from './InstallSnippet.js';
import { PrivacySection } from './PrivacySection.js';
import { RetentionForm } from './RetentionForm.js';
import { TokenDebugger } from './TokenDebugger.js';
import { WidgetSection } from './widget/WidgetSection.js';

const PROJECT = `query ProjectSettings($id: ID!) { project(id: $id) {
  id name createdAt authenticatedMode acceptedIssuers maxTokenLifetimeSeconds sessionLifetimeSeconds allowAnonymous allowedOrigins authLogRetentionDays } }` as ProjectSettingsDocument;

interface ProjectPageProps {
  projectId: string;
  section: ProjectSection;
  /** The project's name or mode changed: the navigation reloads. */
  onChanged(): void;
}

/** One project: its name and id, the section tabs, and the chosen section. */
export function ProjectPage({ projectId, section, onChanged }: ProjectPageProps) {
  const gql = useGql();
  const project = useLoad(async () => (await gql(PROJECT, { id: projectId })).project, [gql, projectId]);
  const data = project.data;
  if (!data)
    return project.error ? (
      <Notice kind="error">{project.error}</Notice>
    ) : (
      <p class="muted" aria-live="polite">
        Loading project…
      </p>
    );

  const changed = () => {
    project.reload();
    onChanged();
  };
  return (
    <>
      <header class="page-header">
        <div class="page-title">
          <h1>{data.name}</h1>
          <span class={`pill ${data.authenticatedMode ? 'ok' : 'plain'}`}>
            {data.authenticatedMode ? (
              <>
                <LockIcon size={12} /> Authenticated mode on
              </>
            ) : (
              'Authenticated mode off'
            )}
          </span>
        </div>
        <p class="project-id">
          <span class="muted">Project id</span> <code class="mono">{data.id}</code> <CopyButton text={data.id} what="project id" />
        </p>
      </header>
      <nav class="tabs" aria-label="Project sections">
        {PROJECT_SECTIONS.map((candidate) => (
          <a key={candidate.id} href={projectHref(projectId, candidate.id)} aria-current={candidate.id === section ? 'page' : undefined}>
            {candidate.label}
          </a>
        ))}
      </nav>
      {section === 'authentication' && <AuthenticationSection project={data} onChanged={changed} />}
      {section === 'debugger' && <TokenDebugger projectId={projectId} />}
      {section === 'log' && <AuthLog projectId={projectId} />}
      {section === 'api-keys' && <ApiKeys projectId={projectId} />}
      {section === 'widget' && <WidgetSection projectId={projectId} />}
      {section === 'canned-replies' && <CannedReplies projectId={projectId} />}
      {section === 'webhooks' && <WebhooksSection projectId={projectId} />}
      {section === 'privacy' && (
        <>
          <PrivacySection projectId={projectId} />
          <EraseUser projectId={projectId} />
          <RetentionForm projectId={projectId} />
        </>
      )}
      {section === 'install' && <InstallSnippet projectId={projectId} />}
    </>
  );
}
