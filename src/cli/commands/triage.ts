/**
 * `ward triage set VULN --status S` records a decision about a finding (in progress, risk
 * accepted with reason/approver/expiry, false positive, not affected with a VEX justification,
 * fixed); `ward triage list` prints the stored decisions. Scans apply them; an expired risk
 * acceptance re-opens its finding.
 */
import { type Command, Option } from 'commander';
import {
  describeStatement,
  TRIAGE_STATUSES,
  type TriageStatus,
  VEX_JUSTIFICATIONS,
} from '../../prioritize/triage.js';
import { decisionToStatement, scanScope } from '../../services/triage.js';
import { resolveDatabaseLocation } from '../../store/location.js';
import { openTriageStore } from '../../store/triage-store.js';

interface SetOptions {
  status: TriageStatus;
  product?: string[];
  justification?: string;
  reason?: string;
  approver?: string;
  expires?: string;
  author?: string;
  db?: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerTriageCommand(program: Command): void {
  const triage = program.command('triage').description('record and list triage decisions about findings');

  triage
    .command('set')
    .description('record a decision about a vulnerability (on given components, or everywhere)')
    .argument('<vulnerability-id>', 'CVE, GHSA or other id (aliases match too)')
    .addOption(
      new Option('--status <status>', 'decision').choices([...TRIAGE_STATUSES]).makeOptionMandatory(),
    )
    .option(
      '--product <purl>',
      'component purl (unversioned = every version); repeatable; default every component',
      collect,
    )
    .addOption(
      new Option('--justification <why>', 'VEX justification (required for not-affected)').choices([
        ...VEX_JUSTIFICATIONS,
      ]),
    )
    .option('--reason <text>', 'why (required for risk-accepted and false-positive)')
    .option('--approver <who>', 'who accepted the risk (required for risk-accepted)')
    .option(
      '--expires <date>',
      'when the risk acceptance lapses and the finding re-opens (required for risk-accepted)',
    )
    .option('--author <who>', 'who made the decision')
    .option('--db <file|url>', 'database (default: $WARD_DB or the per-user data directory)')
    .action(async (vulnerabilityId: string, options: SetOptions) => {
      const statement = decisionToStatement(
        {
          vulnerabilityId,
          status: options.status,
          ...(options.product ? { products: options.product } : {}),
          ...(options.justification ? { justification: options.justification } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
          ...(options.approver ? { approver: options.approver } : {}),
          ...(options.expires ? { expires: options.expires } : {}),
          ...(options.author ? { author: options.author } : {}),
        },
        new Date(),
      );
      const store = await openTriageStore(resolveDatabaseLocation(options.db, process.env));
      try {
        await store.addStatements([statement]);
        process.stdout.write(`${vulnerabilityId}: ${describeStatement(statement)}\n`);
      } finally {
        await store.close();
      }
    });

  triage
    .command('history')
    .description('print each finding Ward has seen in scans of these targets: first seen, last seen, fixed')
    .argument('[paths...]', 'the targets as given to `ward scan`', ['.'])
    .option('--type <parser>', 'the --type given to `ward scan -` (stdin scans)')
    .option('--db <file|url>', 'database (default: $WARD_DB or the per-user data directory)')
    .action(async (paths: string[], options: { type?: string; db?: string }) => {
      const store = await openTriageStore(resolveDatabaseLocation(options.db, process.env));
      try {
        for (const record of await store.records(scanScope(paths, options.type))) {
          const [, component = ''] = record.key.split('|');
          const state = record.fixedAt
            ? `fixed, verified by the scan of ${record.fixedAt}`
            : `open${record.reopenedAt ? `, re-opened ${record.reopenedAt}` : ''}`;
          process.stdout.write(
            `${record.vulnerabilityId} ${component}: first seen ${record.firstSeen}, last seen ${record.lastSeen}, ${state}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });

  triage
    .command('list')
    .description('print the stored decisions, newest last')
    .option('--db <file|url>', 'database (default: $WARD_DB or the per-user data directory)')
    .action(async (options: { db?: string }) => {
      const store = await openTriageStore(resolveDatabaseLocation(options.db, process.env));
      try {
        for (const statement of await store.statements()) {
          const products = statement.products.length > 0 ? statement.products.join(', ') : 'every component';
          process.stdout.write(
            `${statement.vulnerabilityId} on ${products}: ${describeStatement(statement)}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
