import type { RealtimeMessage } from '@parley/protocol';
import { type Message, messageView } from '../conversations/types.js';
import type { Operators } from '../operators/operators.js';
import type { Projects } from '../projects/projects.js';

/** How long a node reuses an agent's display name: a rename reaches new messages within it. */
const NAME_TTL_MS = 30_000;
const MAX_CACHED = 10_000;

export type Audience = 'operator' | 'visitor';

/**
 * The wire shape of messages with the agent's display name in `author.name`: always for operators, for visitors
 * unless the project's widget shows a generic "Support" instead (`agentNames: generic`), in which case a visitor's
 * frame carries no name at all.
 */
export class AuthorNames {
  private readonly names = new Map<string, { name: string | null; until: number }>();

  constructor(
    private readonly deps: { operators: Pick<Operators, 'byIds'>; projects: Pick<Projects, 'find'> },
    private readonly now: () => number = Date.now,
  ) {}

  async views(messages: readonly Message[], projectId: string, audience: Audience): Promise<RealtimeMessage[]> {
    const agentIds = [
      ...new Set(messages.flatMap((message) => (message.author.kind === 'agent' && message.author.id ? [message.author.id] : []))),
    ];
    if (agentIds.length === 0 || !(await this.shown(projectId, audience))) return messages.map((message) => messageView(message));
    const names = await this.namesOf(agentIds);
    return messages.map((message) => messageView(message, message.author.id ? names.get(message.author.id) : undefined));
  }

  /** A rename on this node shows on the next message at once (other nodes within NAME_TTL_MS). */
  forget(operatorId: string): void {
    this.names.delete(operatorId);
  }

  async view(message: Message, projectId: string, audience: Audience): Promise<RealtimeMessage> {
    const [view] = await this.views([message], projectId, audience);
    return view ?? messageView(message);
  }

  private async shown(projectId: string, audience: Audience): Promise<boolean> {
    if (audience === 'operator') return true;
    return (await this.deps.projects.find(projectId))?.widget.agentNames !== 'generic';
  }

  private async namesOf(ids: readonly string[]): Promise<Map<string, string | null>> {
    const now = this.now();
    const result = new Map<string, string | null>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.names.get(id);
      if (cached && cached.until > now) result.set(id, cached.name);
      else missing.push(id);
    }
    if (missing.length === 0) return result;
    const operators = await this.deps.operators.byIds(missing);
    if (this.names.size + missing.length > MAX_CACHED) this.names.clear();
    for (const id of missing) {
      const name = operators.get(id)?.displayName ?? null;
      this.names.set(id, { name, until: now + NAME_TTL_MS });
      result.set(id, name);
    }
    return result;
  }
}
