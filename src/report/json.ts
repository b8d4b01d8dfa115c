/**
 * `--format json`: Ward's documented, versioned output contract (schemas/scan-result.schema.json,
 * README "JSON output"). Additive changes bump the minor version; anything else the major.
 */
import type { ReportFinding, ReportRenderer, ScanReport } from './types.js';

export const SCAN_RESULT_SCHEMA_VERSION = '1.2.0';

export function toJsonFinding(row: ReportFinding): Record<string, unknown> {
  const { finding } = row;
  const { component } = finding;
  return {
    purl: component.purl ?? null,
    cpe: component.cpe ?? null,
    ecosystem: component.ecosystem,
    name: component.name,
    version: component.version,
    location: { file: component.location.file, line: component.location.line ?? null },
    direct: component.direct ?? null,
    asset: component.asset ?? null,
    vulnerabilityId: finding.vulnerabilityId,
    aliases: finding.aliases,
    summary: finding.summary ?? null,
    severity: row.severity,
    cvss: row.cvss ?? null,
    fixedVersions: finding.fixedVersions,
    recommendedVersion: finding.recommendedVersion ?? null,
    kev: finding.kev
      ? {
          dateAdded: finding.kev.dateAdded,
          dueDate: finding.kev.dueDate,
          knownRansomwareCampaignUse: finding.kev.knownRansomwareCampaignUse,
          requiredAction: finding.kev.requiredAction,
        }
      : null,
    epss: finding.epss
      ? {
          score: finding.epss.epss,
          percentile: finding.epss.percentile,
          date: finding.epss.scoreDate ?? null,
        }
      : null,
    priority: row.priority ?? null,
    ssvc: row.ssvc ?? null,
    firstSeen: row.firstSeen ?? null,
    dueDate: row.dueDate ?? null,
    slaState: row.slaState ?? null,
    explanation: row.explanation ?? [],
    evidence: finding.evidence,
    cwes: finding.weaknesses,
    published: finding.published ?? null,
    references: finding.references,
    suppression: row.suppression ?? null,
  };
}

export function toJsonReport(report: ScanReport): Record<string, unknown> {
  return {
    schemaVersion: SCAN_RESULT_SCHEMA_VERSION,
    tool: report.tool,
    generatedAt: report.generatedAt,
    targets: report.targets,
    database: report.database,
    findings: report.findings.map(toJsonFinding),
    undetermined: report.undetermined.map((item) => ({
      purl: item.component.purl ?? null,
      ecosystem: item.component.ecosystem,
      name: item.component.name,
      version: item.component.version,
      location: { file: item.component.location.file, line: item.component.location.line ?? null },
      advisoryId: item.advisoryId,
      aliases: item.aliases,
      reason: item.reason,
    })),
    problems: report.problems.map((problem) => ({
      file: problem.file,
      line: problem.line ?? null,
      field: problem.field ?? null,
      severity: problem.severity,
      message: problem.message,
    })),
    stats: report.stats,
    ...(report.policy ? { policy: report.policy } : {}),
    ...(report.remediation
      ? {
          remediation: report.remediation.map((plan) => ({
            purl: plan.purl ?? null,
            ecosystem: plan.ecosystem,
            name: plan.name,
            version: plan.version,
            asset: plan.asset ?? null,
            findings: plan.findings,
            fixesAll: plan.fixesAll ?? null,
            fixesUrgent: plan.fixesUrgent ?? null,
            distroPackage: plan.distroPackage ?? null,
            kbArticles: plan.kbArticles,
            noFix: plan.noFix,
            summary: plan.summary,
          })),
        }
      : {}),
  };
}

export const jsonRenderer: ReportRenderer = {
  format: 'json',
  description: 'Ward JSON (schemas/scan-result.schema.json)',
  render: (report) => `${JSON.stringify(toJsonReport(report), null, 2)}\n`,
};
