import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerKeysGenerate } from './commands/keys-generate.js';
import { registerServe } from './commands/serve.js';
import { registerTokenCreate } from './commands/token-create.js';
import { registerTokenInspect } from './commands/token-inspect.js';
import { registerTokenTest } from './commands/token-test.js';
import { CliError, type CliIo, isSystemError, processIo, systemReason } from './io.js';

// Command modules hold only their commander definitions: each loads its implementation (and with it
// the server, jose, the database drivers…) when it runs, so --help, --version and usage errors load
// commander and nothing else.

/** The version of the `parley` package; src/main.ts and dist/main.js both sit one directory below its package.json. */
function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return version;
}

function buildProgram(io: CliIo, done: (code: Promise<number>) => void): Command {
  const program = new Command('parley')
    .description('Parley: authenticated customer messaging — server, keys and credentials tools.')
    .version(packageVersion(), '-V, --version', 'print the version of parley')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerServe(program, io, done);
  const keys = program.command('keys').description('generate brand and platform keys');
  registerKeysGenerate(keys, io, done);
  const token = program.command('token').description('create, inspect and test authenticated-messaging credentials');
  registerTokenCreate(token, io, done);
  registerTokenInspect(token, io, done);
  registerTokenTest(token, io, done);
  for (const command of program.commands.flatMap((command) => [command, ...command.commands])) {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

/** Runs the CLI; resolves to the exit code. Usage errors exit 2, failed checks and operations 1. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let running: Promise<number> = Promise.resolve(0);
  const program = buildProgram(io, (code) => {
    running = code;
  });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return await running;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.err(`parley: ${error.message}\n`);
      return error.exitCode;
    }
    // A failed system call that no command explained (a file it cannot write, say): one line, not a stack trace.
    if (isSystemError(error)) {
      io.err(`parley: ${error.syscall}${error.path ? ` ${error.path}` : ''} failed: ${systemReason(error)}.\n`);
      return 1;
    }
    throw error;
  }
}
