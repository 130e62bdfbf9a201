import { ApiError } from '../errors.js';
import type { Args, ProjectOf } from './access.js';
import type { GraphQLContext } from './context.js';

/** How a `PROJECT` rule finds the project a call touches, under the name `@access(projectOf: …)` gives. */
export interface ProjectLookup {
  projectOf: ProjectOf;
  /** What an operator outside the project is told: the same words as for an id that does not exist. */
  notFound?: (args: Args, projectId: string) => string;
  /** Reads the object that holds the field, so it cannot serve a root (Query or Mutation) field. */
  readsParent?: true;
}

function projectIdArgument(args: Args): string {
  const input = args.input as Args | undefined;
  const projectId = args.projectId ?? input?.projectId;
  if (typeof projectId !== 'string') throw new ApiError('VALIDATION_FAILED', 'projectId: required');
  return projectId;
}

const conversationIdOf = (args: Args) => {
  const input = args.input as { conversationId?: unknown } | undefined;
  return String(args.id ?? input?.conversationId ?? '');
};

/** The project of a conversation named in the arguments (unknown ids are NOT_FOUND, whoever asks). */
async function conversationProject(args: Args, context: GraphQLContext): Promise<string> {
  return (await context.services.conversations.get(conversationIdOf(args))).projectId;
}

/** The project a brand key belongs to (unknown ids are NOT_FOUND, whoever asks). */
async function brandKeyProject(args: Args, context: GraphQLContext): Promise<string> {
  const id = String((args.input as { id?: unknown } | undefined)?.id ?? '');
  const key = await context.services.brandKeys.find(id);
  if (!key) throw new ApiError('NOT_FOUND', `no brand key has id "${id}"`);
  return key.projectId;
}

/** The project of an API key (unknown ids are NOT_FOUND, whoever asks). */
async function apiKeyProject(args: Args, context: GraphQLContext): Promise<string> {
  const clientId = String((args.input as { clientId?: unknown } | undefined)?.clientId ?? '');
  const key = await context.services.apiKeys.find(clientId);
  if (!key) throw new ApiError('NOT_FOUND', `no API key has client id "${clientId}"`);
  return key.projectId;
}

/** The project of a canned reply (unknown ids are NOT_FOUND, whoever asks). */
async function cannedReplyProject(args: Args, context: GraphQLContext): Promise<string> {
  return (await context.services.cannedReplies.get(String((args.input as { id?: unknown } | undefined)?.id ?? ''))).projectId;
}

const inputId = (args: Args) => String(args.id ?? (args.input as { id?: unknown } | undefined)?.id ?? '');

/** The project of a webhook endpoint (unknown ids are NOT_FOUND, whoever asks). */
async function webhookEndpointProject(args: Args, context: GraphQLContext): Promise<string> {
  return (await context.services.webhooks.endpoints.get(inputId(args))).projectId;
}

/** The project of a webhook delivery (unknown ids are NOT_FOUND, whoever asks). */
async function webhookDeliveryProject(args: Args, context: GraphQLContext): Promise<string> {
  const delivery = await context.services.webhooks.deliveries.get(inputId(args));
  return delivery.projectId;
}

/** Every name `@access(projectOf: …)` may use; a name missing here fails the schema's build. */
export const PROJECT_OF: Readonly<Record<string, ProjectLookup>> = {
  /** The `projectId` argument, or `input.projectId`: the default. */
  projectId: { projectOf: projectIdArgument },
  /** The `id` argument is the project's. */
  id: { projectOf: (args) => String(args.id) },
  /** A field of `Project`: the project is the parent object. */
  parent: { projectOf: (_args, _context, project) => (project as { id: string }).id, readsParent: true },
  /** A conversation of another project is answered as one that does not exist: same code, same words, no project id. */
  conversation: { projectOf: conversationProject, notFound: (args) => `no conversation has id "${conversationIdOf(args)}"` },
  brandKey: { projectOf: brandKeyProject },
  apiKey: { projectOf: apiKeyProject },
  cannedReply: { projectOf: cannedReplyProject },
  webhookEndpoint: { projectOf: webhookEndpointProject },
  webhookDelivery: { projectOf: webhookDeliveryProject },
};
