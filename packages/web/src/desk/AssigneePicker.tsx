import { useEffect, useId, useState } from 'preact/hooks';
import { type Gql, nodes } from '../console/api.js';
import type { AssigneeCandidatesDocument, ConversationAssignDocument } from '../generated/graphql.js';
import type { InboxConversation, OperatorRef } from './desk-types.js';

interface AssigneePickerProps {
  gql: Gql;
  conversation: InboxConversation;
  me: OperatorRef | null;
  onAssigned(conversation: InboxConversation): void;
  onError(message: string): void;
}

const UNASSIGNED = '';

const CANDIDATES =
  'query AssigneeCandidates($p: ID!) { project(id: $p) { members(first: 100) { edges { node { id displayName } } } } }' as AssigneeCandidatesDocument;
const ASSIGN =
  'mutation ConversationAssign($c: ID!, $o: ID) { conversationAssign(input: { conversationId: $c, operatorId: $o }) { conversation { id } } }' as ConversationAssignDocument;

/** Who answers the conversation: me, another member of the project, or nobody. Every agent's desk follows live. */
export function AssigneePicker({ gql, conversation, me, onAssigned, onError }: AssigneePickerProps) {
  const [members, setMembers] = useState<OperatorRef[]>([]);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    gql(CANDIDATES, { p: conversation.projectId }).then(
      (data) => setMembers(nodes(data.project.members)),
      () => setMembers([]),
    );
  }, [gql, conversation.projectId]);

  const assign = async (operatorId: string | null) => {
    setBusy(true);
    try {
      await gql(ASSIGN, { c: conversation.id, o: operatorId });
      const assignee = operatorId === null ? null : ([me, ...members].find((member) => member?.id === operatorId) ?? null);
      onAssigned({ ...conversation, assignee });
    } catch (failure) {
      onError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  // Me first, then the other members; the current assignee is listed even when no longer a member.
  const choices = [me, conversation.assignee, ...members].filter(
    (choice, index, all): choice is OperatorRef => choice !== null && all.findIndex((other) => other?.id === choice.id) === index,
  );
  const mine = me !== null && conversation.assignee?.id === me.id;
  return (
    <span class="assign">
      <label for={id} class="muted">
        Assignee
      </label>
      <select
        id={id}
        value={conversation.assignee?.id ?? UNASSIGNED}
        disabled={busy}
        onChange={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          void assign(value === UNASSIGNED ? null : value);
        }}
      >
        <option value={UNASSIGNED}>Unassigned</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.id === me?.id ? `${choice.displayName} (me)` : choice.displayName}
          </option>
        ))}
      </select>
      {!mine && me && (
        <button type="button" class="small" disabled={busy} onClick={() => void assign(me.id)}>
          Assign to me
        </button>
      )}
    </span>
  );
}
