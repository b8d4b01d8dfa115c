/** `--format table` (default on a terminal): one line per finding, most urgent first. */
import { fixText, locationText, packageText, visibleFindings } from './format.js';
import {
  type ReportFinding,
  type ReportRenderer,
  type ScanReport,
  type SeverityLevel,
  severityRank,
} from './types.js';

const COLORS: Record<SeverityLevel, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  none: '\u001b[2m',
  unknown: '\u001b[2m',
};
const RESET = '\u001b[0m';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Most urgent first: priority score when prioritised, then severity, then CVSS, then place. */
function urgency(a: ReportFinding, b: ReportFinding): number {
  return (
    (b.priority?.score ?? -1) - (a.priority?.score ?? -1) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.cvss?.score ?? -1) - (a.cvss?.score ?? -1) ||
    locationText(a).localeCompare(locationText(b)) ||
    a.finding.vulnerabilityId.localeCompare(b.finding.vulnerabilityId)
  );
}

export function renderTable(report: ScanReport, color: boolean, showSuppressed = false): string {
  const rows = visibleFindings(report.findings, showSuppressed).sort(urgency);
  const header = ['SEVERITY', 'PRIORITY', 'VULNERABILITY', 'PACKAGE', 'FIX', 'FLAGS', 'LOCATION'];
  const cells = rows.map((row) => [
    row.severity.toUpperCase(),
    row.priority ? `${row.priority.level}${row.ssvc ? ` (${row.ssvc.decision})` : ''}` : '-',
    row.finding.vulnerabilityId,
    packageText(row),
    fixText(row),
    [
      row.finding.kev ? 'KEV' : '',
      row.finding.epss ? `EPSS ${(row.finding.epss.epss * 100).toFixed(1)}%` : '',
      row.slaState === 'breached' ? 'SLA BREACHED' : '',
      row.suppression ? `suppressed: ${row.suppression.state}` : '',
    ]
      .filter(Boolean)
      .join(' ') || '-',
    locationText(row),
  ]);
  const widths = header.map((title, column) =>
    Math.min(60, Math.max(title.length, ...cells.map((line) => line[column]!.length))),
  );
  const lines = [header.map((title, column) => pad(title, widths[column]!)).join('  ')];
  rows.forEach((row, index) => {
    const text = cells[index]!.map((cell, column) => pad(cell, widths[column]!)).join('  ');
    lines.push(color ? `${COLORS[row.severity]}${text}${RESET}` : text);
  });
  const { stats } = report;
  const severities = (['critical', 'high', 'medium', 'low', 'unknown'] as const)
    .map((level) => `${stats.bySeverity[level]} ${level}`)
    .join(', ');
  const summary = [
    '',
    `${stats.findings} finding(s) in ${stats.components} component(s) from ${stats.filesScanned} file(s): ${severities}` +
      (stats.suppressed ? `; ${stats.suppressed} suppressed` : '') +
      (stats.undetermined ? `; ${stats.undetermined} undetermined (see --format json)` : ''),
  ];
  if (stats.filesFailed > 0) summary.push(`${stats.filesFailed} file(s) could not be read:`);
  for (const problem of report.problems.filter((item) => item.severity === 'error')) {
    summary.push(`  ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
  }
  const unsupported = Object.entries(stats.unsupportedEcosystems);
  if (unsupported.length > 0) {
    summary.push(
      `not checked (no version scheme): ${unsupported.map(([name, count]) => `${name} ×${count}`).join(', ')}`,
    );
  }
  return `${rows.length > 0 ? lines.join('\n') : 'No vulnerabilities found.'}\n${summary.join('\n')}\n`;
}

export const tableRenderer: ReportRenderer = {
  format: 'table',
  description: 'human-readable table',
  render: (report, options) => renderTable(report, options.color, options.showSuppressed),
};
