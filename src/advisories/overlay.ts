/**
 * Ward's maintained overlay: CPE applicability that NVD's configurations miss, kept as reviewed
 * data (data/overlay/*.yaml) with a source URL and rationale for every rule.
 *
 * Why: NVD often names the *component* that holds the bug (Index Server 2.0, SMBv1) while a
 * scanner reports the *product* a host runs (IIS 5.0, Windows 7 SP1). Each rule maps a vendor
 * bulletin to its CVEs and lists the products (as CPE match criteria) that ship the component;
 * applying a rule appends one CpeConfiguration with origin `overlay:<rule id>`, so a finding can
 * say which rule made it match. NVD's own configurations are never changed or removed.
 */
import { createHash } from 'node:crypto';
import { WardError } from '../core/errors.js';
import { yaml } from '../core/yaml.js';
import { describeType, isObject } from './record-reader.js';
import type { Advisory, CpeConfiguration, CpeMatch } from './types.js';

export interface OverlayProduct {
  /** CPE 2.3 match criteria as a scanner would report the product. */
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
  /** Components this product ships that carry the vulnerable code (documentation, shown in findings). */
  ships?: string[];
}

export interface OverlayRule {
  /** Stable kebab-case id, e.g. `ms01-033-iis`; the configuration origin is `overlay:<id>`. */
  id: string;
  title: string;
  /** Vendor bulletin id, e.g. `MS01-033`, when there is one. */
  bulletin?: string;
  cves: string[];
  products: OverlayProduct[];
  /** Platforms the products must run on (an AND with non-vulnerable platform CPEs), if any. */
  runningOn: string[];
  rationale: string;
  sources: string[];
  /** File the rule was read from. */
  file: string;
}

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const CPE23 = /^cpe:2\.3:[aho*-](?::[^:\s]*){10}$/;
const BOUNDS = [
  'versionStartIncluding',
  'versionStartExcluding',
  'versionEndIncluding',
  'versionEndExcluding',
] as const;

/** Parses and validates one overlay YAML file (`rules: [...]`); throws WardError naming the field. */
export function parseOverlay(text: string, file: string): OverlayRule[] {
  let document: unknown;
  try {
    document = yaml().parse(text, { schema: 'core', maxAliasCount: 0 });
  } catch (error) {
    throw new WardError('input.invalid', `invalid YAML: ${(error as Error).message.split('\n')[0]}`, {
      file,
      cause: error,
    });
  }
  if (!isObject(document) || !Array.isArray(document.rules)) {
    throw new WardError('input.invalid', `expected a 'rules' list, got ${describeType(document)}`, {
      file,
      field: 'rules',
    });
  }
  return document.rules.map((rule, index) => readRule(rule, file, `rules[${index}]`));
}

function fail(file: string, field: string, message: string): never {
  throw new WardError('input.invalid', message, { file, field });
}

function text(value: unknown, file: string, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(file, field, `expected a non-empty string, got ${describeType(value)}`);
  return value.trim();
}

function textList(value: unknown, file: string, field: string, pattern?: RegExp): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(file, field, `expected a list, got ${describeType(value)}`);
  return value.map((item, index) => {
    const itemText = text(item, file, `${field}[${index}]`);
    if (pattern && !pattern.test(itemText))
      fail(file, `${field}[${index}]`, `'${itemText}' does not match ${pattern}`);
    return itemText;
  });
}

function readRule(value: unknown, file: string, field: string): OverlayRule {
  if (!isObject(value)) fail(file, field, `expected a mapping, got ${describeType(value)}`);
  const id = text(value.id, file, `${field}.id`);
  if (!RULE_ID.test(id)) fail(file, `${field}.id`, `expected a kebab-case id, got '${id}'`);
  const cves = textList(value.cves, file, `${field}.cves`, CVE_ID);
  if (cves.length === 0) fail(file, `${field}.cves`, 'a rule must name at least one CVE');
  const sources = textList(value.sources, file, `${field}.sources`, /^https?:\/\/\S+$/);
  if (sources.length === 0) fail(file, `${field}.sources`, 'a rule must cite at least one source URL');
  if (!Array.isArray(value.products) || value.products.length === 0) {
    fail(file, `${field}.products`, 'a rule must list at least one product');
  }
  const products = value.products.map((product, index) =>
    readProduct(product, file, `${field}.products[${index}]`),
  );
  const rule: OverlayRule = {
    id,
    title: text(value.title, file, `${field}.title`),
    cves,
    products,
    runningOn: textList(value.runningOn, file, `${field}.runningOn`, CPE23),
    rationale: text(value.rationale, file, `${field}.rationale`),
    sources,
    file,
  };
  if (value.bulletin !== undefined) rule.bulletin = text(value.bulletin, file, `${field}.bulletin`);
  return rule;
}

function readProduct(value: unknown, file: string, field: string): OverlayProduct {
  if (!isObject(value)) fail(file, field, `expected a mapping, got ${describeType(value)}`);
  const criteria = text(value.criteria, file, `${field}.criteria`);
  if (!CPE23.test(criteria))
    fail(file, `${field}.criteria`, `expected a CPE 2.3 formatted string, got '${criteria}'`);
  const product: OverlayProduct = { criteria };
  for (const bound of BOUNDS) {
    if (value[bound] !== undefined) product[bound] = text(value[bound], file, `${field}.${bound}`);
  }
  const ships = textList(value.ships, file, `${field}.ships`);
  if (ships.length > 0) product.ships = ships;
  return product;
}

/** The configuration a rule contributes (origin `overlay:<id>`). */
export function overlayConfiguration(rule: OverlayRule): CpeConfiguration {
  const vulnerable: CpeMatch[] = rule.products.map((product) => {
    const match: CpeMatch = { vulnerable: true, criteria: product.criteria };
    for (const bound of BOUNDS) if (product[bound] !== undefined) match[bound] = product[bound];
    return match;
  });
  const nodes: CpeConfiguration['nodes'] = [{ operator: 'OR', negate: false, cpeMatch: vulnerable }];
  if (rule.runningOn.length > 0) {
    nodes.push({
      operator: 'OR',
      negate: false,
      cpeMatch: rule.runningOn.map((criteria) => ({ vulnerable: false, criteria })),
    });
  }
  return {
    operator: rule.runningOn.length > 0 ? 'AND' : 'OR',
    negate: false,
    nodes,
    origin: `overlay:${rule.id}`,
  };
}

/** Every CVE some rule names, per rule list: most advisories of an import concern no rule. */
const cvesOfRules = new WeakMap<readonly OverlayRule[], ReadonlySet<string>>();

/** Rules that concern an advisory (by its id or any alias). */
export function overlayRulesFor(
  advisory: Pick<Advisory, 'id' | 'aliases'>,
  rules: readonly OverlayRule[],
): OverlayRule[] {
  let named = cvesOfRules.get(rules);
  if (named === undefined) {
    named = new Set(rules.flatMap((rule) => rule.cves));
    cvesOfRules.set(rules, named);
  }
  if (!named.has(advisory.id) && !advisory.aliases.some((alias) => named.has(alias))) return [];
  const ids = new Set([advisory.id, ...advisory.aliases]);
  return rules.filter((rule) => rule.cves.some((cve) => ids.has(cve)));
}

/**
 * A reader's advisory with the overlay applied, and the text of the OSV record it was read from
 * while the overlay left it as read: the store keeps that text as is, and an advisory the overlay
 * changed is stored normalised (see store/prepared-advisory.ts). Both ways of reading an import
 * (its own thread, reader threads) go through here, so they store the same rows.
 */
export function overlaidAdvisory(
  item: { advisory: Advisory; osvRecord?: string },
  rules: readonly OverlayRule[],
): { advisory: Advisory; osvRecord: string | undefined } {
  const advisory = rules.length > 0 ? applyOverlay(item.advisory, rules) : item.advisory;
  return { advisory, osvRecord: advisory === item.advisory ? item.osvRecord : undefined };
}

/**
 * Returns the advisory with every matching rule's configuration appended (a new object; the
 * input is not mutated). Applying twice adds nothing the second time.
 */
export function applyOverlay(advisory: Advisory, rules: readonly OverlayRule[]): Advisory {
  const concerned = overlayRulesFor(advisory, rules);
  if (concerned.length === 0) return advisory;
  const present = new Set(advisory.cpeConfigurations.map((configuration) => configuration.origin));
  const added = concerned.filter((rule) => !present.has(`overlay:${rule.id}`)).map(overlayConfiguration);
  if (added.length === 0) return advisory;
  return { ...advisory, cpeConfigurations: [...advisory.cpeConfigurations, ...added] };
}

/** Configuration origins written by the overlay start with this. */
export const OVERLAY_ORIGIN_PREFIX = 'overlay:';

/**
 * The advisory with every overlay configuration replaced by those of the current `rules`: what
 * a stored record needs when the rules changed since it was written (a rule edited, added or
 * removed). Returns the same object when nothing changes.
 */
export function reapplyOverlay(advisory: Advisory, rules: readonly OverlayRule[]): Advisory {
  const own = advisory.cpeConfigurations.filter(
    (configuration) => !configuration.origin.startsWith(OVERLAY_ORIGIN_PREFIX),
  );
  const next = applyOverlay({ ...advisory, cpeConfigurations: own }, rules);
  if (JSON.stringify(next.cpeConfigurations) === JSON.stringify(advisory.cpeConfigurations)) return advisory;
  return next;
}

/**
 * SHA-256 over what the rules put into advisories (ids, CVEs, products, platforms), in rule id
 * order: equal digests mean stored records already carry exactly these rules' configurations.
 * Titles, rationale and file names are left out, so editing prose does not trigger a rewrite.
 */
export function overlayDigest(rules: readonly OverlayRule[]): string {
  const canonical = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((rule) => [rule.id, rule.cves, overlayConfiguration(rule)]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** CVEs a vendor bulletin covers, according to the overlay (e.g. `MS17-010` → CVE-2017-0143…). */
export function cvesForBulletin(bulletin: string, rules: readonly OverlayRule[]): string[] {
  const wanted = bulletin.toUpperCase();
  return [
    ...new Set(rules.filter((rule) => rule.bulletin?.toUpperCase() === wanted).flatMap((rule) => rule.cves)),
  ];
}

/** The rule behind a configuration origin such as `overlay:ms01-033-iis`, for explanations. */
export function overlayRuleForOrigin(origin: string, rules: readonly OverlayRule[]): OverlayRule | undefined {
  if (!origin.startsWith('overlay:')) return undefined;
  const id = origin.slice('overlay:'.length);
  return rules.find((rule) => rule.id === id);
}
