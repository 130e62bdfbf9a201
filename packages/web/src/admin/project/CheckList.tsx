import { useEffect, useRef } from 'preact/hooks';
import type { TestCredentialsMutation } from '../../generated/graphql.js';
import { checkLabel } from './check-labels.js';

export type TestResult = TestCredentialsMutation['testVisitorAuthenticateFromCredentials'];
export type CredentialsCheck = TestResult['checks'][number];

/** The debugger's answer: the verdict, then every step run with ✓ or ✗, the failing one with its hint. */
export function CheckList({ result }: { result: TestResult }) {
  const verdict = useRef<HTMLParagraphElement>(null);
  // The answer is where the reader goes next (and is read out): focus it.
  useEffect(() => verdict.current?.focus(), [result]);
  return (
    <div class="stack">
      {result.ok ? (
        <p class="verdict ok" tabIndex={-1} ref={verdict}>
          <span aria-hidden="true">✓</span> Accepted: these credentials would open an authenticated session.
        </p>
      ) : (
        <p class="verdict bad" tabIndex={-1} ref={verdict}>
          <span aria-hidden="true">✗</span> Refused with <code class="mono">{result.reason}</code>
        </p>
      )}
      <ol class="checks" aria-label="Checks">
        {result.checks.map((check) => (
          <li key={check.name} class={check.ok ? 'ok' : 'bad'} data-check={check.name}>
            <span class="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <div class="check-body">
              <p class="check-name">
                <span class="sr-only">{check.ok ? 'Passed: ' : 'Failed: '}</span>
                {checkLabel(check.name)}
                {!check.ok && result.reason && <code class="pill bad mono">{result.reason}</code>}
              </p>
              <p class="check-detail">{check.detail}</p>
              {check.hint && <p class="check-hint">{check.hint}</p>}
            </div>
          </li>
        ))}
      </ol>
      <p class="hint">
        {result.ok
          ? 'Checked without using the credentials up, so single use is not tested here: the same token still works once on your site.'
          : 'Verification stops at the first failure: later steps were not run.'}
      </p>
    </div>
  );
}
