import type { MemberAddDocument, MemberRemoveDocument, OperatorUpdateDocument } from '../../generated/graphql.js';

/** Changes an operator: role, disabled, password (the fields given). */
export const OPERATOR_UPDATE =
  'mutation OperatorUpdate($input: OperatorUpdateInput!) { operatorUpdate(input: $input) { operator { id } } }' as OperatorUpdateDocument;

/** Lets an agent answer a project's conversations. */
export const MEMBER_ADD =
  'mutation MemberAdd($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }' as MemberAddDocument;

export const MEMBER_REMOVE =
  'mutation MemberRemove($p: ID!, $o: ID!) { projectMemberRemove(input: { projectId: $p, operatorId: $o }) { project { id } } }' as MemberRemoveDocument;
