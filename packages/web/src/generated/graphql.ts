// Generated from the documents in packages/web/src and the served schema by `npm run generate:graphql`; a test fails when they differ.
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };

/**
 * A GraphQL document: a plain string at run time, whose type carries the result and the variables.
 * The two properties exist only in types (never read); required, so a string not cast to a document is refused.
 */
export type TypedDocument<Result, Variables> = string & { readonly __result: Result; readonly __variables: Variables };

/** A fragment's text, spread by documents built at run time. */
export type TypedFragment<Fragment> = string & { readonly __fragment: Fragment };



