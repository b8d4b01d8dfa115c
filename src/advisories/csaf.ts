/**
 * CSAF 2.0 security advisories (https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html) →
 * one Advisory per document (id = document.tracking.id, aliases = the CVEs it covers).
 *
 * Product identity comes from the product tree: `product_identification_helper.purl` gives a
 * package Affected (fixed version = the purl version of the `fixed` product), `cpe` gives the
 * platform. Red Hat style documents join the two through `relationships`
 * (`<platform>:<component>` ids): the package ecosystem is then `Red Hat:<cpe tail>`, as in the
 * OSV conversion published by ossf/osv-schema. Remediations keep their category, URL, product ids
 * and any Microsoft KB numbers.
 */
import { PackageURL } from 'packageurl-js';
import { normalizePackageName } from '../core/package-name.js';
import {
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
  CpeConfiguration,
  Reference,
  Remediation,
  SeverityVector,
} from './types.js';

interface ProductInfo {
  name: string;
  purl?: string;
  cpe?: string;
}

interface Relationship {
  component: string;
  platform: string;
}

const REMEDIATION_CATEGORIES: ReadonlySet<string> = new Set([
  'vendor_fix',
  'workaround',
  'mitigation',
  'none_available',
  'no_fix_planned',
]);

/** purl type → OSV ecosystem, for the types CSAF producers use. */
const PURL_ECOSYSTEMS = new Map<string, string>([
  ['npm', 'npm'],
  ['pypi', 'PyPI'],
  ['maven', 'Maven'],
  ['golang', 'Go'],
  ['cargo', 'crates.io'],
  ['gem', 'RubyGems'],
  ['nuget', 'NuGet'],
  ['composer', 'Packagist'],
]);

// Bounded digit run after a literal "KB": no nested quantifiers, linear time.
const KB_PATTERN = /\bKB(\d{5,8})\b/gi;

export function looksLikeCsaf(value: unknown): boolean {
  return isObject(value) && isObject(value.document) && typeof value.document.csaf_version === 'string';
}

export function normalizeCsaf(value: unknown, context: RecordContext): NormalizeOutcome<Advisory> {
  return runNormalizer(context, (problems) => {
    const root = requireObject(value, '$');
    const document = requireObject(root.document, 'document');
    const tracking = requireObject(document.tracking, 'document.tracking');
    const id = requireString(tracking.id, 'document.tracking.id');
    const modified = requireString(tracking.current_release_date, 'document.tracking.current_release_date');
    const products = new Map<string, ProductInfo>();
    const relationships = new Map<string, Relationship>();
    if (root.product_tree !== undefined) {
      readProductTree(requireObject(root.product_tree, 'product_tree'), products, relationships, problems);
    }
    const vulnerabilities = optionalArray(root.vulnerabilities, 'vulnerabilities').filter(isObject);
    const advisory: Advisory = {
      id,
      // Microsoft's CSAF names a document after its CVE: the id is not also an alias of itself.
      aliases: [
        ...new Set(
          vulnerabilities.flatMap((v) => (typeof v.cve === 'string' && v.cve !== id ? [v.cve] : [])),
        ),
      ],
      related: [],
      severity: readScores(vulnerabilities),
      affected: [],
      references: readReferences(document, vulnerabilities),
      credits: [],
      modified,
      cpeConfigurations: [],
      remediations: [],
      weaknesses: [
        ...new Set(
          vulnerabilities.flatMap((v) => (isObject(v.cwe) && typeof v.cwe.id === 'string' ? [v.cwe.id] : [])),
        ),
      ],
      source: 'csaf',
    };
    if (typeof document.title === 'string') advisory.summary = document.title;
    const details = readNotes(document.notes);
    if (details !== undefined) advisory.details = details;
    if (typeof tracking.initial_release_date === 'string') advisory.published = tracking.initial_release_date;
    const affectedByKey = new Map<string, Affected>();
    const cpes = new Set<string>();
    vulnerabilities.forEach((vulnerability, index) => {
      const field = `vulnerabilities[${index}]`;
      const status = isObject(vulnerability.product_status) ? vulnerability.product_status : {};
      for (const productId of productIds(status.fixed)) {
        addFixed(productId, products, relationships, affectedByKey);
      }
      for (const productId of [...productIds(status.known_affected), ...productIds(status.first_affected)]) {
        const cpe = products.get(productId)?.cpe;
        if (cpe) cpes.add(cpe);
        addAffectedOnly(productId, products, relationships, affectedByKey);
      }
      optionalArray(vulnerability.remediations, `${field}.remediations`).forEach((item, itemIndex) => {
        const remediation = readRemediation(item, `${field}.remediations[${itemIndex}]`, problems);
        if (remediation) advisory.remediations.push(remediation);
      });
    });
    advisory.affected = [...affectedByKey.values()];
    const configuration = cpeConfiguration([...cpes], problems);
    if (configuration) advisory.cpeConfigurations.push(configuration);
    return advisory;
  });
}

function productIds(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

function readProductTree(
  tree: JsonObject,
  products: Map<string, ProductInfo>,
  relationships: Map<string, Relationship>,
  problems: ProblemList,
): void {
  const visit = (branch: unknown, depth: number): void => {
    // CSAF allows arbitrarily deep branches; real documents use 3-4 levels. Bound the recursion.
    if (!isObject(branch) || depth > 32) return;
    if (isObject(branch.product)) addProduct(branch.product, products);
    for (const child of Array.isArray(branch.branches) ? branch.branches : []) visit(child, depth + 1);
  };
  for (const branch of Array.isArray(tree.branches) ? tree.branches : []) visit(branch, 0);
  for (const product of Array.isArray(tree.full_product_names) ? tree.full_product_names : []) {
    if (isObject(product)) addProduct(product, products);
  }
  optionalArray(tree.relationships, 'product_tree.relationships').forEach((item, index) => {
    if (
      !isObject(item) ||
      !isObject(item.full_product_name) ||
      typeof item.full_product_name.product_id !== 'string' ||
      typeof item.product_reference !== 'string' ||
      typeof item.relates_to_product_reference !== 'string'
    ) {
      problems.warn(`product_tree.relationships[${index}]`, 'incomplete relationship; dropped');
      return;
    }
    relationships.set(item.full_product_name.product_id, {
      component: item.product_reference,
      platform: item.relates_to_product_reference,
    });
  });
}

function addProduct(product: JsonObject, products: Map<string, ProductInfo>): void {
  if (typeof product.product_id !== 'string') return;
  const info: ProductInfo = { name: typeof product.name === 'string' ? product.name : product.product_id };
  const helper = product.product_identification_helper;
  if (isObject(helper)) {
    if (typeof helper.purl === 'string') info.purl = helper.purl;
    if (typeof helper.cpe === 'string') info.cpe = helper.cpe;
  }
  products.set(product.product_id, info);
}

interface PackageIdentity {
  ecosystem: string;
  name: string;
  purl: string;
  version?: string;
}

/** Package identity of a product id, directly (its own purl) or through a relationship. */
function identify(
  productId: string,
  products: Map<string, ProductInfo>,
  relationships: Map<string, Relationship>,
): PackageIdentity | undefined {
  const relationship = relationships.get(productId);
  const component = products.get(relationship?.component ?? productId);
  if (!component?.purl) return undefined;
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(component.purl);
  } catch {
    return undefined;
  }
  const platformCpe = relationship ? products.get(relationship.platform)?.cpe : undefined;
  let ecosystem: string | undefined;
  let version = purl.version ?? undefined;
  if (purl.type === 'rpm' && platformCpe?.startsWith('cpe:/') && /^cpe:\/[aoh]:redhat:/.test(platformCpe)) {
    ecosystem = `Red Hat:${platformCpe.replace(/^cpe:\/[aoh]:redhat:/, '')}`;
    // RPM versions in Red Hat purls omit the epoch; the product name carries it (`git-lfs-0:2.13…`).
    const epoch = purl.qualifiers?.epoch ?? /-(\d+):[^:]*$/.exec(component.name)?.[1];
    if (version !== undefined && epoch !== undefined) version = `${epoch}:${version}`;
  } else {
    ecosystem = PURL_ECOSYSTEMS.get(purl.type);
  }
  if (!ecosystem) return undefined;
  const name = purl.type === 'maven' && purl.namespace ? `${purl.namespace}:${purl.name}` : purl.name;
  const bare = new PackageURL(
    purl.type,
    purl.namespace,
    purl.name,
    undefined,
    undefined,
    undefined,
  ).toString();
  const identity: PackageIdentity = { ecosystem, name, purl: bare };
  if (version !== undefined) identity.version = version;
  return identity;
}

function affectedFor(identity: PackageIdentity, affectedByKey: Map<string, Affected>): Affected {
  const key = `${identity.ecosystem}\u0000${identity.name}`;
  let affected = affectedByKey.get(key);
  if (!affected) {
    affected = {
      package: {
        ecosystem: identity.ecosystem,
        name: identity.name,
        normalizedName: normalizePackageName(identity.ecosystem, identity.name),
        purl: identity.purl,
      },
      ranges: [],
      versions: [],
      severity: [],
    };
    affectedByKey.set(key, affected);
  }
  return affected;
}

function addFixed(
  productId: string,
  products: Map<string, ProductInfo>,
  relationships: Map<string, Relationship>,
  affectedByKey: Map<string, Affected>,
): void {
  const identity = identify(productId, products, relationships);
  if (!identity?.version) return;
  const affected = affectedFor(identity, affectedByKey);
  const fixed = identity.version;
  const already = affected.ranges.some((range) =>
    range.events.some((event) => 'fixed' in event && event.fixed === fixed),
  );
  if (!already) affected.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] });
}

function addAffectedOnly(
  productId: string,
  products: Map<string, ProductInfo>,
  relationships: Map<string, Relationship>,
  affectedByKey: Map<string, Affected>,
): void {
  const identity = identify(productId, products, relationships);
  if (!identity?.version) return;
  const affected = affectedFor(identity, affectedByKey);
  if (!affected.versions.includes(identity.version)) affected.versions.push(identity.version);
}

function readScores(vulnerabilities: JsonObject[]): SeverityVector[] {
  const seen = new Map<string, SeverityVector>();
  for (const vulnerability of vulnerabilities) {
    for (const score of Array.isArray(vulnerability.scores) ? vulnerability.scores : []) {
      if (!isObject(score)) continue;
      for (const [key, type] of [
        ['cvss_v3', 'CVSS_V3'],
        ['cvss_v2', 'CVSS_V2'],
      ] as const) {
        const data = score[key];
        if (!isObject(data) || typeof data.vectorString !== 'string' || seen.has(data.vectorString)) continue;
        const vector: SeverityVector = { type, score: data.vectorString };
        if (typeof data.baseScore === 'number') vector.publishedBaseScore = data.baseScore;
        seen.set(data.vectorString, vector);
      }
    }
  }
  return [...seen.values()];
}

function readReferences(document: JsonObject, vulnerabilities: JsonObject[]): Reference[] {
  const byUrl = new Map<string, Reference>();
  const add = (list: unknown, type: string): void => {
    for (const item of Array.isArray(list) ? list : []) {
      if (isObject(item) && typeof item.url === 'string' && !byUrl.has(item.url)) {
        byUrl.set(item.url, { type: item.category === 'self' ? 'ADVISORY' : type, url: item.url });
      }
    }
  };
  add(document.references, 'WEB');
  for (const vulnerability of vulnerabilities) add(vulnerability.references, 'WEB');
  return [...byUrl.values()];
}

function readNotes(notes: unknown): string | undefined {
  if (!Array.isArray(notes)) return undefined;
  const general = notes.find((note) => isObject(note) && note.category === 'general');
  const summary = notes.find((note) => isObject(note) && note.category === 'summary');
  const chosen = general ?? summary;
  return isObject(chosen) && typeof chosen.text === 'string' ? chosen.text : englishText([]);
}

function readRemediation(value: unknown, field: string, problems: ProblemList): Remediation | undefined {
  if (!isObject(value) || typeof value.category !== 'string' || !REMEDIATION_CATEGORIES.has(value.category)) {
    problems.warn(`${field}.category`, 'expected a CSAF remediation category; dropped');
    return undefined;
  }
  const details = typeof value.details === 'string' ? value.details : '';
  const remediation: Remediation = {
    category: value.category as Remediation['category'],
    details,
    productIds: productIds(value.product_ids),
    kbArticles: [],
  };
  if (typeof value.url === 'string') remediation.url = value.url;
  remediation.kbArticles = extractKbArticles(`${details} ${remediation.url ?? ''}`);
  // Microsoft's CSAF puts the bare KB number in `details` ("5034763").
  if (/^\d{6,8}$/.test(details.trim()) && !remediation.kbArticles.includes(details.trim())) {
    remediation.kbArticles.push(details.trim());
  }
  return remediation;
}

/** KB article numbers named in free text ("KB4012212" → '4012212'), deduplicated, in order. */
export function extractKbArticles(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(KB_PATTERN)) {
    const digits = match[1];
    if (digits !== undefined && !out.includes(digits)) out.push(digits);
  }
  return out;
}

/** `cpe:/a:vendor:product:version:update:edition:lang` (CPE 2.2 URI) → CPE 2.3 formatted string. */
export function cpeUriToFormatted(uri: string): string | undefined {
  if (uri.startsWith('cpe:2.3:')) return uri;
  if (!uri.startsWith('cpe:/')) return undefined;
  const parts = uri.slice(5).split(':');
  if (parts.length < 2 || parts.length > 7) return undefined;
  const fields = Array.from({ length: 11 }, (_, index) => {
    const raw = parts[index];
    if (raw === undefined || raw === '') return '*';
    return decodeURIComponent(raw).replace(/[^A-Za-z0-9_\-.*?]/g, (char) => `\\${char}`);
  });
  return `cpe:2.3:${fields.join(':')}`;
}

function cpeConfiguration(cpes: string[], problems: ProblemList): CpeConfiguration | undefined {
  const criteria: string[] = [];
  for (const cpe of cpes) {
    let formatted: string | undefined;
    try {
      formatted = cpeUriToFormatted(cpe);
    } catch {
      formatted = undefined;
    }
    if (formatted) criteria.push(formatted);
    else problems.warn('product_tree', `unreadable CPE '${cpe}'; dropped`);
  }
  if (criteria.length === 0) return undefined;
  return {
    operator: 'OR',
    negate: false,
    nodes: [
      { operator: 'OR', negate: false, cpeMatch: criteria.map((c) => ({ vulnerable: true, criteria: c })) },
    ],
    origin: 'csaf',
  };
}
