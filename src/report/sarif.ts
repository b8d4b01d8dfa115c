/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
 * One rule per vulnerability, one result per finding located at the manifest/lockfile line.
 * GitHub reads `properties.security-severity` (a CVSS-like number) on rules to rank alerts
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 */
import { createHash } from 'node:crypto';
import { visibleFindings } from './format.js';
import type { ReportFinding, ReportRenderer, ScanReport, SeverityLevel } from './types.js';

const LEVEL: Record<SeverityLevel, 'error' | 'warning' | 'note' | 'none'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  none: 'note',
  unknown: 'warning',
};

// When no CVSS score is known, the qualitative level maps to the middle of its CVSS band.
const SEVERITY_NUMBER: Record<SeverityLevel, number> = {
  critical: 9.5,
  high: 8,
  medium: 5.5,
  low: 2,
  none: 0,
  unknown: 5,
};

/** SARIF URIs are relative, forward-slashed and percent-encoded (RFC 3986 uri-reference). */
function artifactUri(file: string): string {
  const normalized = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return normalized.split('/').map(encodeURIComponent).join('/');
}

function ruleFor(row: ReportFinding): Record<string, unknown> {
  const { finding } = row;
  const text = finding.summary ?? `${finding.vulnerabilityId} in ${finding.component.name}`;
  const helpUri = finding.references.find((url) => /^https?:\/\//.test(url));
  return {
    id: finding.vulnerabilityId,
    name: finding.vulnerabilityId.replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: `${finding.vulnerabilityId}: ${text}`.slice(0, 1000) },
    fullDescription: { text },
    ...(helpUri ? { helpUri } : {}),
    help: {
      text: `${text}\nAliases: ${finding.aliases.join(', ') || 'none'}\nFixed in: ${finding.fixedVersions.join(', ') || 'no fixed version published'}`,
      markdown: `**${finding.vulnerabilityId}** ${text}\n\nAliases: ${finding.aliases.join(', ') || 'none'}\n\nFixed in: ${finding.fixedVersions.join(', ') || 'no fixed version published'}`,
    },
    defaultConfiguration: { level: LEVEL[row.severity] },
    properties: {
      tags: ['security', 'vulnerability', ...finding.weaknesses],
      'security-severity': (row.cvss?.score ?? SEVERITY_NUMBER[row.severity]).toFixed(1),
      precision: 'very-high',
    },
  };
}

export function toSarif(report: ScanReport): Record<string, unknown> {
  const rows = visibleFindings(report.findings);
  const rules = new Map<string, Record<string, unknown>>();
  for (const row of rows)
    if (!rules.has(row.finding.vulnerabilityId)) rules.set(row.finding.vulnerabilityId, ruleFor(row));
  const ruleIndex = new Map([...rules.keys()].map((id, index) => [id, index]));
  const results = rows.map((row) => {
    const { finding } = row;
    const { component } = finding;
    const fix = finding.recommendedVersion ?? finding.fixedVersions[0];
    const fingerprint = createHash('sha256')
      .update(
        `${finding.vulnerabilityId}\u0000${component.ecosystem}\u0000${component.name}\u0000${component.version}\u0000${component.location.file}`,
      )
      .digest('hex');
    return {
      ruleId: finding.vulnerabilityId,
      ruleIndex: ruleIndex.get(finding.vulnerabilityId),
      level: LEVEL[row.severity],
      message: {
        text: `${component.name} ${component.version} is affected by ${finding.vulnerabilityId}${finding.summary ? ` (${finding.summary})` : ''}. ${fix ? `Upgrade to ${fix}.` : 'No fixed version is published.'}${finding.kev ? ` Known exploited (CISA KEV, due ${finding.kev.dueDate}).` : ''}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(component.location.file) },
            region: { startLine: component.location.line ?? 1 },
          },
          logicalLocations: [
            {
              name: component.purl ?? component.cpe ?? `${component.name}@${component.version}`,
              kind: 'package',
            },
          ],
        },
      ],
      partialFingerprints: { 'ward/v1': fingerprint },
      properties: {
        ecosystem: component.ecosystem,
        package: component.name,
        version: component.version,
        ...(row.priority ? { priority: row.priority.level } : {}),
        ...(row.ssvc ? { ssvc: row.ssvc.decision } : {}),
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Ward',
            semanticVersion: report.tool.version,
            version: report.tool.version,
            rules: [...rules.values()],
          },
        },
        results,
        invocations: [
          {
            executionSuccessful: report.stats.filesFailed === 0,
            toolExecutionNotifications: report.problems
              .filter((problem) => problem.severity === 'error')
              .map((problem) => ({
                level: 'error',
                message: { text: problem.message },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: artifactUri(problem.file) },
                      ...(problem.line ? { region: { startLine: problem.line } } : {}),
                    },
                  },
                ],
              })),
          },
        ],
      },
    ],
  };
}

export const sarifRenderer: ReportRenderer = {
  format: 'sarif',
  description: 'SARIF 2.1.0 (GitHub code scanning)',
  render: (report) => `${JSON.stringify(toSarif(report), null, 2)}\n`,
};
