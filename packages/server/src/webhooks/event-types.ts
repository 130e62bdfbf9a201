/** The event types an endpoint may subscribe to (docs/reference/webhooks.md gives each one's data). */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'conversation.closed',
  'conversation.reopened',
  'conversation.assigned',
  'message.created',
  'visitor.authenticated',
  'visitor.logged_out',
  'authentication.failed',
  'user.erased',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by "send test event" to one endpoint only; no endpoint subscribes to it. */
export const TEST_EVENT_TYPE = 'webhook.test';

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
