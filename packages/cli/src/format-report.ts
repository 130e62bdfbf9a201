import type { VerificationResult } from '@parley/server';

const indent = (text: string) => text.replace(/^/gm, '    ');

function section(title: string, value: unknown): string {
  return `${title}\n${value === null ? '    (not reached)' : indent(JSON.stringify(value, null, 2))}\n`;
}

/** The human report of `parley token inspect`: headers, claims, then every check with ✓/✗. */
export function formatReport(result: VerificationResult, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = [
    section('JWE header', result.jweHeader),
    section('JWS header', result.jwsHeader),
    section('Claims', result.claims),
    'Checks',
  ];
  for (const check of result.checks) {
    lines.push(`  ${check.ok ? paint(32, '✓') : paint(31, '✗')} ${check.name.padEnd(23)} ${check.detail}`);
    if (check.hint) lines.push(`      hint: ${check.hint}`);
  }
  lines.push('');
  lines.push(
    result.ok
      ? paint(32, `OK: valid credentials for user ${JSON.stringify(result.credentials.userId)}`)
      : `${paint(31, `FAILED: ${result.reason}`)}\n${result.hint}`,
  );
  return `${lines.join('\n')}\n`;
}
