/**
 * `ward scan [PATH...]`: what here is vulnerable? Reads a directory, files, or stdin, matches
 * against the local advisory database (offline: scanning never touches the network; `ward db
 * update` refreshes the data) and prints findings in the chosen format.
 */
import { writeFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { type Command, Option } from 'commander';
import { WardError } from '../../core/errors.js';
import { CRITICALITIES, ENVIRONMENTS, EXPOSURES } from '../../prioritize/assets.js';
import { getRenderer, REPORT_RENDERERS } from '../../report/registry.js';
import { severityRank } from '../../report/types.js';
import { loadIgnoreRules } from '../../services/ignore-file.js';
import {
  assetFromFlags,
  loadAssets,
  loadPolicy,
  loadVexStatements,
  type PrioritizationContext,
} from '../../services/prioritize.js';
import { scanPaths } from '../../services/scan.js';
import { historyRecorder, scanScope } from '../../services/triage.js';
import { resolveDatabaseLocation } from '../../store/location.js';
import { openTriageStore } from '../../store/triage-store.js';
import { openAdvisoryDatabase } from '../database.js';
import { clearProgress, progressReporter, useColor } from '../terminal.js';

const FAIL_ON = ['critical', 'high', 'medium', 'low'] as const;

export interface ScanCommandOptions {
  db?: string;
  format: string;
  output?: string;
  failOn?: (typeof FAIL_ON)[number];
  ignoreFile?: string;
  type?: string;
  includeVendored?: boolean;
  showSuppressed?: boolean;
  assets?: string;
  policy?: string;
  vex?: string[];
  criticality?: (typeof CRITICALITIES)[number];
  environment?: (typeof ENVIRONMENTS)[number];
  exposure?: (typeof EXPOSURES)[number];
  owner?: string;
  tag?: string[];
  /** false with --no-history: do not record this scan in the triage store. */
  history?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('scan a directory, inventory files or stdin (-) for known vulnerabilities')
    .argument('[paths...]', 'directories or files to scan; - reads stdin (needs --type)', ['.'])
    .option('--db <file|url>', 'advisory database (default: $WARD_DB or the per-user data directory)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(REPORT_RENDERERS.map((renderer) => renderer.format))
        .default('table'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists').choices([
        ...FAIL_ON,
      ]),
    )
    .option(
      '--ignore-file <file>',
      'YAML/JSON list of ignored vulnerability ids, each with a reason and optional expiry',
    )
    .option(
      '--type <parser>',
      'format of the input (required for stdin), e.g. package-lock, requirements-txt',
    )
    .option('--include-vendored', 'also scan node_modules, vendor and similar folders')
    .option('--show-suppressed', 'list ignored/suppressed findings in human-readable formats too')
    .option(
      '--assets <file>',
      'YAML/JSON asset context: criticality, environment, exposure, owner, tags per host',
    )
    .option(
      '--policy <file|name>',
      'remediation policy (YAML/JSON, or built-in pci-dss-4.0, cisa-bod-22-01, ward-default): due dates, SLA state; exit 1 when its gate fails',
    )
    .option('--vex <file>', 'CycloneDX, OpenVEX or CSAF VEX statements to apply (repeatable)', collect)
    .addOption(
      new Option('--criticality <level>', 'criticality of the scanned asset').choices([...CRITICALITIES]),
    )
    .addOption(
      new Option('--environment <env>', 'environment of the scanned asset').choices([...ENVIRONMENTS]),
    )
    .addOption(
      new Option('--exposure <exposure>', 'network exposure of the scanned asset').choices([...EXPOSURES]),
    )
    .option('--owner <owner>', 'owner of the scanned asset')
    .option('--tag <tag>', 'tag of the scanned asset (repeatable)', collect)
    .option(
      '--no-history',
      'do not record this scan (first seen, fixed) or read triage decisions from the database',
    )
    .option(
      '--offline',
      'accepted for compatibility: scanning is always offline (use `ward db update` to refresh)',
    )
    .action((paths: string[], options: ScanCommandOptions) => runScan(paths, options));
}

/** The scan verb's work, shared with `ward demo`. */
export async function runScan(paths: string[], options: ScanCommandOptions): Promise<void> {
  const renderer = getRenderer(options.format);
  if (!renderer) throw new WardError('input.invalid', `unknown format ${options.format}`);
  const ignoreRules = options.ignoreFile ? await loadIgnoreRules(options.ignoreFile) : undefined;
  const prioritization = await loadPrioritization(options);
  const stdinText = paths.includes('-') ? await text(process.stdin) : undefined;
  const progress = progressReporter();
  const database = await openAdvisoryDatabase(options.db, progress);
  // Triage decisions and finding history live beside the advisories (src/store/triage-store.ts).
  const triageStore =
    options.history === false
      ? undefined
      : await openTriageStore(resolveDatabaseLocation(options.db, process.env)).catch(
          async (error: unknown) => {
            await database.store.close();
            throw error;
          },
        );
  prioritization.advisoryLookup = (ids) => database.store.advisoriesByIds(ids);
  if (triageStore) {
    const stored = await triageStore.statements();
    prioritization.statements = [...stored, ...(prioritization.statements ?? [])];
    prioritization.history = historyRecorder(triageStore, scanScope(paths, options.type));
  }
  try {
    const report = await scanPaths(paths, {
      index: database.store,
      database: database.info,
      ...(ignoreRules ? { ignoreRules } : {}),
      prioritization,
      ...(options.type ? { parserId: options.type } : {}),
      ...(stdinText !== undefined ? { stdinText } : {}),
      includeVendored: options.includeVendored ?? false,
      onProgress: progress,
    });
    clearProgress();
    const output = renderer.render(report, {
      color: !options.output && useColor(process.stdout),
      showSuppressed: options.showSuppressed ?? false,
    });
    if (options.output) await writeFile(options.output, output);
    else process.stdout.write(output);
    if (options.failOn) {
      const threshold = severityRank(options.failOn);
      const failing = report.findings.filter(
        (row) => !row.suppression && severityRank(row.severity) >= threshold,
      );
      if (failing.length > 0) process.exitCode = 1;
    }
    if (report.policy?.failed) {
      for (const reason of report.policy.reasons) process.stderr.write(`ward: ${reason}\n`);
      process.exitCode = 1;
    }
  } finally {
    await triageStore?.close();
    await database.store.close();
  }
}

/** Assets, policy and VEX from the command line, read before the database is opened. */
async function loadPrioritization(options: ScanCommandOptions): Promise<PrioritizationContext> {
  const fromFile = options.assets ? await loadAssets(options.assets) : undefined;
  const assets = assetFromFlags(
    {
      criticality: options.criticality,
      environment: options.environment,
      exposure: options.exposure,
      owner: options.owner,
      tags: options.tag,
    },
    fromFile,
  );
  const policy = options.policy ? await loadPolicy(options.policy) : undefined;
  const vex = options.vex?.length ? await loadVexStatements(options.vex) : undefined;
  return {
    ...(assets ? { assets } : {}),
    ...(policy ? { policy } : {}),
    ...(vex ? { statements: vex.statements, problems: vex.problems } : {}),
  };
}
