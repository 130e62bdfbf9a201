import type { Project } from '../../projects/projects.js';
import { connectionFromList } from '../connection.js';
import type { Resolvers } from '../generated/resolvers-types.js';

/** A project as GraphQL shows it: its settings are fields of the Project type. */
export const projectNode = (project: Project) => ({
  id: project.id,
  name: project.name,
  createdAt: project.createdAt,
  ...project.settings,
  conversationRetentionDays: project.retention.conversationDays,
  anonymousProfileRetentionDays: project.retention.anonymousProfileDays,
  widget: {
    ...project.widget,
    launcherPosition: project.widget.launcherPosition === 'left' ? ('LEFT' as const) : ('RIGHT' as const),
    agentNames: project.widget.agentNames === 'generic' ? ('GENERIC' as const) : ('NAME' as const),
  },
});

/** The parent of Project's fields (the generated types' mapper). */
export type ProjectNode = ReturnType<typeof projectNode>;

export const projectResolvers: Resolvers = {
  Query: {
    project: async (_, { id }, context) => projectNode(await context.services.projects.get(id)),
    projects: async (_, args, context) => {
      const { principal, services } = context;
      let projects = await services.projects.list();
      if (principal?.kind === 'apiKey') projects = projects.filter((project) => project.id === principal.projectId);
      else if (principal?.kind === 'operator' && principal.role !== 'admin')
        projects = projects.filter((project) => principal.projectIds.includes(project.id));
      return connectionFromList(projects.map(projectNode), args, (project) => project.id);
    },
  },
  Mutation: {
    projectCreate: async (_, { input }, { services }) => {
      const memberIds = [...new Set(input.memberIds ?? [])];
      for (const id of memberIds) await services.operators.get(id); // NOT_FOUND before anything is created
      const project = await services.store.transaction(async () => {
        const created = await services.projects.create(input.name);
        for (const id of memberIds) await services.operators.addMember(created.id, id);
        return created;
      });
      return { project: projectNode(project) };
    },
    projectUpdateAuthentication: async (_, { input }, context) => {
      const { projectId, ...patch } = input;
      const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null && value !== undefined));
      return { project: projectNode(await context.services.projects.updateSettings(projectId, changes)) };
    },
    projectUpdateWidget: async (_, { input }, context) => {
      const { projectId, launcherPosition, agentNames, ...rest } = input;
      // Absent fields are left out; a null sent for a text field restores its default.
      const changes: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
      if (changes.strings === null) delete changes.strings;
      if (launcherPosition) changes.launcherPosition = launcherPosition.toLowerCase();
      if (agentNames) changes.agentNames = agentNames.toLowerCase();
      return { project: projectNode(await context.services.projects.updateWidget(projectId, changes)) };
    },
  },
};
