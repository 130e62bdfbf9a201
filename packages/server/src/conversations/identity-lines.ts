import { type Conversations, SYSTEM_LINE as SYSTEM } from './conversations.js';

/**
 * What sign-in and sign-out do to conversations (spec §6.2, §6.4), inside the activation's transaction:
 * an anonymous conversation moves to the user, or — when the user already has one open — is
 * closed with a pointer to it; the conversation that continues says who signed in.
 */
export class ConversationIdentity {
  constructor(private readonly conversations: Conversations) {}

  async signedIn(event: { userId: string; anonymousProfileId: string; userProfileId: string }): Promise<void> {
    const { conversations } = this;
    const anonymous = await conversations.openOf(event.anonymousProfileId);
    if (!anonymous) return;
    const line = `Visitor signed in as ${event.userId} 🔒`;
    const continued = await conversations.openOf(event.userProfileId);
    if (!continued) {
      await conversations.move(anonymous.id, event.userProfileId);
      await conversations.append(anonymous.id, { ...SYSTEM, text: line });
      return;
    }
    // Both locked first, in id order, as a batch of appends locks them: a batch holding both cannot deadlock with this.
    await conversations.lockInIdOrder([anonymous.id, continued.id]);
    await conversations.append(anonymous.id, { ...SYSTEM, text: `${line} — continued in conversation ${continued.id}` });
    await conversations.close(anonymous.id);
    await conversations.append(continued.id, { ...SYSTEM, text: line });
  }

  async signedOut(profileId: string): Promise<void> {
    const open = await this.conversations.openOf(profileId);
    if (open) await this.conversations.append(open.id, { ...SYSTEM, text: 'Visitor signed out' });
  }
}
