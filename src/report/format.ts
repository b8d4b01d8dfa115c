/** Small text helpers shared by the human-readable renderers. */
import type { ReportFinding } from './types.js';

export function locationText(row: ReportFinding): string {
  const { location } = row.finding.component;
  return location.line ? `${location.file}:${location.line}` : location.file;
}

export function packageText(row: ReportFinding): string {
  const { component } = row.finding;
  const where = component.asset
    ? ` @ ${component.asset.address ?? component.asset.hostname ?? component.asset.id}${component.asset.port ? `:${component.asset.port}` : ''}`
    : '';
  return `${component.name} ${component.version}${where}`;
}

export function fixText(row: ReportFinding): string {
  const { finding } = row;
  if (finding.recommendedVersion) return finding.recommendedVersion;
  if (finding.fixedVersions.length > 0) return finding.fixedVersions.join(', ');
  return 'no fix';
}

export function visibleFindings(rows: readonly ReportFinding[], showSuppressed = false): ReportFinding[] {
  return showSuppressed ? [...rows] : rows.filter((row) => !row.suppression);
}
