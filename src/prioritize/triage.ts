/**
 * Triage state as plain data: statements (from people, or imported VEX) about a vulnerability in
 * a product, and the pure functions that apply them to findings. The store persists statements
 * and records; nothing here does IO.
 */
import type { Finding } from '../matching/types.js';

export type TriageStatus =
  | 'open'
  | 'in-progress'
  | 'fixed'
  | 'risk-accepted'
  | 'false-positive'
  | 'not-affected';

export const TRIAGE_STATUSES: readonly TriageStatus[] = [
  'open',
  'in-progress',
  'fixed',
  'risk-accepted',
  'false-positive',
  'not-affected',
];

/**
 * Why a product is not affected: the OpenVEX / CSAF vocabulary (identical in both), which is also
 * what CISA's "Minimum Requirements for VEX" lists. CycloneDX's finer-grained values are mapped
 * onto it on import and kept verbatim in `detail`-adjacent `sourceJustification`.
 */
export type VexJustification =
  | 'component_not_present'
  | 'vulnerable_code_not_present'
  | 'vulnerable_code_not_in_execute_path'
  | 'vulnerable_code_cannot_be_controlled_by_adversary'
  | 'inline_mitigations_already_exist';

export const VEX_JUSTIFICATIONS: readonly VexJustification[] = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
];

export interface TriageStatement {
  /** CVE, GHSA or other id; matched against a finding's id and aliases. */
  vulnerabilityId: string;
  /**
   * What the statement is about: a purl (versioned = that version only; unversioned = every
   * version), a CycloneDX bom-ref / bom-link, or undefined = every component.
   */
  products: string[];
  status: TriageStatus;
  justification?: VexJustification;
  /** The format's own justification word when it differs (CycloneDX `code_not_reachable`…). */
  sourceJustification?: string;
  /** Impact statement / analysis detail / reason, shown with the finding. */
  detail?: string;
  /** What is being done (OpenVEX action_statement, CycloneDX response). */
  action?: string;
  /** Risk acceptance: who approved it and until when (RFC 3339). */
  approver?: string;
  expires?: string;
  author?: string;
  /** RFC 3339; the newest statement wins when several apply. */
  timestamp: string;
  /** Where it came from: 'manual', or the VEX file path. */
  source: string;
  /** Statements bounded to versions the importer could not evaluate (CycloneDX `affects[].versions[].range`). */
  versionRange?: string;
}

export interface TriageResult {
  /** Effective status after expiry (an expired acceptance is open again). */
  status: TriageStatus;
  /** true = hide from the open list and from gates (not affected, false positive, fixed, accepted). */
  suppressed: boolean;
  statement?: TriageStatement;
  /** Human-readable: the status and why. */
  reason: string;
  /** Set when a risk acceptance has lapsed. */
  expiredAcceptance?: TriageStatement;
}

const SUPPRESSING: ReadonlySet<TriageStatus> = new Set([
  'fixed',
  'risk-accepted',
  'false-positive',
  'not-affected',
]);

/** purl without qualifiers and subpath, lowercase type/namespace; `@version` kept if present. */
export function purlKey(purl: string): string {
  const hash = purl.indexOf('#');
  const query = purl.indexOf('?');
  const cut = [hash, query].filter((index) => index >= 0);
  const base = cut.length > 0 ? purl.slice(0, Math.min(...cut)) : purl;
  return decodeURIComponent(base);
}

function withoutVersion(purl: string): string {
  const at = purl.lastIndexOf('@');
  const slash = purl.lastIndexOf('/');
  return at > slash ? purl.slice(0, at) : purl;
}

/** The ref a bom-link (`urn:cdx:serial/version#ref`) points at. */
function bomLinkRef(product: string): string | undefined {
  if (!product.startsWith('urn:cdx:')) return undefined;
  const hash = product.indexOf('#');
  return hash >= 0 ? decodeURIComponent(product.slice(hash + 1)) : undefined;
}

export interface ApplyTriageOptions {
  /**
   * Refs that stand for the scanned product as a whole (an SBOM's metadata.component bom-ref, its
   * bom-link, the project name): statements about them apply to every finding.
   */
  productRefs?: readonly string[];
}

/** How specifically `product` names the finding's component: 3 exact version, 2 any version, 1 whole product, 0 no. */
export function productSpecificity(
  product: string,
  finding: Finding,
  options: ApplyTriageOptions = {},
): number {
  const target = bomLinkRef(product) ?? product;
  if (options.productRefs?.some((ref) => ref === product || ref === target)) return 1;
  const purl = finding.component.purl;
  if (!purl || !target.startsWith('pkg:')) return 0;
  const statementKey = purlKey(target);
  const componentKey = purlKey(purl);
  if (statementKey === componentKey) return 3;
  if (withoutVersion(statementKey) === statementKey && withoutVersion(componentKey) === statementKey)
    return 2;
  return 0;
}

function appliesTo(
  statement: TriageStatement,
  finding: Finding,
  ids: ReadonlySet<string>,
  options: ApplyTriageOptions,
): number {
  if (!ids.has(statement.vulnerabilityId.toUpperCase())) return 0;
  if (statement.versionRange !== undefined) return 0; // never guessed: see TriageStatement.versionRange
  if (statement.products.length === 0) return 1;
  return Math.max(0, ...statement.products.map((product) => productSpecificity(product, finding, options)));
}

const statementIndexes = new WeakMap<readonly TriageStatement[], Map<string, number[]>>();

/** Positions of the statements by upper-case vulnerability id, built once per statements array. */
function statementIndex(statements: readonly TriageStatement[]): Map<string, number[]> {
  let index = statementIndexes.get(statements);
  if (!index) {
    index = new Map();
    statements.forEach((statement, position) => {
      const id = statement.vulnerabilityId.toUpperCase();
      const list = index?.get(id) ?? [];
      list.push(position);
      index?.set(id, list);
    });
    statementIndexes.set(statements, index);
  }
  return index;
}

/**
 * The triage outcome of one finding: the most specific applicable statement wins, then the newest,
 * then the later one in input order. A risk acceptance past `expires` re-opens the finding.
 */
export function triageFinding(
  finding: Finding,
  statements: readonly TriageStatement[],
  now: Date,
  options: ApplyTriageOptions = {},
): TriageResult {
  let best: { statement: TriageStatement; specificity: number; index: number } | undefined;
  const ids = new Set([finding.vulnerabilityId, ...finding.aliases].map((id) => id.toUpperCase()));
  const byId = statementIndex(statements);
  const candidates = [...ids].flatMap((id) => byId.get(id) ?? []).sort((a, b) => a - b);
  candidates.forEach((index) => {
    const statement = statements[index] as TriageStatement;
    const specificity = appliesTo(statement, finding, ids, options);
    if (specificity === 0) return;
    if (
      !best ||
      specificity > best.specificity ||
      (specificity === best.specificity && statement.timestamp >= best.statement.timestamp)
    ) {
      best = { statement, specificity, index };
    }
  });
  if (!best) return { status: 'open', suppressed: false, reason: 'Triage: open (no statement)' };
  const { statement } = best;
  if (
    statement.status === 'risk-accepted' &&
    statement.expires !== undefined &&
    Date.parse(statement.expires) <= now.getTime()
  ) {
    return {
      status: 'open',
      suppressed: false,
      expiredAcceptance: statement,
      reason: `Triage: open again — risk acceptance by ${statement.approver ?? 'unknown approver'} expired ${statement.expires}`,
    };
  }
  return {
    status: statement.status,
    suppressed: SUPPRESSING.has(statement.status),
    statement,
    reason: describeStatement(statement),
  };
}

export function describeStatement(statement: TriageStatement): string {
  const parts = [`Triage: ${statement.status}`];
  if (statement.justification) parts.push(`justification ${statement.justification}`);
  if (statement.sourceJustification && statement.sourceJustification !== statement.justification) {
    parts.push(`(${statement.sourceJustification})`);
  }
  if (statement.status === 'risk-accepted') {
    parts.push(
      `approved by ${statement.approver ?? 'unknown'}${statement.expires ? ` until ${statement.expires}` : ''}`,
    );
  }
  if (statement.detail) parts.push(`— ${statement.detail}`);
  parts.push(`[${statement.source}, ${statement.timestamp}]`);
  return parts.join(' ');
}

/** Applies statements to every finding; returns the findings with their triage outcome. */
export function applyTriage<F extends Finding>(
  findings: readonly F[],
  statements: readonly TriageStatement[],
  now: Date,
  options: ApplyTriageOptions = {},
): (F & { triage: TriageResult })[] {
  return findings.map((finding) => ({
    ...finding,
    triage: triageFinding(finding, statements, now, options),
  }));
}

/**
 * Stable identity of a finding across scans: vulnerability × package (purl without version, or
 * ecosystem/name) × asset. The version is left out on purpose: upgrading to a version that is
 * still affected keeps the finding (and its first-seen date and SLA clock); only a scan that no
 * longer finds the vulnerability on that package marks it fixed.
 */
export function findingKey(finding: Finding): string {
  const component = finding.component.purl
    ? withoutVersion(purlKey(finding.component.purl))
    : `${finding.component.ecosystem}/${finding.component.name}`;
  return `${finding.vulnerabilityId}|${component}|${finding.component.asset?.id ?? ''}`;
}

/** What the store keeps per finding between scans. */
export interface FindingRecord {
  key: string;
  vulnerabilityId: string;
  firstSeen: string;
  lastSeen: string;
  /** Set when a later scan no longer found it: fixed, verified by that scan. */
  fixedAt?: string;
  /** Set when it came back after being fixed. */
  reopenedAt?: string;
}

/**
 * Reconciles the records of one scan target with a new scan: new findings get `firstSeen`, seen
 * ones get `lastSeen`, missing ones are marked fixed (verified by this scan), and ones that return
 * after a fix are re-opened. Pure: returns the new records.
 */
export function reconcileScan(
  previous: readonly FindingRecord[],
  findings: readonly Finding[],
  scannedAt: string,
): FindingRecord[] {
  const byKey = new Map(previous.map((record) => [record.key, record]));
  const present = new Set<string>();
  const next: FindingRecord[] = [];
  for (const finding of findings) {
    const key = findingKey(finding);
    if (present.has(key)) continue;
    present.add(key);
    const old = byKey.get(key);
    if (!old) {
      next.push({ key, vulnerabilityId: finding.vulnerabilityId, firstSeen: scannedAt, lastSeen: scannedAt });
    } else if (old.fixedAt !== undefined) {
      const { fixedAt: _fixed, ...rest } = old;
      next.push({ ...rest, lastSeen: scannedAt, reopenedAt: scannedAt });
    } else {
      next.push({ ...old, lastSeen: scannedAt });
    }
  }
  for (const record of previous) {
    if (present.has(record.key)) continue;
    next.push(record.fixedAt !== undefined ? record : { ...record, fixedAt: scannedAt });
  }
  return next;
}
