import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export interface TokenTestOptions {
  server: string;
  project: string;
  token?: string;
  json?: boolean;
}

export function registerTokenTest(token: Command, io: CliIo, done: (code: Promise<number>) => void): void {
  token
    .command('test')
    .description('ask a running server to verify credentials (the test mutation), showing every check')
    .argument('<jwe>', 'the credentials, or - to read them from stdin')
    .requiredOption('--server <url>', 'the Parley server, such as http://localhost:8080')
    .requiredOption('--project <id>', 'the project whose settings and brand keys apply')
    .option('--token <bearer>', 'an admin (prl_op_…) or project API (prl_api_…) bearer; prefer PARLEY_TOKEN, which stays out of ps')
    .option('--json', 'print one JSON object { ok, reason, hint, checks }')
    .addHelpText(
      'after',
      [
        '',
        'The bearer comes from POST /oauth2/token; PARLEY_TOKEN is used when --token is not given.',
        'Nothing is consumed and no visitor is signed in, so the same credentials can be tested again.',
        'Exits 0 when the server accepts the credentials, 1 when a check fails or the server cannot be asked.',
        '',
        'Example:',
        '  export PARLEY_TOKEN=prl_op_…',
        '  parley token create … | parley token test - --server http://localhost:8080 --project "$PROJECT_ID"',
        '',
      ].join('\n'),
    )
    .action((jwe: string, options: TokenTestOptions) =>
      done(import('../actions/token-test.js').then(({ test }) => test(jwe, options, io))),
    );
}
