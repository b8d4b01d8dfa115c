#!/usr/bin/env node
/**
 * Ward's command-line composition root. Each verb lives in `commands/<verb>.ts` and registers
 * itself on the program; this file only wires them and maps errors to exit codes:
 * 0 = success, 1 = policy failure (e.g. `--fail-on` met), 2 = usage or input error.
 */
import { Command, CommanderError } from 'commander';
import { WardError } from '../core/errors.js';
import { registerDbCommand } from './commands/db.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerScanCommand } from './commands/scan.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerTriageCommand } from './commands/triage.js';
import { registerVersionsCommand } from './commands/versions.js';
import { registerVexCommand } from './commands/vex.js';

export type CommandRegistration = (program: Command) => void;

/** Every verb, alphabetical. Adding a verb = one import and one entry here. */
const COMMANDS: readonly CommandRegistration[] = [
  registerDbCommand,
  registerDemoCommand,
  registerScanCommand,
  registerSimulateCommand,
  registerTriageCommand,
  registerVersionsCommand,
  registerVexCommand,
];

export function buildProgram(): Command {
  const program = new Command('ward')
    .description('Vulnerability and patch management: know your exposure, patch what matters first.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
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
