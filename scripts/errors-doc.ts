/** Renders docs/reference/errors.md from the catalogue: `npm run docs:errors`. A test keeps them equal. */
import { writeFileSync } from 'node:fs';
import {
  API_ERRORS,
  type ApiErrorCode,
  REASON_CODES,
  type ReasonCode,
  SDK_CODES,
  SDK_FAILURE_REASONS,
  sdkFailureReason,
  VISITOR_SESSION_EXPIRED_CODE,
} from '@parley/protocol';

export const ERRORS_DOC_PATH = new URL('../docs/reference/errors.md', import.meta.url).pathname;

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderErrorsDoc(): string {
  const codes = Object.keys(REASON_CODES) as ReasonCode[];
  const reasonRows = codes.map((code) => {
    const info = REASON_CODES[code];
    return `| \`${code}\` | ${info.scope} | ${cell(info.when)} | ${cell(info.hint)} | ${info.retryPolicy} |`;
  });
  const sdkRows = Object.values(SDK_FAILURE_REASONS).map((reason) => {
    const mapped = [...codes, ...SDK_CODES].filter((code) => sdkFailureReason(code) === reason);
    return `| \`${reason}\` | ${mapped.map((code) => `\`${code}\``).join(', ')} |`;
  });
  const apiRows = (Object.keys(API_ERRORS) as ApiErrorCode[]).map((name) => {
    const info = API_ERRORS[name];
    return `| \`${name}\` | ${cell(info.when)} | ${cell(info.hint)} | ${info.retryPolicy} |`;
  });
  return `<!-- Generated from packages/protocol by \`npm run docs:errors\`; a test fails when they differ. -->
# Reason codes

Every failed authentication names one code. Visitors (and the SDK) get the code only; operators
also get the hint, the checks that ran and the decoded headers and claims — through
\`parley token inspect\`, the admin token debugger, \`testVisitorAuthenticateFromCredentials\` and the
authentication log.

\`RATE_LIMITED\` is decided before anything else. The other checks run in this order and the
first failure wins. *Scope* \`token\`: decidable from the credentials and keys alone (so
\`parley token inspect\` reports it); \`server\`: needs the project's state.

| code | scope | when | hint | retry policy |
|---|---|---|---|---|
${reasonRows.join('\n')}

## API errors

GraphQL errors carry \`extensions: { name, retryPolicy }\`; \`name\` is a reason code above or one of
these. \`VISITOR_SESSION_EXPIRED\` also carries \`code: ${VISITOR_SESSION_EXPIRED_CODE}\`, the realtime close code that
matches it. An invalid, expired or revoked operator or API bearer answers HTTP 401.

| name | when | hint | retry policy |
|---|---|---|---|
${apiRows.join('\n')}

## What \`activate()\` resolves with

\`code\` is the server's reason code or one of the SDK's own: ${SDK_CODES.map((code) => `\`${code}\``).join(', ')}.
\`reason\` is exactly one of these strings (integrations compare them verbatim):

| reason | codes |
|---|---|
${sdkRows.join('\n')}

The SDK retries (at most 3 times, with backoff, with fresh credentials each time) network errors,
HTTP 5xx and the codes whose retry policy is \`RETRY_WITH_BACKOFF\`.
`;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  writeFileSync(ERRORS_DOC_PATH, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC_PATH}`);
}
