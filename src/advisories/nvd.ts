/**
 * NVD records → Advisory: the CVE API 2.0 `cve` object
 * (https://nvd.nist.gov/developers/vulnerabilities) and items of the retired 1.1 JSON feeds
 * (`CVE_Items[]`). CPE applicability statements become CpeConfiguration[] with origin 'nvd',
 * keeping operators, negate, vulnerable flags and all four version bounds exactly.
 */
import {
  englishText,
  isObject,
  type JsonObject,
  type NormalizeOutcome,
  optionalArray,
  optionalString,
  type ProblemList,
  type RecordContext,
  requireObject,
  requireString,
  runNormalizer,
} from './record-reader.js';
import type { Advisory, CpeConfiguration, CpeMatch, CpeNode, Reference, SeverityVector } from './types.js';

const METRIC_KEYS = [
  ['cvssMetricV40', 'CVSS_V4'],
  ['cvssMetricV31', 'CVSS_V3'],
  ['cvssMetricV30', 'CVSS_V3'],
  ['cvssMetricV2', 'CVSS_V2'],
] as const;

const VERSION_BOUNDS = [
  'versionStartIncluding',
  'versionStartExcluding',
  'versionEndIncluding',
  'versionEndExcluding',
] as const;

/** True for an NVD API 2.0 `cve` object (what fkie-cad's feed stores, and `vulnerabilities[].cve`). */
export function looksLikeNvdCve(value: unknown): boolean {
  return (
    isObject(value) && typeof value.id === 'string' && ('sourceIdentifier' in value || 'vulnStatus' in value)
  );
}

/** True for an NVD API 2.0 response page. */
export function looksLikeNvdPage(value: unknown): boolean {
  return (
    isObject(value) &&
    Array.isArray(value.vulnerabilities) &&
    (value.format === 'NVD_CVE' || 'resultsPerPage' in value)
  );
}

/** True for a 1.1 feed item (`CVE_Items[i]`). */
export function looksLikeNvdFeedItem(value: unknown): boolean {
  return isObject(value) && isObject(value.cve) && isObject((value.cve as JsonObject).CVE_data_meta);
}

/** NVD writes UTC timestamps without a zone ("2001-07-21T04:00:00.000"); make them RFC 3339. */
export function nvdTimestamp(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /(?:Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
}

/** Normalises one API 2.0 `cve` object. */
export function normalizeNvdCve(value: unknown, context: RecordContext): NormalizeOutcome<Advisory> {
  return runNormalizer(context, (problems) => {
    const cve = requireObject(value, 'cve');
    const id = requireString(cve.id, 'cve.id');
    const modified = requireString(cve.lastModified, 'cve.lastModified');
    const status = optionalString(cve.vulnStatus, 'cve.vulnStatus');
    const advisory: Advisory = {
      id,
      aliases: [],
      related: [],
      severity: readMetrics(cve.metrics, problems),
      affected: [],
      references: readReferences2(cve.references, problems),
      credits: [],
      modified: nvdTimestamp(modified) ?? modified,
      cpeConfigurations: readConfigurations2(cve.configurations, problems),
      remediations: [],
      weaknesses: readWeaknesses2(cve.weaknesses),
      source: 'nvd',
    };
    const details = englishText(cve.descriptions);
    if (details !== undefined) advisory.details = details;
    const published = nvdTimestamp(optionalString(cve.published, 'cve.published'));
    if (published !== undefined) advisory.published = published;
    // NVD keeps rejected CVEs with status "Rejected": the same meaning as OSV's `withdrawn`.
    if (status === 'Rejected') advisory.withdrawn = advisory.modified;
    const databaseSpecific = Object.create(null) as Record<string, unknown>;
    if (status !== undefined) databaseSpecific.vulnStatus = status;
    if (typeof cve.sourceIdentifier === 'string') databaseSpecific.sourceIdentifier = cve.sourceIdentifier;
    for (const key of [
      'cisaExploitAdd',
      'cisaActionDue',
      'cisaRequiredAction',
      'cisaVulnerabilityName',
    ] as const) {
      if (typeof cve[key] === 'string') databaseSpecific[key] = cve[key];
    }
    if (Object.keys(databaseSpecific).length > 0) advisory.databaseSpecific = databaseSpecific;
    return advisory;
  });
}

function readMetrics(value: unknown, problems: ProblemList): SeverityVector[] {
  if (value === undefined) return [];
  const metrics = requireObject(value, 'cve.metrics');
  const out: SeverityVector[] = [];
  for (const [key, type] of METRIC_KEYS) {
    optionalArray(metrics[key], `cve.metrics.${key}`).forEach((metric, index) => {
      const field = `cve.metrics.${key}[${index}]`;
      const data = isObject(metric) ? metric.cvssData : undefined;
      if (!isObject(metric) || !isObject(data) || typeof data.vectorString !== 'string') {
        problems.warn(`${field}.cvssData.vectorString`, 'expected a CVSS vector string; metric dropped');
        return;
      }
      const vector: SeverityVector = { type, score: data.vectorString };
      if (typeof data.baseScore === 'number') vector.publishedBaseScore = data.baseScore;
      if (typeof metric.source === 'string') vector.source = metric.source;
      out.push(vector);
    });
  }
  return out;
}

function readWeaknesses2(value: unknown): string[] {
  const out = new Set<string>();
  if (!Array.isArray(value)) return [];
  for (const weakness of value) {
    if (!isObject(weakness) || !Array.isArray(weakness.description)) continue;
    for (const description of weakness.description) {
      if (isObject(description) && typeof description.value === 'string') out.add(description.value);
    }
  }
  return [...out];
}

/** NVD repeats each reference once per source; keep one per URL, typed from its tags. */
function readReferences2(value: unknown, problems: ProblemList): Reference[] {
  const byUrl = new Map<string, Reference>();
  optionalArray(value, 'cve.references').forEach((item, index) => {
    if (!isObject(item) || typeof item.url !== 'string') {
      problems.warn(`cve.references[${index}]`, 'expected {url}; dropped');
      return;
    }
    const type = referenceType(item.tags);
    const existing = byUrl.get(item.url);
    if (!existing || (existing.type === 'WEB' && type !== 'WEB'))
      byUrl.set(item.url, { type, url: item.url });
  });
  return [...byUrl.values()];
}

/** NVD reference tags → OSV reference types. */
function referenceType(tags: unknown): string {
  const list = Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
  if (list.includes('Patch')) return 'FIX';
  if (list.some((tag) => tag.endsWith('Advisory'))) return 'ADVISORY';
  if (list.includes('Exploit')) return 'EVIDENCE';
  if (list.includes('Issue Tracking')) return 'REPORT';
  return 'WEB';
}

function readConfigurations2(value: unknown, problems: ProblemList): CpeConfiguration[] {
  const out: CpeConfiguration[] = [];
  optionalArray(value, 'cve.configurations').forEach((item, index) => {
    const field = `cve.configurations[${index}]`;
    if (!isObject(item)) {
      problems.warn(field, 'expected an object; configuration dropped');
      return;
    }
    const nodes: CpeNode[] = [];
    optionalArray(item.nodes, `${field}.nodes`).forEach((node, nodeIndex) => {
      const parsed = readNode(node, 'cpeMatch', `${field}.nodes[${nodeIndex}]`, problems);
      if (parsed) nodes.push(parsed);
    });
    if (nodes.length === 0) {
      problems.warn(field, 'configuration without usable nodes; dropped');
      return;
    }
    out.push({ operator: readOperator(item.operator), negate: item.negate === true, nodes, origin: 'nvd' });
  });
  return out;
}

function readOperator(value: unknown): 'AND' | 'OR' {
  return value === 'AND' ? 'AND' : 'OR';
}

function readNode(
  value: unknown,
  matchKey: 'cpeMatch' | 'cpe_match',
  field: string,
  problems: ProblemList,
): CpeNode | undefined {
  if (!isObject(value)) {
    problems.warn(field, 'expected an object; node dropped');
    return undefined;
  }
  const cpeMatch: CpeMatch[] = [];
  optionalArray(value[matchKey], `${field}.${matchKey}`).forEach((match, index) => {
    const path = `${field}.${matchKey}[${index}]`;
    const criteria = isObject(match) ? (match.criteria ?? match.cpe23Uri) : undefined;
    if (!isObject(match) || typeof criteria !== 'string' || !criteria.startsWith('cpe:2.3:')) {
      problems.warn(path, 'expected a CPE 2.3 criteria string; match dropped');
      return;
    }
    const parsed: CpeMatch = { vulnerable: match.vulnerable !== false, criteria };
    for (const bound of VERSION_BOUNDS) {
      if (typeof match[bound] === 'string') parsed[bound] = match[bound];
    }
    if (typeof match.matchCriteriaId === 'string') parsed.matchCriteriaId = match.matchCriteriaId;
    cpeMatch.push(parsed);
  });
  if (cpeMatch.length === 0) return undefined;
  return { operator: readOperator(value.operator), negate: value.negate === true, cpeMatch };
}

/** Normalises one item of a retired NVD 1.1 JSON feed (`CVE_Items[i]`). */
export function normalizeNvdFeedItem(value: unknown, context: RecordContext): NormalizeOutcome<Advisory> {
  return runNormalizer(context, (problems) => {
    const item = requireObject(value, '$');
    const cve = requireObject(item.cve, 'cve');
    const meta = requireObject(cve.CVE_data_meta, 'cve.CVE_data_meta');
    const id = requireString(meta.ID, 'cve.CVE_data_meta.ID');
    const modified = requireString(item.lastModifiedDate, 'lastModifiedDate');
    const advisory: Advisory = {
      id,
      aliases: [],
      related: [],
      severity: readImpact11(item.impact),
      affected: [],
      references: readReferences11(cve.references),
      credits: [],
      modified: nvdTimestamp(modified) ?? modified,
      cpeConfigurations: readConfigurations11(item.configurations, problems),
      remediations: [],
      weaknesses: readProblemTypes11(cve.problemtype),
      source: 'nvd',
    };
    const description = isObject(cve.description) ? englishText(cve.description.description_data) : undefined;
    if (description !== undefined) advisory.details = description;
    const published = nvdTimestamp(optionalString(item.publishedDate, 'publishedDate'));
    if (published !== undefined) advisory.published = published;
    if (description?.startsWith('** REJECT **')) advisory.withdrawn = advisory.modified;
    return advisory;
  });
}

function readImpact11(value: unknown): SeverityVector[] {
  if (!isObject(value)) return [];
  const out: SeverityVector[] = [];
  const v3 = isObject(value.baseMetricV3) ? value.baseMetricV3.cvssV3 : undefined;
  const v2 = isObject(value.baseMetricV2) ? value.baseMetricV2.cvssV2 : undefined;
  for (const [data, type] of [
    [v3, 'CVSS_V3'],
    [v2, 'CVSS_V2'],
  ] as const) {
    if (!isObject(data) || typeof data.vectorString !== 'string') continue;
    const vector: SeverityVector = { type, score: data.vectorString, source: 'nvd@nist.gov' };
    if (typeof data.baseScore === 'number') vector.publishedBaseScore = data.baseScore;
    out.push(vector);
  }
  return out;
}

function readReferences11(value: unknown): Reference[] {
  const list = isObject(value) && Array.isArray(value.reference_data) ? value.reference_data : [];
  const byUrl = new Map<string, Reference>();
  for (const item of list) {
    if (isObject(item) && typeof item.url === 'string' && !byUrl.has(item.url)) {
      byUrl.set(item.url, { type: referenceType(item.tags), url: item.url });
    }
  }
  return [...byUrl.values()];
}

function readProblemTypes11(value: unknown): string[] {
  const out = new Set<string>();
  const list = isObject(value) && Array.isArray(value.problemtype_data) ? value.problemtype_data : [];
  for (const entry of list) {
    if (!isObject(entry) || !Array.isArray(entry.description)) continue;
    for (const description of entry.description) {
      if (isObject(description) && typeof description.value === 'string') out.add(description.value);
    }
  }
  return [...out];
}

/**
 * 1.1 nodes nest: a top-level AND node has OR `children`; a top-level OR node carries `cpe_match`
 * itself. Both map onto one 2.0-style configuration.
 */
function readConfigurations11(value: unknown, problems: ProblemList): CpeConfiguration[] {
  const nodes = isObject(value) ? optionalArray(value.nodes, 'configurations.nodes') : [];
  const out: CpeConfiguration[] = [];
  nodes.forEach((node, index) => {
    const field = `configurations.nodes[${index}]`;
    if (!isObject(node)) {
      problems.warn(field, 'expected an object; node dropped');
      return;
    }
    const children = optionalArray(node.children, `${field}.children`);
    if (children.length === 0) {
      const parsed = readNode(node, 'cpe_match', field, problems);
      if (parsed) out.push({ operator: 'OR', negate: false, nodes: [parsed], origin: 'nvd' });
      return;
    }
    const childNodes: CpeNode[] = [];
    children.forEach((child, childIndex) => {
      const childField = `${field}.children[${childIndex}]`;
      if (isObject(child) && Array.isArray(child.children) && child.children.length > 0) {
        problems.warn(
          childField,
          'nested deeper than NVD 2.0 configurations allow; flattened children dropped',
        );
      }
      const parsed = readNode(child, 'cpe_match', childField, problems);
      if (parsed) childNodes.push(parsed);
    });
    if (childNodes.length > 0) {
      out.push({
        operator: readOperator(node.operator),
        negate: node.negate === true,
        nodes: childNodes,
        origin: 'nvd',
      });
    }
  });
  return out;
}
