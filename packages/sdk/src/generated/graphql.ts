// Generated from the documents in packages/sdk/src and the served schema by `npm run generate:graphql`; a test fails when they differ.
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };

/**
 * A GraphQL document: a plain string at run time, whose type carries the result and the variables.
 * The two properties exist only in types (never read); required, so a string not cast to a document is refused.
 */
export type TypedDocument<Result, Variables> = string & { readonly __result: Result; readonly __variables: Variables };

/** A fragment's text, spread by documents built at run time. */
export type TypedFragment<Fragment> = string & { readonly __fragment: Fragment };

export type FromCredentialsMutationVariables = Exact<{
  p: string | number;
  c: string;
  v?: string | null | undefined;
}>;


export type FromCredentialsMutation = { s: { vuid: string, visitorSessionToken: { accessToken: string } } };

export type AnonymouslyMutationVariables = Exact<{
  p: string | number;
  v?: string | null | undefined;
}>;


export type AnonymouslyMutation = { s: { vuid: string, visitorSessionToken: { accessToken: string } } };

export type TransferRedeemMutationVariables = Exact<{
  p: string | number;
  v?: string | null | undefined;
  t?: string | null | undefined;
}>;


export type TransferRedeemMutation = { s: { vuid: string, transferRedeemed: boolean, visitorSessionToken: { accessToken: string } } };

export type TransferCreateMutationVariables = Exact<{ [key: string]: never; }>;


export type TransferCreateMutation = { t: { transferToken: string | null } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { visitorLogout: { loggedOut: boolean } };

export type SetExtIdMutationVariables = Exact<{
  e: string;
}>;


export type SetExtIdMutation = { r: { accepted: boolean } };


export type FromCredentialsDocument = TypedDocument<FromCredentialsMutation, FromCredentialsMutationVariables>;
export type AnonymouslyDocument = TypedDocument<AnonymouslyMutation, AnonymouslyMutationVariables>;
export type TransferRedeemDocument = TypedDocument<TransferRedeemMutation, TransferRedeemMutationVariables>;
export type TransferCreateDocument = TypedDocument<TransferCreateMutation, TransferCreateMutationVariables>;
export type LogoutDocument = TypedDocument<LogoutMutation, LogoutMutationVariables>;
export type SetExtIdDocument = TypedDocument<SetExtIdMutation, SetExtIdMutationVariables>;
