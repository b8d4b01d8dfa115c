/**
 * The matching engine: components in, findings out.
 *
 * Components are grouped by (base ecosystem, normalised name) and each distinct package is looked
 * up once in the advisory index (batched). Every affected entry is evaluated with the ecosystem's
 * own version scheme; advisories that describe the same vulnerability under different ids (GHSA,
 * PYSEC, CVE, …) are merged through their aliases so a component gets one finding per
 * vulnerability. Each component also gets the smallest upgrade that fixes all of its findings.
 * Each distinct version is decided once (src/matching/package-match.ts, which shares the work
 * between versions of a package) and every component at that version gets its own findings.
 */
import type { EpssScore, KevEntry } from '../advisories/types.js';
import { baseEcosystem, ecosystemRelease } from '../core/ecosystem.js';
import { normalizePackageName } from '../core/package-name.js';
import type { Component } from '../inventory/types.js';
import { getVersionScheme } from '../versions/index.js';
import { matchCpeComponents } from './cpe-match.js';
import { applyKbRemediations } from './kb-match.js';
import {
  type DecidedFinding,
  PackageDecider,
  type PackageEntries,
  packageEntries,
  sortDecision,
  type VersionDecision,
  type VulnerabilityGroup,
} from './package-match.js';
import type { AdvisoryIndex, Finding, PackageKey } from './types.js';
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

function lookupKeys(component: Component): DistinctPackage['keys'] {
  const ecosystem = baseEcosystem(component.ecosystem);
  const keys: DistinctPackage['keys'] = [
    { ecosystem, normalizedName: normalizePackageName(ecosystem, component.name) },
  ];
  if (
    component.sourceName &&
    component.sourceName !== component.name &&
    SOURCE_NAMED_DISTROS.has(ecosystem)
  ) {
    keys.push({ ecosystem, normalizedName: normalizePackageName(ecosystem, component.sourceName) });
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
  const cpeComponents: Component[] = [];
  // Identical (package, version) pairs recur (monorepos, the same crate in many lockfiles): each
  // package is looked up once and each of its versions decided once; every copy gets its own
  // findings at the end.
  const inventory = new DistinctPackages();
  const packageComponents: Component[] = [];
  const slots: DistinctVersion[] = [];
  // The components at each distinct version, as a chain through packageComponents' indices
  // (slot.first, then nextAtVersion[i]; -1 ends it), for filling in findings version by version.
  const nextAtVersion = new Int32Array(components.length);
  const hasScheme = new Map<string, boolean>();
  let lastEcosystem: string | undefined;
  let supported = false;
  for (const component of components) {
    if (component.ecosystem !== lastEcosystem) {
      lastEcosystem = component.ecosystem;
      let known = hasScheme.get(lastEcosystem);
      if (known === undefined) {
        known = getVersionScheme(lastEcosystem) !== undefined;
        hasScheme.set(lastEcosystem, known);
      }
      supported = known;
    }
    if (component.ecosystem === 'CPE' || (component.cpe && !supported)) {
      if (component.cpe) cpeComponents.push(component);
      continue;
    }
    if (!supported) {
      const base = baseEcosystem(component.ecosystem);
      unsupportedEcosystems[base] = (unsupportedEcosystems[base] ?? 0) + 1;
      continue;
    }
    const slot = inventory.slotOf(component);
    const at = packageComponents.length;
    nextAtVersion[at] = -1;
    if (slot.last < 0) slot.first = at;
    else nextAtVersion[slot.last] = at;
    slot.last = at;
    packageComponents.push(component);
    slots.push(slot);
  }

  for (const pkg of inventory.packages()) for (const key of pkg.keys) keyed.set(packageKeyString(key), key);
  const byPackage = await index.advisoriesForPackages([...keyed.values()]);
  const considered = new Set<string>();

  // The affected entries naming a package, found once per (lookup key, component release) and
  // dropped once the last package using them is decided. Each package's decider (its tables,
  // outcomes and upgrade checks) likewise lives only while its versions are decided: held to the
  // end of the scan, that state was copied by every young-generation collection on the way.
  const entriesKeyOf = (pkg: DistinctPackage, key: PackageKey): string =>
    `${packageKeyString(key)}\u0000${pkg.component.ecosystem}`;
  const entriesUses = new Map<string, number>();
  for (const pkg of inventory.packages())
    for (const key of pkg.keys) {
      const entriesKey = entriesKeyOf(pkg, key);
      entriesUses.set(entriesKey, (entriesUses.get(entriesKey) ?? 0) + 1);
    }
  const packageEntriesByKey = new Map<string, PackageEntries>();
  const groups: VulnerabilityGroup[] = [];
  for (const pkg of inventory.packages()) {
    const { component } = pkg;
    const known = pkg.keys.map((key) => {
      const entriesKey = entriesKeyOf(pkg, key);
      let entriesOfKey = packageEntriesByKey.get(entriesKey);
      if (!entriesOfKey) {
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
        entriesOfKey = packageEntries(entries);
        packageEntriesByKey.set(entriesKey, entriesOfKey);
      }
      const uses = entriesUses.get(entriesKey)! - 1;
      entriesUses.set(entriesKey, uses);
      if (uses === 0) packageEntriesByKey.delete(entriesKey);
      return entriesOfKey;
    });
    const decider = new PackageDecider(versionOrderFor('ECOSYSTEM', component.ecosystem), known);
    for (const slot of pkg.slots) {
      const { version, sourceVersion } = slot.component;
      slot.decision = decider.decide(version, sourceVersion ?? version);
    }
    decider.rankGroups();
    for (const group of decider.groups()) groups.push(group);
    for (const slot of pkg.slots) sortDecision(slot.decision!);
  }

  const cpeResult = await matchCpeComponents(cpeComponents, index);
  const cpeFindings = await applyKbRemediations(cpeResult.findings, index);
  for (const id of cpeResult.advisoriesConsidered) considered.add(id);

  await enrich(groups, cpeFindings, index);

  // Each component's findings go at its offset in report order, into an array sized once (a scan
  // can make hundreds of thousands, and a growing array is copied as it grows). They are made
  // version by version: a decision is then read once for all its components, not once per
  // component from wherever it lies in memory (measured: the fill was a fifth of a large scan).
  const offsets = new Int32Array(packageComponents.length);
  let total = 0;
  for (let i = 0; i < packageComponents.length; i++) {
    offsets[i] = total;
    total += slots[i]!.decision!.findings.length;
  }
  const findings: Finding[] = new Array(total + cpeFindings.length);
  let anyUndetermined = false;
  for (const pkg of inventory.packages()) {
    for (const slot of pkg.slots) {
      const decision = slot.decision!;
      if (decision.undetermined.length > 0) anyUndetermined = true;
      const decided = decision.findings;
      if (decided.length === 0) continue;
      for (let i = slot.first; i >= 0; i = nextAtVersion[i]!) {
        const component = packageComponents[i]!;
        let at = offsets[i]!;
        for (let k = 0; k < decided.length; k++) findings[at++] = findingOf(component, decided[k]!);
      }
    }
  }
  let filled = total;
  const undetermined: UndeterminedMatch[] = [];
  if (anyUndetermined) {
    for (let i = 0; i < packageComponents.length; i++) {
      const component = packageComponents[i]!;
      for (const entry of slots[i]!.decision!.undetermined) undetermined.push({ component, ...entry });
    }
  }
  cpeFindings.sort(compareFindings);
  for (const finding of cpeFindings) findings[filled++] = finding;
  // Each component's findings are already in vulnerability order (decisions by rank, CPE ones
  // just sorted) and components mostly arrive in file order: most scans need no sort at all.
  // (The same component object twice in a row would put its findings out of order unnoticed.)
  let repeated = false;
  for (let i = 1; i < packageComponents.length && !repeated; i++)
    repeated = packageComponents[i] === packageComponents[i - 1];
  if (repeated || !inReportOrder(findings)) findings.sort(compareFindings);
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

/** One distinct (ecosystem, name, source name) of the inventory, and its versions. */
interface DistinctPackage {
  /** The first component met with it. */
  component: Component;
  /**
   * Packages to look it up as: itself, then, for distros whose advisories name source packages,
   * its source package (evaluated at the source version).
   */
  keys: PackageKey[];
  versions: Map<string, DistinctVersion>;
  /** The same, in a list (iterating a Map allocates a result per step). */
  slots: DistinctVersion[];
}

/** One distinct (version, source version) of a package. */
interface DistinctVersion {
  /** The first component met with it. */
  component: Component;
  pkg: DistinctPackage;
  decision: VersionDecision | undefined;
  /** First and last index of its components among the matched ones (-1: none yet). */
  first: number;
  last: number;
}

/**
 * Packages and versions in nested maps keyed by the component's own strings: a concatenated key
 * would be built and hashed for every component.
 */
class DistinctPackages {
  readonly #byEcosystem = new Map<string, Map<string, DistinctPackage>>();
  readonly #packages: DistinctPackage[] = [];
  #lastEcosystem: string | undefined;
  #lastByName: Map<string, DistinctPackage> | undefined;

  packages(): readonly DistinctPackage[] {
    return this.#packages;
  }

  slotOf(component: Component): DistinctVersion {
    // Inventories list one ecosystem after another: the last one's map is usually the one.
    let byName =
      component.ecosystem === this.#lastEcosystem
        ? this.#lastByName
        : this.#byEcosystem.get(component.ecosystem);
    if (!byName) {
      byName = new Map();
      this.#byEcosystem.set(component.ecosystem, byName);
    }
    this.#lastEcosystem = component.ecosystem;
    this.#lastByName = byName;
    const nameKey =
      component.sourceName === undefined ? component.name : `${component.name}\u0000${component.sourceName}`;
    let pkg = byName.get(nameKey);
    if (!pkg) {
      pkg = { component, keys: lookupKeys(component), versions: new Map(), slots: [] };
      byName.set(nameKey, pkg);
      this.#packages.push(pkg);
    }
    const versionKey =
      component.sourceVersion === undefined
        ? component.version
        : `${component.version}\u0000${component.sourceVersion}`;
    let slot = pkg.versions.get(versionKey);
    if (!slot) {
      slot = { component, pkg, decision: undefined, first: -1, last: -1 };
      pkg.versions.set(versionKey, slot);
      pkg.slots.push(slot);
    }
    return slot;
  }
}

/** A component's own finding from a decision shared by every component at that version. */
function findingOf(component: Component, decided: DecidedFinding): Finding {
  const { group } = decided;
  // One literal with every property (absent ones undefined), in one shape: a scan makes one per
  // (component, finding), and adding optional properties afterwards allocates twice.
  return {
    component,
    vulnerabilityId: group.vulnerabilityId,
    aliases: group.aliases,
    summary: group.summary || undefined,
    severity: group.severity,
    fixedVersions: decided.fixedVersions,
    evidence: decided.evidence,
    weaknesses: group.weaknesses,
    published: group.published || undefined,
    references: group.references,
    recommendedVersion: decided.recommendedVersion || undefined,
    kev: group.kev,
    epss: group.epss,
  };
}

/**
 * KEV entry (the first CVE id found in the catalogue) and EPSS score (the highest of its CVE ids)
 * of every vulnerability group and CPE finding, in one batched question each.
 */
async function enrich(
  groups: readonly VulnerabilityGroup[],
  cpeFindings: readonly Finding[],
  index: AdvisoryIndex,
): Promise<void> {
  const cpeIds = cpeFindings.map((finding) =>
    [finding.vulnerabilityId, ...finding.aliases].filter((id) => id.startsWith('CVE-')),
  );
  const cves = new Set<string>();
  for (const group of groups) for (const id of group.cveIds) cves.add(id);
  for (const ids of cpeIds) for (const id of ids) cves.add(id);
  if (cves.size === 0) return;
  const [kev, epss] = await Promise.all([index.kevEntries([...cves]), index.epssScores([...cves])]);
  const lookUp = (ids: readonly string[], target: { kev?: KevEntry; epss?: EpssScore }): void => {
    // The first id in the catalogue; the highest score (the first of equal ones).
    let kevEntry: KevEntry | undefined;
    let best: EpssScore | undefined;
    for (const id of ids) {
      kevEntry ??= kev.get(id);
      const score = epss.get(id);
      if (score && (!best || score.epss > best.epss)) best = score;
    }
    if (kevEntry) target.kev = kevEntry;
    if (best) target.epss = best;
  };
  for (const group of groups) if (group.cveIds.length > 0) lookUp(group.cveIds, group);
  cpeFindings.forEach((finding, i) => {
    lookUp(cpeIds[i]!, finding);
  });
}

/**
 * `localeCompare` semantics (the default locale) through one collator, which V8 runs far faster
 * than `String.prototype.localeCompare`; equal strings (the common case: one lockfile) skip it.
 */
const collator = new Intl.Collator();

function compareText(a: string, b: string): number {
  return a === b ? 0 : collator.compare(a, b);
}

/**
 * Whether `findings` is already in `compareFindings` order. Neighbours of one component are
 * known to be (see above) and skip the comparison, which would go to the collator.
 */
function inReportOrder(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++) {
    const previous = findings[i - 1]!;
    const next = findings[i]!;
    if (previous.component !== next.component && compareFindings(previous, next) > 0) return false;
  }
  return true;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.component.location.file, b.component.location.file) ||
    (a.component.location.line ?? 0) - (b.component.location.line ?? 0) ||
    compareText(a.component.name, b.component.name) ||
    compareText(a.vulnerabilityId, b.vulnerabilityId)
  );
}
