import type { FastifyInstance } from 'fastify';
import { publicWidget } from '../projects/widget-settings.js';
import type { Services } from '../services.js';

/** Browsers and CDNs reuse the answer this long: an admin's change reaches visitors within a minute. */
const MAX_AGE_SECONDS = 60;

/**
 * `GET /sdk/projects/{projectId}/widget`: the project's widget appearance and wording, public like the script itself
 * (what a visitor's browser would show anyway), read by the widget before it first shows.
 */
export function widgetConfigRoute(deps: Pick<Services, 'projects'>) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { projectId: string } }>('/sdk/projects/:projectId/widget', async (request, reply) => {
      reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
      const project = await deps.projects.find(request.params.projectId);
      if (!project) {
        reply.header('cache-control', 'no-store');
        return reply.code(404).send({ error: 'NOT_FOUND', message: `no project has id "${request.params.projectId}"` });
      }
      reply.header('cache-control', `public, max-age=${MAX_AGE_SECONDS}`);
      return publicWidget(project.widget);
    });
  };
}
