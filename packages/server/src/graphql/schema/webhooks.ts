import { WEBHOOK_EVENT_TYPES } from '../../webhooks/event-types.js';
import { connectionFromList } from '../connection.js';
import type { Resolvers, WebhookDeliveryStatus } from '../generated/resolvers-types.js';

const STATUS_IN = { PENDING: 'pending', DELIVERED: 'delivered', FAILED: 'failed' } as const;
const STATUS_OUT = { pending: 'PENDING', delivered: 'DELIVERED', failed: 'FAILED' } as const satisfies Record<
  string,
  WebhookDeliveryStatus
>;

export const webhookResolvers: Resolvers = {
  Project: {
    webhookEndpoints: async (project, args, { services }) =>
      connectionFromList(await services.webhooks.endpoints.list(project.id), args, (endpoint) => endpoint.id),
  },
  WebhookEndpoint: {
    deliveries: (endpoint, { status, ...args }, { services }) =>
      services.webhooks.deliveries.list(endpoint.id, status ? STATUS_IN[status] : null, args),
  },
  WebhookDelivery: {
    status: (delivery) => STATUS_OUT[delivery.status],
    attemptLog: (delivery, _, { services }) => services.webhooks.deliveries.attempts(delivery),
  },
  Query: {
    webhookEventTypes: () => [...WEBHOOK_EVENT_TYPES],
    webhookEndpoint: (_, { id }, { services }) => services.webhooks.endpoints.get(id),
  },
  Mutation: {
    webhookEndpointCreate: (_, { input }, { services }) => services.webhooks.endpoints.create(input),
    webhookEndpointUpdate: async (_, { input }, { services }) => ({ endpoint: await services.webhooks.endpoints.update(input) }),
    webhookEndpointDelete: async (_, { input }, { services }) => {
      await services.webhooks.endpoints.delete(input.id);
      return { deletedId: input.id };
    },
    webhookEndpointRotateSecret: (_, { input }, { services }) => services.webhooks.endpoints.rotateSecret(input.id),
    webhookEndpointSendTest: async (_, { input }, { services }) => ({
      delivery: await services.webhooks.deliveries.sendTest(await services.webhooks.endpoints.get(input.id)),
    }),
    webhookDeliveryRedeliver: async (_, { input }, { services }) => ({ delivery: await services.webhooks.deliveries.redeliver(input.id) }),
  },
};
