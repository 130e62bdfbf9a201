/** What each event type is sent for, beside its name in the endpoint form (the server's list decides which exist). */
export const EVENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  'conversation.created': 'A visitor started a conversation',
  'conversation.closed': 'A conversation was closed',
  'conversation.reopened': 'A closed conversation was reopened',
  'conversation.assigned': 'A conversation was assigned or unassigned',
  'message.created': 'A message was written (visitor, agent or system line)',
  'visitor.authenticated': 'A visitor signed in with verified credentials',
  'visitor.logged_out': 'A verified visitor logged out, or their sessions were revoked',
  'authentication.failed': 'Credentials were refused (with the reason code)',
  'user.erased': 'A user was erased at their request',
};
