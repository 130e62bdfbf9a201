import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { AccessRules } from './access.js';
import type { GraphQLContext } from './context.js';

/** Read as well as written: a user's data leaving Parley is an admin action too. */
const AUDITED_QUERIES = ['Query.userDataExport'];

/** The calls the audit log records: every mutation only admins (and, where allowed, the project's API keys) may make. */
export function auditedFields(rules: AccessRules): string[] {
  const mutations = Object.entries(rules)
    .filter(
      ([coordinate, rule]) => coordinate.startsWith('Mutation.') && (rule.kind === 'admin' || (rule.kind === 'project' && !rule.members)),
    )
    .map(([coordinate]) => coordinate);
  return [...mutations, ...AUDITED_QUERIES].sort();
}

function createdProjectId(answer: unknown): string | null {
  const id = (answer as { project?: { id?: unknown } } | null)?.project?.id;
  return typeof id === 'string' ? id : null;
}

/** Wraps the audited fields: a call that succeeds is recorded with who made it, its project and its arguments. */
export function applyAuditLog(schema: GraphQLSchema, rules: AccessRules): GraphQLSchema {
  for (const coordinate of auditedFields(rules)) {
    const [typeName = '', fieldName = ''] = coordinate.split('.');
    const field =
      schema.getQueryType()?.name === typeName
        ? schema.getQueryType()?.getFields()[fieldName]
        : schema.getMutationType()?.getFields()[fieldName];
    if (!field) continue;
    const rule = rules[coordinate];
    const resolve: GraphQLFieldResolver<unknown, GraphQLContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      // Looked up before the call: a deleted object's project cannot be found after it.
      const projectId = rule?.kind === 'project' ? await Promise.resolve(rule.projectOf(args, context, source)).catch(() => null) : null;
      const answer: unknown = await resolve(source, args, context, info);
      const { principal } = context;
      if (principal)
        await context.services.auditLog.record({
          // A project made by the call (projectCreate) is named by its answer.
          projectId: projectId ?? createdProjectId(answer),
          actor:
            principal.kind === 'operator'
              ? { kind: 'operator', id: principal.operatorId, label: principal.email }
              : { kind: 'apiKey', id: principal.apiKeyId, label: `API key ${principal.apiKeyId}` },
          action: fieldName,
          changes: args,
        });
      return answer;
    };
  }
  return schema;
}
