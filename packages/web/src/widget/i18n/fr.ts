import type { WidgetStrings } from './widget-strings.js';

// French typography: a narrow no-break space (U+202F) before « : », so the colon never starts a line.
export const FR: WidgetStrings = {
  title: 'Discutez avec nous',
  subtitle: 'Nous sommes là pour vous aider',
  dialogLabel: 'Chat',
  openChat: 'Ouvrir le chat',
  openChatUnreadOne: 'Ouvrir le chat, 1 message non lu',
  openChatUnreadMany: 'Ouvrir le chat, {count} messages non lus',
  closeChat: 'Fermer le chat',
  signedInNotice: 'Vous êtes connecté à votre compte\u202F: cette conversation y est rattachée.',
  conversationLabel: 'Conversation',
  empty: 'Posez-nous vos questions\u202F: nous répondons généralement en quelques minutes.',
  you: 'Vous',
  agent: 'Conseiller',
  sending: 'Envoi en cours…',
  notSent: 'Non envoyé.',
  retry: 'Réessayer',
  agentTyping: 'Un conseiller est en train d’écrire',
  messageLabel: 'Votre message',
  placeholder: 'Écrivez votre message…',
  send: 'Envoyer',
  signedIn: 'Visiteur connecté en tant que {userId}',
  continuedIn: ' — suite dans la conversation {conversationId}',
  signedOut: 'Visiteur déconnecté',
  unavailable: 'Le chat est indisponible. Veuillez vous reconnecter.',
  dismiss: 'Fermer',
};
