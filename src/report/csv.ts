/** `--format csv`: one row per finding for spreadsheets and ticket imports. */
import { stringify } from 'csv-stringify/sync';
import { visibleFindings } from './format.js';
import type { ReportRenderer } from './types.js';

const COLUMNS = [
  'severity',
  'priority',
  'ssvc',
  'vulnerability_id',
  'aliases',
  'ecosystem',
  'name',
  'version',
  'purl',
  'file',
  'line',
  'asset',
  'fixed_versions',
  'recommended_version',
  'kev',
  'kev_due_date',
  'epss',
  'epss_percentile',
  'cvss_score',
  'cvss_vector',
  'due_date',
  'sla_state',
  'suppressed',
  'summary',
] as const;

/**
 * Spreadsheet programs execute cells that start with = + - @ (CSV injection, OWASP). Advisory
 * summaries and package names are untrusted text, so such cells are prefixed with a quote.
 */
function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const csvRenderer: ReportRenderer = {
  format: 'csv',
  description: 'CSV, one row per finding',
  render(report, options) {
    const rows = visibleFindings(report.findings, options.showSuppressed).map((row) => {
      const { finding } = row;
      const { component } = finding;
      const asset = component.asset;
      const record: Record<(typeof COLUMNS)[number], string> = {
        severity: row.severity,
        priority: row.priority?.level ?? '',
        ssvc: row.ssvc?.decision ?? '',
        vulnerability_id: finding.vulnerabilityId,
        aliases: finding.aliases.join(' '),
        ecosystem: component.ecosystem,
        name: component.name,
        version: component.version,
        purl: component.purl ?? component.cpe ?? '',
        file: component.location.file,
        line: component.location.line?.toString() ?? '',
        asset: asset
          ? `${asset.address ?? asset.hostname ?? asset.id}${asset.port ? `:${asset.port}` : ''}`
          : '',
        fixed_versions: finding.fixedVersions.join(' '),
        recommended_version: finding.recommendedVersion ?? '',
        kev: finding.kev ? 'yes' : 'no',
        kev_due_date: finding.kev?.dueDate ?? '',
        epss: finding.epss?.epss.toString() ?? '',
        epss_percentile: finding.epss?.percentile.toString() ?? '',
        cvss_score: row.cvss?.score.toString() ?? '',
        cvss_vector: row.cvss?.vector ?? '',
        due_date: row.dueDate ?? '',
        sla_state: row.slaState ?? '',
        suppressed: row.suppression ? row.suppression.state : '',
        summary: finding.summary ?? '',
      };
      return COLUMNS.map((column) => neutralize(record[column]));
    });
    return stringify([[...COLUMNS], ...rows]);
  },
};
