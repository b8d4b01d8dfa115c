/**
 * `--format cyclonedx-vex`: a CycloneDX 1.6 BOM listing the affected components and one
 * vulnerability per finding with its analysis state (exploitable / in_triage / not_affected),
 * built with the OWASP CycloneDX library so the output follows the specification's
 * normalisation rules (ordering, bom-refs) rather than a hand-kept copy of them.
 */
import { createRequire } from 'node:module';
import type * as CycloneDxLibrary from '@cyclonedx/cyclonedx-library';
import type { Enums, Models } from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import type { ReportFinding, ReportRenderer, ScanReport, SeverityLevel } from './types.js';

let library: typeof CycloneDxLibrary | undefined;

/**
 * The CycloneDX library, loaded when this format is asked for: every `ward scan` imports the
 * renderer registry, and the library is ~100 ms of start-up a JSON or table scan never needs.
 * (Its CommonJS build loads synchronously, which keeps `render` synchronous like the others.)
 */
function cycloneDx(): typeof CycloneDxLibrary {
  library ??= createRequire(import.meta.url)('@cyclonedx/cyclonedx-library') as typeof CycloneDxLibrary;
  return library;
}

/** Ward's severities and CVSS versions as the library's enums, made once with the library. */
interface CdxTables {
  severity: Record<SeverityLevel, Enums.Vulnerability.Severity>;
  method: Record<string, Enums.Vulnerability.RatingMethod | undefined>;
}

let tables: CdxTables | undefined;

function cdxTables(): CdxTables {
  if (!tables) {
    const { RatingMethod, Severity } = cycloneDx().Enums.Vulnerability;
    tables = {
      severity: {
        critical: Severity.Critical,
        high: Severity.High,
        medium: Severity.Medium,
        low: Severity.Low,
        none: Severity.None,
        unknown: Severity.Unknown,
      },
      method: {
        '2.0': RatingMethod.CVSSv2,
        '3.0': RatingMethod.CVSSv3,
        '3.1': RatingMethod.CVSSv31,
        '4.0': RatingMethod.CVSSv4,
      },
    };
  }
  return tables;
}

function componentKey(row: ReportFinding): string {
  const { component } = row.finding;
  return component.purl ?? component.cpe ?? `${component.ecosystem}:${component.name}@${component.version}`;
}

function analysisFor(row: ReportFinding): Models.Vulnerability.Analysis {
  const { Enums, Models } = cycloneDx();
  const state = row.suppression?.state;
  if (state === 'not_affected' || state === 'false_positive') {
    const justification = Object.values(Enums.Vulnerability.AnalysisJustification).find(
      (value) => value === row.suppression?.justification,
    );
    return new Models.Vulnerability.Analysis({
      state:
        state === 'not_affected'
          ? Enums.Vulnerability.AnalysisState.NotAffected
          : Enums.Vulnerability.AnalysisState.FalsePositive,
      ...(justification ? { justification } : {}),
      ...(row.suppression?.reason ? { detail: row.suppression.reason } : {}),
    });
  }
  if (state === 'fixed')
    return new Models.Vulnerability.Analysis({ state: Enums.Vulnerability.AnalysisState.Resolved });
  return new Models.Vulnerability.Analysis({
    state:
      state === 'risk_accepted'
        ? Enums.Vulnerability.AnalysisState.Exploitable
        : Enums.Vulnerability.AnalysisState.InTriage,
    ...(row.suppression?.reason ? { detail: row.suppression.reason } : {}),
  });
}

export function toCycloneDxVex(report: ScanReport): string {
  const { Enums, Models, Serialize, Spec } = cycloneDx();
  const bom = new Models.Bom();
  bom.metadata.timestamp = new Date(report.generatedAt);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'ward', { version: report.tool.version }),
  );
  const components = new Map<string, Models.Component>();
  for (const row of report.findings) {
    const key = componentKey(row);
    if (components.has(key)) continue;
    const { component } = row.finding;
    const model = new Models.Component(Enums.ComponentType.Library, component.name, {
      version: component.version,
      bomRef: key,
      ...(component.cpe ? { cpe: component.cpe } : {}),
    });
    if (component.purl) {
      try {
        model.purl = PackageURL.fromString(component.purl);
      } catch {
        // An unparsable purl from the inventory stays out of the BOM; the bom-ref still names it.
      }
    }
    components.set(key, model);
    bom.components.add(model);
  }
  for (const row of report.findings) {
    const { finding } = row;
    const vulnerability = new Models.Vulnerability.Vulnerability({
      bomRef: `${finding.vulnerabilityId}|${componentKey(row)}`,
      id: finding.vulnerabilityId,
      ...(finding.summary ? { description: finding.summary } : {}),
      ...(finding.recommendedVersion
        ? { recommendation: `Upgrade ${finding.component.name} to ${finding.recommendedVersion}` }
        : {}),
      analysis: analysisFor(row),
    });
    for (const alias of finding.aliases) {
      vulnerability.references.add(
        new Models.Vulnerability.Reference(
          alias,
          new Models.Vulnerability.Source({ name: alias.split('-')[0] ?? 'alias' }),
        ),
      );
    }
    for (const cwe of finding.weaknesses) {
      const number = Number.parseInt(cwe.replace(/^CWE-/, ''), 10);
      if (Number.isInteger(number) && number > 0) vulnerability.cwes.add(number);
    }
    const method = row.cvss ? cdxTables().method[row.cvss.version] : undefined;
    vulnerability.ratings.add(
      new Models.Vulnerability.Rating({
        severity: cdxTables().severity[row.severity],
        ...(row.cvss ? { score: row.cvss.score, vector: row.cvss.vector } : {}),
        ...(method ? { method } : {}),
      }),
    );
    vulnerability.affects.add(new Models.Vulnerability.Affect(components.get(componentKey(row))!.bomRef));
    bom.vulnerabilities.add(vulnerability);
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

export const cyclonedxVexRenderer: ReportRenderer = {
  format: 'cyclonedx-vex',
  description: 'CycloneDX 1.6 VEX (JSON)',
  render: (report) => toCycloneDxVex(report),
};
