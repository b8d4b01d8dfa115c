/**
 * The matching engine: components in, findings out.
 *
 * Components are grouped by (base ecosystem, normalised name) and each distinct package is looked
 * up once in the advisory index (batched). Every affected entry is evaluated with the ecosystem's
 * own version scheme; advisories that describe the same vulnerability under different ids (GHSA,
 * PYSEC, CVE, …) are merged through their aliases so a component gets one finding per
 * vulnerability. Each component also gets the smallest upgrade that fixes all of its findings.
 */
import type { Advisory, Affected, EpssScore, KevEntry } from '../advisories/types.js';
import { baseEcosystem, ecosystemRelease } from '../core/ecosystem.js';
import { normalizePackageName } from '../core/package-name.js';
import type { Component } from '../inventory/types.js';
import { getVersionScheme } from '../versions/index.js';
import { matchCpeComponents } from './cpe-match.js';
import { applyKbRemediations } from './kb-match.js';
import { BoundaryTable, evaluateAffected } from './osv-range.js';
import type { AdvisoryIndex, Finding, MatchEvidence, PackageKey } from './types.js';
import { packageKeyString } from './types.js';
import { versionOrderFor } from './version-order.js';

/** A (component, advisory) pair that could not be decided (GIT-only ranges, unparsable version). */
export interface UndeterminedMatch {
  component: Component;
  advisoryId: string;
  aliases: string[];
  reason: string;
}

export interface MatchStats {
  components: number;
  distinctPackages: number;
  advisoriesConsidered: number;
  findings: number;
  undetermined: number;
  /** Components skipped because Ward has no version scheme for their ecosystem, by ecosystem. */
  unsupportedEcosystems: Record<string, number>;
}

export interface MatchResult {
  findings: Finding[];
  undetermined: UndeterminedMatch[];
  stats: MatchStats;
}

/** Distros whose advisories name the *source* package (dpkg `Source:`, apk origin). */
const SOURCE_NAMED_DISTROS = new Set(['Debian', 'Ubuntu', 'Alpine', 'Wolfi', 'Chainguard']);

interface Candidate {
  advisory: Advisory;
  affected: Affected;
  /** Version evaluated (source version for source-named distro advisories). */
  version: string;
  /** Event versions of every entry naming the package, for placing a version by binary search. */
  table: BoundaryTable;
}

interface PackageEntries {
  entries: Array<Pick<Candidate, 'advisory' | 'affected'>>;
  table: BoundaryTable;
}

/** One package a component is looked up as, and the version to evaluate for it. */
interface Lookup {
  version: string;
  known: PackageEntries;
}

function lookupKeys(component: Component): Array<{ key: PackageKey; version: string }> {
  const ecosystem = baseEcosystem(component.ecosystem);
  const keys = [
    {
      key: { ecosystem, normalizedName: normalizePackageName(ecosystem, component.name) },
      version: component.version,
    },
  ];
  if (
    component.sourceName &&
    component.sourceName !== component.name &&
    SOURCE_NAMED_DISTROS.has(ecosystem)
  ) {
    keys.push({
      key: { ecosystem, normalizedName: normalizePackageName(ecosystem, component.sourceName) },
      version: component.sourceVersion ?? component.version,
    });
  }
  return keys;
}

/**
 * A distro advisory for `Debian:11` must not match a package from Debian 12. An advisory without
 * a release matches every release; a component without a known release matches every advisory.
 */
function releaseMatches(componentEcosystem: string, advisoryEcosystem: string): boolean {
  const advisoryRelease = ecosystemRelease(advisoryEcosystem);
  const componentRelease = ecosystemRelease(componentEcosystem);
  if (advisoryRelease === undefined || componentRelease === undefined) return true;
  return advisoryRelease === componentRelease || advisoryRelease.startsWith(`${componentRelease}:`);
}

export async function matchComponents(
  components: readonly Component[],
  index: AdvisoryIndex,
): Promise<MatchResult> {
  const unsupportedEcosystems: Record<string, number> = {};
  const keyed = new Map<string, PackageKey>();
  const packageComponents: Component[] = [];
  const cpeComponents: Component[] = [];
  for (const component of components) {
    if (component.ecosystem === 'CPE' || (component.cpe && !getVersionScheme(component.ecosystem))) {
      if (component.cpe) cpeComponents.push(component);
      continue;
    }
    if (!getVersionScheme(component.ecosystem)) {
      const base = baseEcosystem(component.ecosystem);
      unsupportedEcosystems[base] = (unsupportedEcosystems[base] ?? 0) + 1;
      continue;
    }
    packageComponents.push(component);
    for (const { key } of lookupKeys(component)) keyed.set(packageKeyString(key), key);
  }

  const byPackage = await index.advisoriesForPackages([...keyed.values()]);
  const considered = new Set<string>();
  const findings: Finding[] = [];
  const undetermined: UndeterminedMatch[] = [];

  // Identical (package, version) pairs recur (monorepos, the same crate in many lockfiles): decide
  // each once and give every copy its own component.
  const decided = new Map<string, ReturnType<typeof findingsForComponent>>();
  const packageEntries = new Map<string, PackageEntries>();
  for (const component of packageComponents) {
    const identity = `${component.ecosystem}\u0000${component.name}\u0000${component.version}\u0000${component.sourceName ?? ''}\u0000${component.sourceVersion ?? ''}`;
    const previous = decided.get(identity);
    if (previous) {
      for (const finding of previous.findings) findings.push({ ...finding, component });
      for (const entry of previous.undetermined) undetermined.push({ ...entry, component });
      continue;
    }
    const lookups: Lookup[] = [];
    for (const { key, version } of lookupKeys(component)) {
      // The affected entries naming a package, found once per (package, component release).
      const entriesKey = `${packageKeyString(key)}\u0000${component.ecosystem}`;
      let known = packageEntries.get(entriesKey);
      if (!known) {
        const entries: PackageEntries['entries'] = [];
        for (const advisory of byPackage.get(packageKeyString(key)) ?? []) {
          considered.add(advisory.id);
          for (const affected of advisory.affected) {
            if (affected.package.normalizedName !== key.normalizedName) continue;
            if (baseEcosystem(affected.package.ecosystem) !== key.ecosystem) continue;
            if (!releaseMatches(component.ecosystem, affected.package.ecosystem)) continue;
            entries.push({ advisory, affected });
          }
        }
        known = { entries, table: new BoundaryTable(entries.map((entry) => entry.affected)) };
        packageEntries.set(entriesKey, known);
      }
      lookups.push({ version, known });
    }
    const result = findingsForComponent(component, lookups);
    decided.set(identity, result);
    findings.push(...result.findings);
    undetermined.push(...result.undetermined);
  }

  const cpeResult = await matchCpeComponents(cpeComponents, index);
  findings.push(...(await applyKbRemediations(cpeResult.findings, index)));
  for (const id of cpeResult.advisoriesConsidered) considered.add(id);

  await enrich(findings, index);
  findings.sort(compareFindings);
  return {
    findings,
    undetermined,
    stats: {
      components: components.length,
      distinctPackages: keyed.size + new Set(cpeComponents.map((component) => component.cpe)).size,
      advisoriesConsidered: considered.size,
      findings: findings.length,
      undetermined: undetermined.length,
      unsupportedEcosystems,
    },
  };
}

interface Group {
  ids: Set<string>;
  advisories: Advisory[];
  evidence: MatchEvidence[];
  fixed: Set<string>;
  candidates: Candidate[];
}

function findingsForComponent(
  component: Component,
  lookups: readonly Lookup[],
): { findings: Finding[]; undetermined: UndeterminedMatch[] } {
  const groups: Group[] = [];
  const undetermined = new Map<string, UndeterminedMatch>();
  const affectedAdvisories = new Set<string>();

  // Candidate objects and evaluations only for entries that are not plainly 'not-affected'.
  const candidates: Candidate[] = [];
  for (const { version, known } of lookups) {
    for (const entry of known.entries) {
      if (known.table.status(entry.affected, version) === 'not-affected') continue;
      candidates.push({ advisory: entry.advisory, affected: entry.affected, version, table: known.table });
    }
  }
  for (const candidate of candidates) {
    const evaluation = evaluateAffected(candidate.affected, candidate.version, candidate.table);
    const { advisory } = candidate;
    if (evaluation.status === 'unknown') {
      undetermined.set(advisory.id, {
        component,
        advisoryId: advisory.id,
        aliases: advisory.aliases,
        reason: evaluation.detail,
      });
      continue;
    }
    if (evaluation.status !== 'affected') continue;
    affectedAdvisories.add(advisory.id);
    const ids = [advisory.id, ...advisory.aliases];
    // Merge into every group sharing an id (aliases are transitive: GHSA ↔ CVE ↔ PYSEC).
    const matching = groups.filter((group) => ids.some((id) => group.ids.has(id)));
    let group: Group;
    if (matching.length === 0) {
      group = { ids: new Set(), advisories: [], evidence: [], fixed: new Set(), candidates: [] };
      groups.push(group);
    } else {
      group = matching[0]!;
      for (const other of matching.slice(1)) {
        for (const id of other.ids) group.ids.add(id);
        group.advisories.push(...other.advisories);
        group.evidence.push(...other.evidence);
        for (const fixed of other.fixed) group.fixed.add(fixed);
        group.candidates.push(...other.candidates);
        groups.splice(groups.indexOf(other), 1);
      }
    }
    for (const id of ids) group.ids.add(id);
    if (!group.advisories.includes(advisory)) group.advisories.push(advisory);
    group.evidence.push({
      rule: evaluation.rule,
      detail: evaluation.detail,
      advisoryId: advisory.id,
      confidence: 'affected',
    });
    for (const fixed of evaluation.fixedVersions) group.fixed.add(fixed);
    group.candidates.push(candidate);
  }
  // An advisory decided 'affected' by one entry is not also undetermined through another.
  for (const id of affectedAdvisories) undetermined.delete(id);

  const order = versionOrderFor('ECOSYSTEM', component.ecosystem);
  const findings = groups.map((group) => buildFinding(component, group, order));
  const recommended = recommendUpgrade(component, groups, order);
  for (const finding of findings) if (recommended) finding.recommendedVersion = recommended;
  return { findings, undetermined: [...undetermined.values()] };
}

function preferredId(ids: ReadonlySet<string>, advisories: readonly Advisory[]): string {
  const cves = [...ids].filter((id) => id.startsWith('CVE-')).sort();
  if (cves.length === 1) return cves[0]!;
  return advisories.map((advisory) => advisory.id).sort()[0] ?? [...ids].sort()[0]!;
}

type Order = ReturnType<typeof versionOrderFor>;

/** Fixed versions above the current one, ascending in the component's scheme. */
function sortedFixesAbove(component: Component, fixed: Iterable<string>, order: Order): string[] {
  if (!order) return [...fixed].sort();
  const current = order.parse(component.version);
  const parsed: Array<[string, unknown]> = [];
  for (const raw of fixed) {
    const value = order.parse(raw);
    if (value === undefined) continue;
    if (current !== undefined && order.compare(value, current) <= 0) continue;
    parsed.push([raw, value]);
  }
  parsed.sort((a, b) => order.compare(a[1], b[1]));
  return parsed.map(([raw]) => raw);
}

interface AdvisoryDigest {
  severity: Finding['severity'];
  summary: string | undefined;
  weaknesses: string[];
  references: string[];
}

/**
 * Severity, summary, CWEs and references of a group of advisories. Most groups are one advisory
 * met by many components, so a single advisory's digest is computed once (weakly cached).
 */
const singleDigests = new WeakMap<Advisory, AdvisoryDigest>();

function digestOf(advisories: readonly Advisory[]): AdvisoryDigest {
  const single = advisories.length === 1 ? advisories[0] : undefined;
  const cached = single && singleDigests.get(single);
  if (cached) return cached;
  const severity = advisories.flatMap((advisory) => [
    ...advisory.severity,
    ...advisory.affected.flatMap((affected) => affected.severity),
  ]);
  const digest: AdvisoryDigest = {
    severity: [...new Map(severity.map((vector) => [`${vector.type}|${vector.score}`, vector])).values()],
    summary:
      advisories.map((advisory) => advisory.summary).find((text) => text) ??
      advisories.map((advisory) => advisory.details?.split('\n')[0]).find((text) => text),
    weaknesses: [...new Set(advisories.flatMap((advisory) => advisory.weaknesses))].sort(),
    references: [
      ...new Set(advisories.flatMap((advisory) => advisory.references.map((reference) => reference.url))),
    ],
  };
  if (single) singleDigests.set(single, digest);
  return digest;
}

function buildFinding(component: Component, group: Group, order: Order): Finding {
  const vulnerabilityId = preferredId(group.ids, group.advisories);
  const primary =
    group.advisories.find((advisory) => advisory.id === vulnerabilityId) ?? group.advisories[0]!;
  const digest = digestOf(group.advisories);
  return {
    component,
    vulnerabilityId,
    aliases: [...group.ids].filter((id) => id !== vulnerabilityId).sort(),
    ...(digest.summary ? { summary: digest.summary } : {}),
    severity: [...digest.severity],
    fixedVersions: sortedFixesAbove(component, group.fixed, order),
    evidence: group.evidence,
    weaknesses: [...digest.weaknesses],
    ...(primary.published ? { published: primary.published } : {}),
    references: [...digest.references],
  };
}

/**
 * The smallest known version above the current one that none of the component's matched
 * advisories affects: each fixed version is a candidate, checked against every finding, so an
 * upgrade that fixes one CVE but is still inside another's range is never recommended.
 */
function recommendUpgrade(component: Component, groups: readonly Group[], order: Order): string | undefined {
  if (groups.length === 0) return undefined;
  const candidates = sortedFixesAbove(
    component,
    groups.flatMap((group) => [...group.fixed]),
    order,
  );
  const entries = groups.flatMap((group) => group.candidates);
  // The entry that rejected the last candidate usually rejects the next one too (a package with
  // hundreds of advisories is rejected by the same few), so it is tried first. Only the order of
  // checks changes, never the answer.
  for (const version of candidates) {
    const failing = entries.findIndex((entry) => entry.table.status(entry.affected, version) === 'affected');
    if (failing < 0) return version;
    if (failing > 0) entries.unshift(...entries.splice(failing, 1));
  }
  return undefined;
}

async function enrich(findings: Finding[], index: AdvisoryIndex): Promise<void> {
  // Copies of a decided (package, version) share their `aliases` array (and id), so the CVE ids
  // and the KEV/EPSS answer are worked out once per shared array, not once per component.
  interface CveEntry {
    vulnerabilityId: string;
    ids: string[];
    kev?: KevEntry;
    epss?: EpssScore;
  }
  const memo = new Map<readonly string[], CveEntry>();
  const entryOf = (finding: Finding): CveEntry => {
    const cached = memo.get(finding.aliases);
    if (cached && cached.vulnerabilityId === finding.vulnerabilityId) return cached;
    const ids = [finding.vulnerabilityId, ...finding.aliases].filter((id) => id.startsWith('CVE-'));
    const entry: CveEntry = { vulnerabilityId: finding.vulnerabilityId, ids };
    if (!cached) memo.set(finding.aliases, entry);
    return entry;
  };
  const cves = new Set<string>();
  for (const finding of findings) for (const id of entryOf(finding).ids) cves.add(id);
  if (cves.size === 0) return;
  const [kev, epss] = await Promise.all([index.kevEntries([...cves]), index.epssScores([...cves])]);
  const decided = new Set<object>();
  for (const finding of findings) {
    const entry = entryOf(finding);
    if (!decided.has(entry)) {
      decided.add(entry);
      const kevEntry = entry.ids.map((id) => kev.get(id)).find((found) => found);
      const scores = entry.ids.map((id) => epss.get(id)).filter((score) => score !== undefined);
      const best = scores.sort((x, y) => y.epss - x.epss)[0];
      if (kevEntry) entry.kev = kevEntry;
      if (best) entry.epss = best;
    }
    if (entry.kev) finding.kev = entry.kev;
    if (entry.epss) finding.epss = entry.epss;
  }
}

/**
 * `localeCompare` semantics (the default locale) through one collator, which V8 runs far faster
 * than `String.prototype.localeCompare`; equal strings (the common case: one lockfile) skip it.
 */
const collator = new Intl.Collator();

function compareText(a: string, b: string): number {
  return a === b ? 0 : collator.compare(a, b);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.component.location.file, b.component.location.file) ||
    (a.component.location.line ?? 0) - (b.component.location.line ?? 0) ||
    compareText(a.component.name, b.component.name) ||
    compareText(a.vulnerabilityId, b.vulnerabilityId)
  );
}
