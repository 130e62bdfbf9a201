import type {
  AnonymouslyDocument,
  FromCredentialsDocument,
  FromCredentialsMutation,
  LogoutDocument,
  SetExtIdDocument,
  SetExtIdMutation,
  TransferCreateDocument,
  TransferCreateMutation,
  TransferRedeemDocument,
} from './generated/graphql.js';
import { type CallResult, callGraphQL, type FetchLike } from './graphql-client.js';

/** A visitor session the server issued. */
export interface IssuedSession {
  vuid: string;
  token: string;
  /** Whether the server redeemed the transfer token given with an anonymous activation. */
  transferRedeemed?: boolean;
}

/** What the activations answer under `s` (only a transfer's says whether it was redeemed). */
type SessionPayload = FromCredentialsMutation['s'] & { transferRedeemed?: boolean };

/** A cross-domain transfer token (spec §6.7); null when there is nothing to transfer. */
export type Transfer = TransferCreateMutation['t'];

// Written without the optional spaces and commas: the core script is at its gzip budget, and the operations' names cost bytes.
const FROM_CREDENTIALS =
  'mutation FromCredentials($p:ID!$c:String!$v:String){s:visitorAuthenticateFromCredentials(input:{projectId:$p,credentials:$c,currentVuid:$v}){vuid visitorSessionToken{accessToken}}}' as FromCredentialsDocument;
const ANONYMOUSLY =
  'mutation Anonymously($p:ID!$v:String){s:visitorAuthenticateAnonymously(input:{projectId:$p,vuid:$v}){vuid visitorSessionToken{accessToken}}}' as AnonymouslyDocument;
const ANONYMOUSLY_WITH_TRANSFER =
  'mutation TransferRedeem($p:ID!$v:String$t:String){s:visitorAuthenticateAnonymously(input:{projectId:$p,vuid:$v,transferToken:$t}){vuid visitorSessionToken{accessToken}transferRedeemed}}' as TransferRedeemDocument;
const CREATE_TRANSFER = 'mutation TransferCreate{t:visitorTransferCreate{transferToken}}' as TransferCreateDocument;
const LOGOUT = 'mutation Logout{visitorLogout{loggedOut}}' as LogoutDocument;
const SET_EXT_ID = 'mutation SetExtId($e:String!){r:visitorSetExtId(input:{extId:$e}){accepted}}' as SetExtIdDocument;

const toSession = (result: CallResult<{ s: SessionPayload }>): CallResult<IssuedSession> =>
  result.ok
    ? {
        ok: true,
        data: {
          vuid: result.data.s.vuid,
          token: result.data.s.visitorSessionToken.accessToken,
          transferRedeemed: result.data.s.transferRedeemed === true,
        },
      }
    : result;

/** The visitor mutations of spec §5.1; the current session (if any) goes as bearer and proves its vuid. */
export class VisitorApi {
  private readonly endpoint: string;

  constructor(
    private readonly fetchImpl: FetchLike,
    serverUrl: string,
    private readonly projectId: string,
  ) {
    this.endpoint = new URL('/graphql', serverUrl).toString();
  }

  async fromCredentials(credentials: string, current: IssuedSession | null): Promise<CallResult<IssuedSession>> {
    const variables = { p: this.projectId, c: credentials, v: current?.vuid ?? null };
    return toSession(await callGraphQL(this.fetchImpl, this.endpoint, FROM_CREDENTIALS, variables, current?.token ?? null));
  }

  /** With a transfer token (`idzconvid`), the server may continue the visitor of another origin instead. */
  async anonymously(current: IssuedSession | null, transferToken: string | null = null): Promise<CallResult<IssuedSession>> {
    const variables = { p: this.projectId, v: current?.vuid ?? null, t: transferToken };
    const query = transferToken === null ? ANONYMOUSLY : ANONYMOUSLY_WITH_TRANSFER;
    return toSession(await callGraphQL(this.fetchImpl, this.endpoint, query, variables, current?.token ?? null));
  }

  async createTransfer(token: string): Promise<CallResult<Transfer>> {
    const result = await callGraphQL(this.fetchImpl, this.endpoint, CREATE_TRANSFER, {}, token);
    return result.ok ? { ok: true, data: result.data.t } : result;
  }

  /** The brand's unverified extId; `accepted` is false during an authenticated session. */
  async setExtId(token: string, extId: string): Promise<CallResult<SetExtIdMutation['r']>> {
    const result = await callGraphQL(this.fetchImpl, this.endpoint, SET_EXT_ID, { e: extId }, token);
    return result.ok ? { ok: true, data: result.data.r } : result;
  }

  async logout(token: string): Promise<CallResult<unknown>> {
    return callGraphQL(this.fetchImpl, this.endpoint, LOGOUT, {}, token);
  }
}
