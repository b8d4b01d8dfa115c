/**
 * `ward vex import FILE...` stores the statements of CycloneDX VEX, OpenVEX or CSAF VEX documents
 * in the database, where every later `ward scan` applies them (a `not_affected` statement
 * suppresses its finding and shows the justification). `ward vex export --format F` writes every
 * stored statement as one document. An invalid document is rejected whole, naming the field (exit 2).
 */
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { VEX_FORMATS, type VexFormat } from '../../prioritize/vex/index.js';
import { exportVexFromStore, importVexIntoStore } from '../../services/triage.js';
import { resolveDatabaseLocation } from '../../store/location.js';
import { openTriageStore } from '../../store/triage-store.js';

export function registerVexCommand(program: Command): void {
  const vex = program
    .command('vex')
    .description('import and export VEX (CycloneDX, OpenVEX, CSAF) triage statements');

  vex
    .command('import')
    .description('store the statements of VEX documents; later scans apply them')
    .argument('<files...>', 'CycloneDX VEX (JSON), OpenVEX or CSAF VEX documents')
    .option('--db <file|url>', 'database (default: $WARD_DB or the per-user data directory)')
    .action(async (files: string[], options: { db?: string }) => {
      const store = await openTriageStore(resolveDatabaseLocation(options.db, process.env));
      try {
        const result = await importVexIntoStore(store, files);
        for (const problem of result.problems) {
          process.stderr.write(
            `ward: ${problem.file}${problem.field ? `: ${problem.field}` : ''}: ${problem.message}\n`,
          );
        }
        process.stdout.write(`imported ${result.added} statement(s), ${result.unchanged} already stored\n`);
      } finally {
        await store.close();
      }
    });

  vex
    .command('export')
    .description('write every stored triage statement as one VEX document')
    .addOption(
      new Option('-f, --format <format>', 'VEX format').choices([...VEX_FORMATS]).default('cyclonedx'),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--author <name>', 'author / publisher named in the document', 'ward')
    .option('--id <id>', 'document id (default: a random urn:uuid)')
    .option('--db <file|url>', 'database (default: $WARD_DB or the per-user data directory)')
    .action(
      async (options: { format: VexFormat; output?: string; author: string; id?: string; db?: string }) => {
        const store = await openTriageStore(resolveDatabaseLocation(options.db, process.env));
        try {
          const text = await exportVexFromStore(store, options.format, {
            author: options.author,
            now: new Date(),
            ...(options.id ? { id: options.id } : {}),
          });
          if (options.output) await writeFile(options.output, text);
          else process.stdout.write(text);
        } finally {
          await store.close();
        }
      },
    );
}
