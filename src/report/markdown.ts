/** `--format markdown`: for pull-request comments and tickets. */
import { fixText, locationText, packageText, visibleFindings } from './format.js';
import type { ReportRenderer } from './types.js';

/** Advisory text is untrusted: keep it from breaking the table or injecting markup. */
function cell(text: string): string {
  return text.replace(/[\\|`*_<>[\]]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

export const markdownRenderer: ReportRenderer = {
  format: 'markdown',
  description: 'Markdown table (pull-request comments, tickets)',
  render(report, options) {
    const rows = visibleFindings(report.findings, options.showSuppressed);
    const { stats } = report;
    const lines = [
      '# Ward scan',
      '',
      `${stats.findings} finding(s) in ${stats.components} component(s) from ${stats.filesScanned} file(s) — ` +
        `${stats.bySeverity.critical} critical, ${stats.bySeverity.high} high, ${stats.bySeverity.medium} medium, ` +
        `${stats.bySeverity.low} low, ${stats.bySeverity.unknown} unknown.`,
      '',
    ];
    if (rows.length > 0) {
      lines.push('| Severity | Priority | Vulnerability | Package | Fix | KEV | Location | Summary |');
      lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const row of rows) {
        lines.push(
          `| ${row.severity} | ${row.priority ? cell(`${row.priority.level}${row.ssvc ? ` (${row.ssvc.decision})` : ''}`) : ''} | ${cell(row.finding.vulnerabilityId)} | ${cell(packageText(row))} | ${cell(fixText(row))} | ${row.finding.kev ? `yes (due ${row.finding.kev.dueDate})` : ''} | ${cell(locationText(row))} | ${cell(row.finding.summary ?? '')} |`,
        );
      }
    } else {
      lines.push('No vulnerabilities found.');
    }
    const failed = report.problems.filter((problem) => problem.severity === 'error');
    if (failed.length > 0) {
      lines.push('', '## Problems', '');
      for (const problem of failed)
        lines.push(
          `- ${cell(`${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`)}`,
        );
    }
    return `${lines.join('\n')}\n`;
  },
};
