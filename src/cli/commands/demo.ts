/**
 * `ward demo`: Ward's main job on its embedded defaults — the bundled demo estate (examples/demo:
 * lockfiles, a Maven manifest, and an Nmap scan of a 2001 web farm) scanned against the bundled
 * advisory snapshot, in the default SQLite database. The README's first command runs this.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { REPORT_RENDERERS } from '../../report/registry.js';
import { runScan } from './scan.js';

/** examples/demo beside src/ and dist/ alike (both sit two levels below the package root). */
export const DEMO_DIR = fileURLToPath(new URL('../../../examples/demo', import.meta.url));

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('scan the bundled demo estate against the bundled advisory snapshot')
    .option('--db <file|url>', 'advisory database (default: $WARD_DB or the per-user data directory)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(REPORT_RENDERERS.map((renderer) => renderer.format))
        .default('table'),
    )
    .action(async (options: { db?: string; format: string }) => {
      process.stderr.write(`ward demo: scanning ${DEMO_DIR}\n`);
      // The estate's asset context (which hosts face the internet, how critical they are) is part
      // of the demo: it is what lifts Code Red on the internet-facing IIS hosts to SSVC "Act".
      await runScan([DEMO_DIR], {
        ...(options.db ? { db: options.db } : {}),
        format: options.format,
        assets: join(DEMO_DIR, 'assets.yaml'),
      });
    });
}
