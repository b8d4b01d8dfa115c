/**
 * `ward scan` as a service: read inventories, match them against the advisory index, score and
 * rank the findings, apply ignore rules, and build the report every output format renders.
 */
import type { Problem } from '../core/errors.js';
import { matchComponents } from '../matching/engine.js';
import type { AdvisoryIndex, Finding } from '../matching/types.js';
import { selectCvss } from '../prioritize/cvss.js';
import { SCAN_RESULT_SCHEMA_VERSION } from '../report/json.js';
import type { ReportFinding, ScanReport, SeverityLevel } from '../report/types.js';
import { SEVERITY_LEVELS } from '../report/types.js';
import { findIgnoreRule, type IgnoreRule } from './ignore-file.js';
import { type InventoryReadOptions, readInventories } from './inventory-files.js';
import {
  type PrioritizationContext,
  policySummary,
  preparePrioritization,
  prioritizeRows,
  remediationSummaries,
} from './prioritize.js';

export const WARD_VERSION = '0.1.0';

export interface ScanOptions extends InventoryReadOptions {
  index: AdvisoryIndex;
  database: ScanReport['database'];
  ignoreRules?: readonly IgnoreRule[];
  /** Assets, policy, VEX/triage statements and stored history for ranking (src/prioritize). */
  prioritization?: PrioritizationContext;
  now?: Date;
  onProgress?: (message: string) => void;
}

/** Severity and CVSS summary of a finding, from the newest CVSS version the advisories carry. */
export function rateFinding(finding: Finding): Pick<ReportFinding, 'severity' | 'cvss'> {
  const { primary } = selectCvss(finding.severity);
  if (!primary) return { severity: 'unknown' };
  const { score } = primary;
  return {
    severity: score.severity as SeverityLevel,
    cvss: { vector: score.vector, score: score.baseScore, version: score.version },
  };
}

export async function scanPaths(paths: readonly string[], options: ScanOptions): Promise<ScanReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  options.onProgress?.(`reading ${paths.join(', ')}`);
  const inventory = await readInventories(paths, options);
  options.onProgress?.(`matching ${inventory.components.length} components`);
  const matched = await matchComponents(inventory.components, options.index);

  const problems: Problem[] = [...inventory.problems];
  const rows: ReportFinding[] = matched.findings.map((finding) => {
    const row: ReportFinding = { finding, ...rateFinding(finding) };
    const rule = options.ignoreRules ? findIgnoreRule(options.ignoreRules, finding, now) : undefined;
    if (rule) {
      row.suppression = {
        state: 'ignored',
        reason: rule.reason,
        source: 'ignore-file',
        ...(rule.expires ? { expires: rule.expires } : {}),
      };
    }
    return row;
  });
  const context = await preparePrioritization(options.prioritization ?? {}, matched.findings, now);
  const ranked = prioritizeRows(rows, context, now);
  for (const problem of context.problems ?? []) problems.push(problem);

  const bySeverity = Object.fromEntries(SEVERITY_LEVELS.map((level) => [level, 0])) as Record<
    SeverityLevel,
    number
  >;
  let suppressed = 0;
  for (const row of rows) {
    if (row.suppression) suppressed += 1;
    else bySeverity[row.severity] += 1;
  }
  return {
    schemaVersion: SCAN_RESULT_SCHEMA_VERSION,
    tool: { name: 'ward', version: WARD_VERSION },
    generatedAt: now.toISOString(),
    targets: [...paths],
    database: options.database,
    findings: rows,
    undetermined: matched.undetermined,
    problems,
    stats: {
      filesScanned: inventory.filesScanned,
      filesFailed: inventory.filesFailed,
      components: inventory.components.length,
      distinctPackages: matched.stats.distinctPackages,
      advisoriesConsidered: matched.stats.advisoriesConsidered,
      findings: rows.length - suppressed,
      suppressed,
      undetermined: matched.stats.undetermined,
      bySeverity,
      unsupportedEcosystems: matched.stats.unsupportedEcosystems,
      durationMs: Math.round(performance.now() - started),
    },
    remediation: remediationSummaries(ranked),
    ...(context.policy ? { policy: policySummary(rows, ranked, context.policy) } : {}),
  };
}
