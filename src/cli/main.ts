#!/usr/bin/env node
/**
 * Ward's command-line composition root. Each verb lives in `commands/<verb>.ts` and registers
 * itself on the program; this file only wires them and maps errors to exit codes:
 * 0 = success, 1 = policy failure (e.g. `--fail-on` met), 2 = usage or input error, 3 = database or
 * advisory source unavailable, 70 = internal error.
 */
import { Command, CommanderError } from 'commander';
import { WardError } from '../core/errors.js';
export type CommandRegistration = (program: Command) => void;

/**
 * Every verb, alphabetical, with a loader for the module that registers it. Adding a verb = one
 * entry here. Loading lazily matters: `ward scan` in a CI job should not pay for parsing the
 * simulator, the VEX formats and the sync clients (Node's module loading was most of a typical
 * scan's wall time when every command was imported up front).
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandRegistration>>> = {
  db: async () => (await import('./commands/db.js')).registerDbCommand,
  demo: async () => (await import('./commands/demo.js')).registerDemoCommand,
  scan: async () => (await import('./commands/scan.js')).registerScanCommand,
  simulate: async () => (await import('./commands/simulate.js')).registerSimulateCommand,
  triage: async () => (await import('./commands/triage.js')).registerTriageCommand,
  versions: async () => (await import('./commands/versions.js')).registerVersionsCommand,
  vex: async () => (await import('./commands/vex.js')).registerVexCommand,
};

/**
 * The program with the verb named in `argv` registered, or every verb when none is named
 * (help, `--version`, a typo that needs the list of verbs in its error message).
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('ward')
    .description('Vulnerability and patch management: know your exposure, patch what matters first.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const verb = argv.find((argument) => !argument.startsWith('-'));
  const loaders =
    verb !== undefined && Object.hasOwn(COMMANDS, verb) ? [COMMANDS[verb]] : Object.values(COMMANDS);
  for (const load of loaders) if (load) (await load())(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version output exit 0; usage errors exit 2 (commander already printed the message).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof WardError) {
    process.stderr.write(`ward: ${error.describe()}\n`);
    return error.code === 'store.failed' || error.code === 'source.unavailable' ? 3 : 2;
  }
  process.stderr.write(
    `ward: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 70;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  process.exitCode = await runCli(process.argv.slice(2));
}
