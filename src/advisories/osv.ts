/**
 * OSV (https://ossf.github.io/osv-schema/, 1.0–1.7) records → Ward's Advisory.
 *
 * Ranges are kept exactly as published: event order, every boundary string, multiple ranges per
 * package, explicit `versions` lists and GIT ranges with their repo. A bad affected entry or range
 * is skipped and reported (field path included); only a record without a usable id/modified, or
 * with wrongly typed top-level fields, is rejected as a whole.
 */
import type { Tags } from 'yaml';
import { baseEcosystem, canonicalEcosystem } from '../core/ecosystem.js';
import { normalizePackageName } from '../core/package-name.js';
import { yaml } from '../core/yaml.js';
import {
  cloneFreeForm,
  describeType,
  isObject,
  type JsonObject,
  type NormalizeOutcome,
  optionalArray,
  optionalString,
  type ProblemList,
  type RecordContext,
  RecordRejected,
  requireObject,
  requireString,
  runNormalizer,
  stringArray,
} from './record-reader.js';
import type {
  Advisory,
  Affected,
  AffectedRange,
  Credit,
  RangeEvent,
  Reference,
  SeverityType,
  SeverityVector,
} from './types.js';

const SEVERITY_TYPES: ReadonlySet<string> = new Set<SeverityType>([
  'CVSS_V2',
  'CVSS_V3',
  'CVSS_V4',
  'Ubuntu',
]);
const RANGE_TYPES: ReadonlySet<string> = new Set(['SEMVER', 'ECOSYSTEM', 'GIT']);
const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

/** True when a parsed object looks like an OSV record (used by the file reader to route). */
export function looksLikeOsv(value: unknown): boolean {
  // Routed on shape, not on a valid id: an OSV record whose `id` is missing or not a string must
  // reach normalizeOsv, which names that field, rather than be called "not recognised".
  return (
    isObject(value) &&
    'modified' in value &&
    ('id' in value || 'affected' in value || 'schema_version' in value) &&
    !('dataType' in value) &&
    !('cveMetadata' in value) &&
    !('sourceIdentifier' in value)
  );
}

/** Parses OSV JSON text; syntax errors become a rejected-record problem. */
export function parseOsvJson(text: string, context: RecordContext): NormalizeOutcome<Advisory> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return syntaxProblem(context, 'JSON', error);
  }
  return normalizeOsv(value, context);
}

/** Parses OSV YAML text (pypa/advisory-database style). Timestamps stay strings (YAML core schema). */
export function parseOsvYaml(text: string, context: RecordContext): NormalizeOutcome<Advisory> {
  let value: unknown;
  try {
    // The core schema (not yaml-1.1) keeps `2021-01-01T00:00:00Z` a string. Numbers are kept as
    // their source text too: OSV has no numeric fields, and an unquoted version `1.10` must not
    // become the number 1.1. maxAliasCount bounds alias expansion ("billion laughs").
    value = yaml().parse(text, { schema: 'core', customTags: keepNumbersAsText, maxAliasCount: 100 });
  } catch (error) {
    return syntaxProblem(context, 'YAML', error);
  }
  return normalizeOsv(value, context);
}

const NUMBER_TAGS: ReadonlySet<string> = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

function keepNumbersAsText(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || !NUMBER_TAGS.has(tag.tag));
}

function syntaxProblem(context: RecordContext, format: string, error: unknown): NormalizeOutcome<Advisory> {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const problem = {
    file: context.file,
    message: `invalid ${format}: ${message}`,
    severity: 'error' as const,
  };
  return { problems: [context.line === undefined ? problem : { ...problem, line: context.line }] };
}

/** Normalises one parsed OSV record. */
export function normalizeOsv(value: unknown, context: RecordContext): NormalizeOutcome<Advisory> {
  return runNormalizer(context, (problems) => {
    const record = requireObject(value, '$');
    const id = requireString(record.id, 'id');
    const modified = requireString(record.modified, 'modified');
    const advisory: Advisory = {
      id,
      aliases: stringArray(record.aliases, 'aliases', problems),
      related: stringArray(record.related, 'related', problems),
      severity: readSeverity(record.severity, 'severity', problems),
      affected: [],
      references: readReferences(record.references, problems),
      credits: readCredits(record.credits, problems),
      modified,
      cpeConfigurations: [],
      remediations: [],
      weaknesses: readCwes(record.database_specific),
      source: 'osv',
    };
    const summary = optionalString(record.summary, 'summary');
    const details = optionalString(record.details, 'details');
    const published = optionalString(record.published, 'published');
    const withdrawn = optionalString(record.withdrawn, 'withdrawn');
    if (summary !== undefined) advisory.summary = summary;
    if (details !== undefined) advisory.details = details;
    if (published !== undefined) advisory.published = published;
    if (withdrawn !== undefined) advisory.withdrawn = withdrawn;
    const databaseSpecific = cloneFreeForm(record.database_specific, 'database_specific', problems);
    if (databaseSpecific) advisory.databaseSpecific = databaseSpecific;
    optionalArray(record.affected, 'affected').forEach((entry, index) => {
      const affected = readAffected(entry, `affected[${index}]`, problems);
      if (affected) advisory.affected.push(affected);
    });
    return advisory;
  });
}

function readSeverity(value: unknown, field: string, problems: ProblemList): SeverityVector[] {
  const out: SeverityVector[] = [];
  optionalArray(value, field).forEach((item, index) => {
    const path = `${field}[${index}]`;
    if (!isObject(item) || typeof item.type !== 'string' || typeof item.score !== 'string') {
      problems.warn(path, 'expected {type: string, score: string}; dropped');
      return;
    }
    if (!SEVERITY_TYPES.has(item.type)) {
      problems.warn(`${path}.type`, `unknown severity type '${item.type}'; dropped`);
      return;
    }
    out.push({ type: item.type as SeverityType, score: item.score });
  });
  return out;
}

function readReferences(value: unknown, problems: ProblemList): Reference[] {
  const out: Reference[] = [];
  optionalArray(value, 'references').forEach((item, index) => {
    if (isObject(item) && typeof item.url === 'string') {
      out.push({ type: typeof item.type === 'string' ? item.type : 'WEB', url: item.url });
    } else problems.warn(`references[${index}]`, 'expected {type, url}; dropped');
  });
  return out;
}

function readCredits(value: unknown, problems: ProblemList): Credit[] {
  const out: Credit[] = [];
  optionalArray(value, 'credits').forEach((item, index) => {
    const path = `credits[${index}]`;
    if (!isObject(item) || typeof item.name !== 'string') {
      problems.warn(path, 'expected {name: string}; dropped');
      return;
    }
    const credit: Credit = {
      name: item.name,
      contact: stringArray(item.contact, `${path}.contact`, problems),
    };
    if (typeof item.type === 'string') credit.type = item.type;
    out.push(credit);
  });
  return out;
}

/** GHSA-derived records carry CWE ids in database_specific.cwe_ids. */
function readCwes(databaseSpecific: unknown): string[] {
  if (!isObject(databaseSpecific) || !Array.isArray(databaseSpecific.cwe_ids)) return [];
  return databaseSpecific.cwe_ids.filter((id): id is string => typeof id === 'string');
}

function readAffected(value: unknown, field: string, problems: ProblemList): Affected | undefined {
  if (!isObject(value)) {
    problems.error(field, `expected an object, got ${describeType(value)}; affected entry skipped`);
    return undefined;
  }
  let rawRanges: unknown[];
  let rawVersions: unknown[];
  try {
    rawRanges = optionalArray(value.ranges, `${field}.ranges`);
    rawVersions = optionalArray(value.versions, `${field}.versions`);
  } catch (error) {
    if (!(error instanceof RecordRejected)) throw error;
    problems.error(error.field, `${error.message}; affected entry skipped`);
    return undefined;
  }
  const ranges: AffectedRange[] = [];
  rawRanges.forEach((range, index) => {
    const parsed = readRange(range, `${field}.ranges[${index}]`, problems);
    if (parsed) ranges.push(parsed);
  });
  const pkg = readPackage(value.package, ranges, `${field}.package`, problems);
  if (!pkg) return undefined;
  const affected: Affected = {
    package: pkg,
    ranges,
    versions: stringArray(rawVersions, `${field}.versions`, problems),
    severity: readSeverity(value.severity, `${field}.severity`, problems),
  };
  const ecosystemSpecific = cloneFreeForm(value.ecosystem_specific, `${field}.ecosystem_specific`, problems);
  const databaseSpecific = cloneFreeForm(value.database_specific, `${field}.database_specific`, problems);
  if (ecosystemSpecific) affected.ecosystemSpecific = ecosystemSpecific;
  if (databaseSpecific) affected.databaseSpecific = databaseSpecific;
  if (ranges.length === 0 && affected.versions.length === 0) {
    problems.warn(field, 'no ranges and no versions: this entry can never match');
  }
  return affected;
}

function readPackage(
  value: unknown,
  ranges: AffectedRange[],
  field: string,
  problems: ProblemList,
): Affected['package'] | undefined {
  if (value === undefined) {
    // OSV allows a package-less entry whose ranges are GIT commits: key it on the repository.
    const repo = ranges.find((range) => range.type === 'GIT')?.repo;
    if (repo) return { ecosystem: 'GIT', name: repo, normalizedName: repo };
    problems.error(
      field,
      'required field is missing (and no GIT range names a repo); affected entry skipped',
    );
    return undefined;
  }
  if (
    !isObject(value) ||
    typeof value.ecosystem !== 'string' ||
    typeof value.name !== 'string' ||
    !value.name
  ) {
    problems.error(field, 'expected {ecosystem: string, name: string}; affected entry skipped');
    return undefined;
  }
  const ecosystem = canonicalFullEcosystem(value.ecosystem);
  if (!ecosystem) {
    problems.error(`${field}.ecosystem`, `unknown ecosystem '${value.ecosystem}'; affected entry skipped`);
    return undefined;
  }
  const pkg: Affected['package'] = {
    ecosystem,
    name: value.name,
    normalizedName: normalizePackageName(ecosystem, value.name),
  };
  if (typeof value.purl === 'string') pkg.purl = value.purl;
  return pkg;
}

/** `debian:12` → `Debian:12`: the base spelled canonically, the release suffix kept verbatim. */
export function canonicalFullEcosystem(raw: string): string | undefined {
  const base = canonicalEcosystem(baseEcosystem(raw.trim()));
  if (!base) return undefined;
  return base + raw.trim().slice(baseEcosystem(raw.trim()).length);
}

function readRange(value: unknown, field: string, problems: ProblemList): AffectedRange | undefined {
  if (!isObject(value)) {
    problems.error(field, `expected an object, got ${describeType(value)}; range skipped`);
    return undefined;
  }
  if (typeof value.type !== 'string' || !RANGE_TYPES.has(value.type)) {
    problems.error(
      `${field}.type`,
      `expected SEMVER, ECOSYSTEM or GIT, got ${JSON.stringify(value.type)}; range skipped`,
    );
    return undefined;
  }
  const type = value.type as AffectedRange['type'];
  if (type === 'GIT' && typeof value.repo !== 'string') {
    problems.error(`${field}.repo`, 'GIT range without a repo; range skipped');
    return undefined;
  }
  const range: AffectedRange =
    typeof value.repo === 'string' ? { type, repo: value.repo, events: [] } : { type, events: [] };
  if (!Array.isArray(value.events) || value.events.length === 0) {
    problems.error(`${field}.events`, 'expected a non-empty array of events; range skipped');
    return undefined;
  }
  for (const [index, event] of value.events.entries()) {
    const parsed = readEvent(event, `${field}.events[${index}]`, problems);
    if (!parsed) return undefined;
    range.events.push(parsed);
  }
  if (!range.events.some((event) => 'introduced' in event)) {
    problems.warn(`${field}.events`, "no 'introduced' event, which OSV requires; range kept as published");
  }
  return range;
}

/** One event; a malformed event invalidates its whole range (a range missing a bound is wrong, not partial). */
function readEvent(value: unknown, field: string, problems: ProblemList): RangeEvent | undefined {
  if (!isObject(value)) {
    problems.error(field, `expected an object, got ${describeType(value)}; range skipped`);
    return undefined;
  }
  const keys = EVENT_KEYS.filter((key) => key in value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) {
    problems.error(field, 'expected exactly one of introduced, fixed, last_affected, limit; range skipped');
    return undefined;
  }
  const bound = (value as JsonObject)[key];
  if (typeof bound !== 'string' || bound === '') {
    problems.error(
      `${field}.${key}`,
      `expected a non-empty string, got ${describeType(bound)}; range skipped`,
    );
    return undefined;
  }
  switch (key) {
    case 'introduced':
      return { introduced: bound };
    case 'fixed':
      return { fixed: bound };
    case 'last_affected':
      return { lastAffected: bound };
    case 'limit':
      return { limit: bound };
  }
}
