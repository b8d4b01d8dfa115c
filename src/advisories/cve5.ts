/**
 * CVE JSON 5.x records (https://github.com/CVEProject/cve-schema) → Advisory.
 *
 * The CNA container gives descriptions, problem types, references and `affected`; CVSS metrics
 * are read from the CNA and every ADP container (CISA's "Vulnrichment" ADP adds most of them).
 * An `affected` entry becomes a package Affected only when its `collectionURL` names a package
 * registry Ward knows (e.g. the Go CNA's `https://pkg.go.dev`); vendor/product-only entries are
 * kept verbatim in databaseSpecific.cve5Affected and their `cpes` become CPE configurations.
 */
import { normalizePackageName } from '../core/package-name.js';
import {
  cloneFreeForm,
  englishText,
  isObject,
  type JsonObject,
  type NormalizeOutcome,
  optionalArray,
  type ProblemList,
  type RecordContext,
  requireObject,
  requireString,
  runNormalizer,
} from './record-reader.js';
import type {
  Advisory,
  Affected,
  AffectedRange,
  CpeConfiguration,
  Reference,
  SeverityVector,
} from './types.js';

/** Package registries named by CVE 5 `collectionURL`, keyed by host. */
const REGISTRY_ECOSYSTEMS = new Map<string, string>([
  ['pkg.go.dev', 'Go'],
  ['proxy.golang.org', 'Go'],
  ['registry.npmjs.org', 'npm'],
  ['www.npmjs.com', 'npm'],
  ['pypi.org', 'PyPI'],
  ['pypi.python.org', 'PyPI'],
  ['crates.io', 'crates.io'],
  ['repo.maven.apache.org', 'Maven'],
  ['repo1.maven.org', 'Maven'],
  ['rubygems.org', 'RubyGems'],
  ['packagist.org', 'Packagist'],
  ['www.nuget.org', 'NuGet'],
  ['api.nuget.org', 'NuGet'],
  ['hex.pm', 'Hex'],
  ['pub.dev', 'Pub'],
]);

const METRIC_KEYS = [
  ['cvssV4_0', 'CVSS_V4'],
  ['cvssV3_1', 'CVSS_V3'],
  ['cvssV3_0', 'CVSS_V3'],
  ['cvssV2_0', 'CVSS_V2'],
] as const;

const EPOCH = '1970-01-01T00:00:00Z';

export function looksLikeCve5(value: unknown): boolean {
  return (
    isObject(value) &&
    (value.dataType === 'CVE_RECORD' || (isObject(value.cveMetadata) && isObject(value.containers)))
  );
}

export function normalizeCve5(value: unknown, context: RecordContext): NormalizeOutcome<Advisory> {
  return runNormalizer(context, (problems) => {
    const record = requireObject(value, '$');
    const meta = requireObject(record.cveMetadata, 'cveMetadata');
    const id = requireString(meta.cveId, 'cveMetadata.cveId');
    const containers = requireObject(record.containers, 'containers');
    const cna = requireObject(containers.cna, 'containers.cna');
    const adp = optionalArray(containers.adp, 'containers.adp').filter(isObject);
    const providerUpdated = isObject(cna.providerMetadata) ? cna.providerMetadata.dateUpdated : undefined;
    const modified = firstString(meta.dateUpdated, providerUpdated, meta.datePublished);
    if (modified === undefined)
      problems.warn('cveMetadata.dateUpdated', `no update timestamp; using ${EPOCH}`);
    const advisory: Advisory = {
      id,
      aliases: [],
      related: [],
      severity: [cna, ...adp].flatMap((container, index) =>
        readMetrics(container, index === 0 ? 'containers.cna' : `containers.adp[${index - 1}]`),
      ),
      affected: [],
      references: readReferences([cna, ...adp]),
      credits: [],
      modified: modified ?? EPOCH,
      cpeConfigurations: [],
      remediations: [],
      weaknesses: readWeaknesses([cna, ...adp]),
      source: 'cve5',
    };
    if (typeof cna.title === 'string') advisory.summary = cna.title;
    const details = englishText(cna.descriptions);
    if (details !== undefined) advisory.details = details;
    const published = firstString(meta.datePublished, cna.datePublic);
    if (published !== undefined) advisory.published = published;
    if (meta.state === 'REJECTED') advisory.withdrawn = advisory.modified;
    const unmapped: unknown[] = [];
    optionalArray(cna.affected, 'containers.cna.affected').forEach((entry, index) => {
      const field = `containers.cna.affected[${index}]`;
      if (!isObject(entry)) {
        problems.warn(field, 'expected an object; dropped');
        return;
      }
      const affected = readPackageAffected(entry, field, problems);
      if (affected) advisory.affected.push(affected);
      else unmapped.push(entry);
      const configuration = readCpes(entry);
      if (configuration) advisory.cpeConfigurations.push(configuration);
    });
    if (unmapped.length > 0) {
      const kept = cloneFreeForm({ cve5Affected: unmapped }, 'containers.cna.affected', problems);
      if (kept) advisory.databaseSpecific = kept;
    }
    return advisory;
  });
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}

function readMetrics(container: JsonObject, field: string): SeverityVector[] {
  const out: SeverityVector[] = [];
  const source = isObject(container.providerMetadata) ? container.providerMetadata.shortName : undefined;
  for (const metric of Array.isArray(container.metrics) ? container.metrics : []) {
    if (!isObject(metric)) continue;
    for (const [key, type] of METRIC_KEYS) {
      const data = metric[key];
      if (!isObject(data) || typeof data.vectorString !== 'string') continue;
      const vector: SeverityVector = { type, score: data.vectorString };
      if (typeof data.baseScore === 'number') vector.publishedBaseScore = data.baseScore;
      if (typeof source === 'string') vector.source = source;
      else vector.source = field;
      out.push(vector);
    }
  }
  return out;
}

function readReferences(containers: JsonObject[]): Reference[] {
  const byUrl = new Map<string, Reference>();
  for (const container of containers) {
    for (const item of Array.isArray(container.references) ? container.references : []) {
      if (!isObject(item) || typeof item.url !== 'string' || byUrl.has(item.url)) continue;
      const tags = Array.isArray(item.tags) ? item.tags : [];
      const type = tags.includes('patch')
        ? 'FIX'
        : tags.includes('vendor-advisory') || tags.includes('third-party-advisory')
          ? 'ADVISORY'
          : tags.includes('exploit')
            ? 'EVIDENCE'
            : 'WEB';
      byUrl.set(item.url, { type, url: item.url });
    }
  }
  return [...byUrl.values()];
}

function readWeaknesses(containers: JsonObject[]): string[] {
  const out = new Set<string>();
  for (const container of containers) {
    for (const problemType of Array.isArray(container.problemTypes) ? container.problemTypes : []) {
      if (!isObject(problemType) || !Array.isArray(problemType.descriptions)) continue;
      for (const description of problemType.descriptions) {
        if (!isObject(description)) continue;
        if (typeof description.cweId === 'string') out.add(description.cweId);
        else if (typeof description.description === 'string') {
          const match = /^CWE-\d+/.exec(description.description);
          if (match) out.add(match[0]);
        }
      }
    }
  }
  return [...out];
}

function registryEcosystem(collectionURL: unknown): string | undefined {
  if (typeof collectionURL !== 'string') return undefined;
  try {
    return REGISTRY_ECOSYSTEMS.get(new URL(collectionURL).host.toLowerCase());
  } catch {
    return undefined;
  }
}

function readPackageAffected(entry: JsonObject, field: string, problems: ProblemList): Affected | undefined {
  const ecosystem = registryEcosystem(entry.collectionURL);
  if (!ecosystem || typeof entry.packageName !== 'string' || entry.packageName === '') return undefined;
  const affected: Affected = {
    package: {
      ecosystem,
      name: entry.packageName,
      normalizedName: normalizePackageName(ecosystem, entry.packageName),
    },
    ranges: [],
    versions: [],
    severity: [],
  };
  optionalArray(entry.versions, `${field}.versions`).forEach((item, index) => {
    const path = `${field}.versions[${index}]`;
    if (!isObject(item) || typeof item.version !== 'string') {
      problems.warn(path, 'expected {version: string}; dropped');
      return;
    }
    if (item.status !== 'affected') return;
    const range = readVersionRange(item);
    if (range) affected.ranges.push(range);
    else affected.versions.push(item.version);
  });
  if (Array.isArray(entry.programRoutines)) {
    const routines = entry.programRoutines.flatMap((routine) =>
      isObject(routine) && typeof routine.name === 'string' ? [routine.name] : [],
    );
    const ecosystemSpecific = Object.create(null) as Record<string, unknown>;
    ecosystemSpecific.programRoutines = routines;
    affected.ecosystemSpecific = ecosystemSpecific;
  }
  return affected;
}

/** CVE 5 version entries: `version` + `lessThan`/`lessThanOrEqual` (+ `changes`) → OSV events. */
function readVersionRange(item: JsonObject): AffectedRange | undefined {
  const lessThan =
    typeof item.lessThan === 'string' && !item.lessThan.includes('*') ? item.lessThan : undefined;
  const lessOrEqual =
    typeof item.lessThanOrEqual === 'string' && !item.lessThanOrEqual.includes('*')
      ? item.lessThanOrEqual
      : undefined;
  if (lessThan === undefined && lessOrEqual === undefined) return undefined;
  const range: AffectedRange = {
    type: item.versionType === 'semver' ? 'SEMVER' : 'ECOSYSTEM',
    events: [{ introduced: String(item.version) }],
  };
  for (const change of Array.isArray(item.changes) ? item.changes : []) {
    if (!isObject(change) || typeof change.at !== 'string') continue;
    range.events.push(change.status === 'unaffected' ? { fixed: change.at } : { introduced: change.at });
  }
  if (lessThan !== undefined) range.events.push({ fixed: lessThan });
  else if (lessOrEqual !== undefined) range.events.push({ lastAffected: lessOrEqual });
  return range;
}

function readCpes(entry: JsonObject): CpeConfiguration | undefined {
  const cpes = Array.isArray(entry.cpes)
    ? entry.cpes.filter((cpe): cpe is string => typeof cpe === 'string' && cpe.startsWith('cpe:2.3:'))
    : [];
  if (cpes.length === 0) return undefined;
  return {
    operator: 'OR',
    negate: false,
    nodes: [
      { operator: 'OR', negate: false, cpeMatch: cpes.map((criteria) => ({ vulnerable: true, criteria })) },
    ],
    origin: 'cve5',
  };
}
