/**
 * Deciding one component version against the affected entries that name its package.
 *
 * A scan meets the same package at many versions (a monorepo's lockfiles, a fleet's hosts, Go's
 * stdlib at every release), and what it concludes about a version depends on that version only
 * through *which* entries affect it, plus three things read off the version itself: the evidence
 * text, the fixed versions above it and the first upgrade above it that clears every entry. So
 * everything else — alias groups, preferred id, severity/summary digest, sorted fix lists, and
 * which upgrade candidates clear every entry — is an `Outcome`, worked out once per (package,
 * set of affecting entries) and shared by every version that lands on that set. Per version
 * remain placing it among the package's boundaries (BoundaryTable), the evidence text, and
 * integer binary searches into sorted lists.
 */
import type { Advisory, Affected, EpssScore, KevEntry } from '../advisories/types.js';
import { BoundaryTable, collectFixed, evaluateAffected, type SharedEvaluation } from './osv-range.js';
import type { Finding, MatchEvidence } from './types.js';
import type { VersionOrder } from './version-order.js';

/** The affected entries naming one package (in one component release), and their boundaries. */
export interface PackageEntries {
  entries: Array<{ advisory: Advisory; affected: Affected }>;
  table: BoundaryTable;
}

export function packageEntries(entries: PackageEntries['entries']): PackageEntries {
  return { entries, table: new BoundaryTable(entries.map((entry) => entry.affected)) };
}

/**
 * One vulnerability as a set of affecting entries describes it: every part of a finding that does
 * not depend on the version. Shared by all findings of that vulnerability on that package, so
 * its arrays must be treated as read-only; KEV and EPSS are filled in once, here, after matching.
 */
export interface VulnerabilityGroup {
  vulnerabilityId: string;
  aliases: string[];
  summary: string | undefined;
  severity: Finding['severity'];
  weaknesses: string[];
  references: string[];
  published: string | undefined;
  /** CVE ids among vulnerabilityId and aliases, in that order, for KEV/EPSS. */
  cveIds: string[];
  kev?: KevEntry;
  epss?: EpssScore;
  /** Fixed versions of the members, ascending in the component's scheme. */
  fixes: SortedFixes;
  /**
   * `fixedVersions` lists by where the component's version cuts `fixes` (shared, read-only),
   * indexed by the cut; made on first use.
   */
  fixedFrom: Array<string[] | undefined> | undefined;
  /** Position of vulnerabilityId among the decider's groups (see `PackageDecider.rankGroups`). */
  rank: number;
}

/** Fixed versions ascending, each with its rank in the decider's order of all fixed versions. */
interface SortedFixes {
  raw: string[];
  ranks: number[];
}

/** What one set of affecting entries decides, whatever the version inside it. */
interface Outcome {
  /** In first-member order; `members` index the version's affecting entries, evidence order. */
  groups: Array<{ group: VulnerabilityGroup; members: number[] }>;
  /** Upgrade candidates: every member's fixed versions, ascending. */
  upgrades: SortedFixes;
  /** Per candidate: 0 not checked yet, 1 clears every affecting entry, 2 does not. */
  clears: Uint8Array;
  /**
   * From a candidate index (0 … upgrades.raw.length), the first clearing index at or after it,
   * plus 2 (so 1 is "none" and 0 "not worked out yet").
   */
  firstFrom: Int32Array;
  /** Tokens of the affecting entries. */
  tokens: ReadonlySet<number>;
}

/** A finding of one component version, before it is given its component. */
export interface DecidedFinding {
  group: VulnerabilityGroup;
  fixedVersions: string[];
  evidence: MatchEvidence[];
  recommendedVersion: string | undefined;
}

export interface UndecidedEntry {
  advisoryId: string;
  aliases: string[];
  reason: string;
}

export interface VersionDecision {
  /** In vulnerabilityId order once `PackageDecider.rankGroups` has run and `sortDecision` sorted it. */
  findings: DecidedFinding[];
  undetermined: UndecidedEntry[];
}

/**
 * An entry affecting a version, with its evaluation less the version: shared by every version of
 * the package that shares the evaluation (see SharedEvaluation).
 */
interface Hit {
  /** entry × lookups + lookup: the hit's part of an outcome signature, unique within a decider. */
  token: number;
  advisory: Advisory;
  evaluation: SharedEvaluation;
}

/** The hits among one list of evaluations, its signature part, and its undecided evaluations. */
interface Hits {
  hits: Hit[];
  signature: string;
  unknown: SharedEvaluation[];
}

const NO_UNDETERMINED: UndecidedEntry[] = [];
const NO_HITS: readonly Hit[] = [];

/**
 * Decides versions of one package (one combination of lookups: the binary package, and the source
 * package for distros whose advisories name it) in one component ecosystem. Holds the outcomes
 * met so far; `groups()` lists every vulnerability group it created, for KEV/EPSS enrichment.
 */
export class PackageDecider {
  readonly #order: VersionOrder | undefined;
  readonly #lookups: readonly PackageEntries[];
  readonly #outcomes = new Map<string, Outcome>();
  /**
   * Groups by their members' tokens: the same vulnerability recurs in many outcomes (Go's stdlib
   * at each release is affected by hundreds, most shared with the neighbouring releases).
   */
  readonly #groups = new Map<string, VulnerabilityGroup>();
  /**
   * Every fixed version of every entry, ranked once in the component's scheme (equal versions
   * share a rank; unparsable ones have none), so fix lists sort and cut by integers.
   */
  #fixRanks: Map<string, number> | undefined;
  /** One parsed value per rank, ascending: where a component's version falls among the fixes. */
  #rankValues: unknown[] = [];
  /** Upgrade candidate → tokens of the entries affecting it. */
  readonly #affecting = new Map<string, number[]>();
  /**
   * Tokens of entries whose advisory shares an id with another entry's (an alias, or the same
   * advisory twice): only these can ever be merged into one group.
   */
  #linked: ReadonlySet<number> | undefined;
  /** Groups of one member, by its token (most of them). */
  readonly #singleGroups = new Map<number, VulnerabilityGroup>();
  /**
   * Per lookup, the hits of each boundary cell met (keyed by the table's array for the cell): a
   * cell's versions share them, and their outcome signature.
   */
  readonly #cellHits: Array<Map<readonly SharedEvaluation[], Hits>>;
  /** Per lookup, the hit made of each evaluation met. */
  readonly #hitByEvaluation: Array<Map<SharedEvaluation, Hit>>;

  constructor(order: VersionOrder | undefined, lookups: readonly PackageEntries[]) {
    this.#order = order;
    this.#lookups = lookups;
    this.#cellHits = lookups.map(() => new Map());
    this.#hitByEvaluation = lookups.map(() => new Map());
  }

  groups(): VulnerabilityGroup[] {
    return [...this.#singleGroups.values(), ...this.#groups.values()];
  }

  #linkedTokens(): ReadonlySet<number> {
    if (this.#linked) return this.#linked;
    const owners = new Map<string, number>();
    const linked = new Set<number>();
    const lookups = this.#lookups;
    for (let l = 0; l < lookups.length; l++) {
      const { entries } = lookups[l]!;
      for (let e = 0; e < entries.length; e++) {
        const token = e * lookups.length + l;
        const { advisory } = entries[e]!;
        for (let i = -1; i < advisory.aliases.length; i++) {
          const id = i < 0 ? advisory.id : advisory.aliases[i]!;
          const owner = owners.get(id);
          if (owner === undefined) owners.set(id, token);
          else if (owner !== token) {
            linked.add(owner);
            linked.add(token);
          }
        }
      }
    }
    this.#linked = linked;
    return linked;
  }

  /**
   * Findings of `componentVersion`. The first lookup (the package itself) is evaluated at it,
   * the second (a distro's source package) at `sourceVersion`.
   */
  decide(componentVersion: string, sourceVersion: string): VersionDecision {
    const lookups = this.#lookups;
    let hits = NO_HITS;
    let signature = '';
    let undetermined: Map<string, UndecidedEntry> | undefined;
    for (let l = 0; l < lookups.length; l++) {
      const version = l === 0 ? componentVersion : sourceVersion;
      const { entries, table } = lookups[l]!;
      // Entries whose ranges rule the version out are not even listed; the others are shared by
      // the version's cell unless a `versions` list names the version.
      const cell = table.cellEvaluations(version);
      let found: Hits | undefined;
      if (cell) {
        found = this.#cellHits[l]!.get(cell);
        if (!found) {
          found = this.#hitsOf(l, cell);
          this.#cellHits[l]!.set(cell, found);
        }
      } else found = this.#hitsOf(l, table.evaluationsAt(version));
      for (const { entry } of found.unknown) {
        // Undecided entries word their reason with the version itself: evaluated one by one.
        const { advisory, affected } = entries[entry]!;
        const evaluation = evaluateAffected(affected, version, table);
        undetermined ??= new Map();
        undetermined.set(advisory.id, {
          advisoryId: advisory.id,
          aliases: advisory.aliases,
          reason: evaluation.detail,
        });
      }
      if (found.hits.length === 0) continue;
      if (hits.length === 0) {
        hits = found.hits;
        signature = found.signature;
      } else {
        hits = [...hits, ...found.hits];
        signature += found.signature;
      }
    }
    // An advisory decided 'affected' by one entry is not also undetermined through another.
    if (undetermined) for (const hit of hits) undetermined.delete(hit.advisory.id);
    const unknown = undetermined && undetermined.size > 0 ? [...undetermined.values()] : NO_UNDETERMINED;
    if (hits.length === 0) return { findings: [], undetermined: unknown };

    let outcome = this.#outcomes.get(signature);
    if (!outcome) {
      outcome = this.#outcome(hits);
      this.#outcomes.set(signature, outcome);
    }
    const bound = this.#rankBound(componentVersion);
    const recommendedVersion = this.#firstClearing(outcome, cutAt(outcome.upgrades, bound));
    const findings: DecidedFinding[] = new Array(outcome.groups.length);
    for (let g = 0; g < outcome.groups.length; g++) {
      const { group, members } = outcome.groups[g]!;
      const cut = cutAt(group.fixes, bound);
      group.fixedFrom ??= new Array(group.fixes.raw.length + 1);
      let fixedVersions = group.fixedFrom[cut];
      if (!fixedVersions) {
        fixedVersions = group.fixes.raw.slice(cut);
        group.fixedFrom[cut] = fixedVersions;
      }
      const evidence: MatchEvidence[] = new Array(members.length);
      for (let i = 0; i < members.length; i++) {
        const { token, advisory, evaluation } = hits[members[i]!]!;
        const version = token % lookups.length === 0 ? componentVersion : sourceVersion;
        evidence[i] = {
          rule: evaluation.rule,
          detail: evaluation.versioned ? version + evaluation.detail : evaluation.detail,
          advisoryId: advisory.id,
          confidence: 'affected',
        };
      }
      findings[g] = { group, fixedVersions, evidence, recommendedVersion };
    }
    return { findings, undetermined: unknown };
  }

  /** The hits and undecided entries among `evaluations` of lookup `l`, in their order. */
  #hitsOf(l: number, evaluations: readonly SharedEvaluation[]): Hits {
    const lookups = this.#lookups;
    const { entries } = lookups[l]!;
    const known = this.#hitByEvaluation[l]!;
    const hits: Hit[] = [];
    const unknown: SharedEvaluation[] = [];
    const tokens: number[] = [];
    for (const evaluation of evaluations) {
      if (evaluation.status === 'unknown') {
        unknown.push(evaluation);
        continue;
      }
      // Evaluations recur across cells (the same events bound many of them): one hit each.
      let hit = known.get(evaluation);
      if (!hit) {
        const token = evaluation.entry * lookups.length + l;
        hit = { token, advisory: entries[evaluation.entry]!.advisory, evaluation };
        known.set(evaluation, hit);
      }
      hits.push(hit);
      tokens.push(hit.token);
    }
    return { hits, signature: tokens.length > 0 ? `${tokens.join(',')},` : '', unknown };
  }

  /**
   * Ranks every group by vulnerabilityId (`Intl.Collator`, the order findings are reported in),
   * once all versions are decided: one sort per package instead of one per outcome.
   */
  rankGroups(): void {
    const groups = this.groups();
    groups.sort((a, b) => collator.compare(a.vulnerabilityId, b.vulnerabilityId));
    groups.forEach((group, rank) => {
      group.rank = rank;
    });
  }

  /**
   * The smallest known version above the current one (candidates from index `from` on) that no
   * affecting entry affects: each fixed version is a candidate, checked against every entry, so an
   * upgrade that fixes one CVE but is still inside another's range is never recommended. What
   * affects a candidate is worked out once per package (`#affectedAt`) and each check is
   * remembered on the outcome, so versions sharing it check each candidate once.
   */
  #firstClearing(outcome: Outcome, from: number): string | undefined {
    const known = outcome.firstFrom[from]! - 2;
    if (known >= -1) return known < 0 ? undefined : outcome.upgrades.raw[known];
    const { raw } = outcome.upgrades;
    let found = -1;
    for (let i = from; i < raw.length; i++) {
      if (outcome.clears[i] === 0) {
        let clears = true;
        for (const token of this.#affectedAt(raw[i]!)) {
          if (outcome.tokens.has(token)) {
            clears = false;
            break;
          }
        }
        outcome.clears[i] = clears ? 1 : 2;
      }
      if (outcome.clears[i] === 1) {
        found = i;
        break;
      }
    }
    outcome.firstFrom[from] = found + 2;
    return found < 0 ? undefined : raw[found];
  }

  /** Tokens of the entries that affect `version` (the status the entry's table gives it). */
  #affectedAt(version: string): readonly number[] {
    let tokens = this.#affecting.get(version);
    if (!tokens) {
      tokens = [];
      const lookups = this.#lookups;
      for (let l = 0; l < lookups.length; l++) {
        for (const entry of lookups[l]!.table.affectedEntriesAt(version))
          tokens.push(entry * lookups.length + l);
      }
      this.#affecting.set(version, tokens);
    }
    return tokens;
  }

  /** First rank above the component's version: fixes ranked below it are not upgrades. */
  #rankBound(componentVersion: string): number {
    const order = this.#order;
    this.#ranks();
    const current = order?.parse(componentVersion);
    if (!order || current === undefined) return 0;
    const values = this.#rankValues;
    let low = 0;
    let high = values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order.compare(values[middle], current) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #ranks(): Map<string, number> {
    if (this.#fixRanks) return this.#fixRanks;
    const ranks = new Map<string, number>();
    const order = this.#order;
    if (order) {
      const parsed: Array<[string, unknown]> = [];
      const seen = new Set<string>();
      for (const { entries } of this.#lookups) {
        for (const { affected } of entries) {
          for (const raw of collectFixed(affected.ranges)) {
            if (seen.has(raw)) continue;
            seen.add(raw);
            const value = order.parse(raw);
            if (value !== undefined) parsed.push([raw, value]);
          }
        }
      }
      parsed.sort((a, b) => order.compare(a[1], b[1]));
      for (const [raw, value] of parsed) {
        const last = this.#rankValues.length - 1;
        if (last < 0 || order.compare(this.#rankValues[last], value) !== 0) this.#rankValues.push(value);
        ranks.set(raw, this.#rankValues.length - 1);
      }
    }
    this.#fixRanks = ranks;
    return ranks;
  }

  /**
   * Fixed versions ascending in the component's scheme, unparsable ones dropped, equal ones in
   * the order given (a stable sort by rank). Without a scheme: sorted as text, nothing dropped.
   */
  #sortedFixes(fixed: Iterable<string>): SortedFixes {
    if (!this.#order) {
      const raw = [...fixed].sort();
      return { raw, ranks: raw.map(() => 0) };
    }
    const ranks = this.#ranks();
    const ranked: Array<[string, number]> = [];
    for (const raw of fixed) {
      const rank = ranks.get(raw);
      if (rank !== undefined) ranked.push([raw, rank]);
    }
    ranked.sort((a, b) => a[1] - b[1]);
    return { raw: ranked.map(([raw]) => raw), ranks: ranked.map(([, rank]) => rank) };
  }

  #outcome(hits: readonly Hit[]): Outcome {
    // Hits describing the same vulnerability (aliases are transitive: GHSA ↔ CVE ↔ PYSEC) become
    // one group: each hit joins every group it shares an id with, merged into the oldest.
    const drafts: number[][] = [];
    const byId = new Map<string, number[]>();
    const linked = this.#linkedTokens();
    for (let index = 0; index < hits.length; index++) {
      const { advisory, token } = hits[index]!;
      if (!linked.has(token)) {
        // No other entry of the package shares an id with this one: a group of its own.
        drafts.push([index]);
        continue;
      }
      // The groups this hit's ids already belong to: the first met, then the others.
      let draft: number[] | undefined;
      let others: number[][] | undefined;
      for (let i = -1; i < advisory.aliases.length; i++) {
        const owner = byId.get(i < 0 ? advisory.id : advisory.aliases[i]!);
        if (!owner || owner === draft || others?.includes(owner)) continue;
        if (!draft) draft = owner;
        else if (others) others.push(owner);
        else others = [owner];
      }
      if (!draft) {
        draft = [];
        drafts.push(draft);
      } else if (others) {
        // Merge into the group created first, the others' members after its own.
        const all = [draft, ...others].sort((a, b) => drafts.indexOf(a) - drafts.indexOf(b));
        draft = all[0]!;
        for (const other of all.slice(1)) {
          draft.push(...other);
          drafts.splice(drafts.indexOf(other), 1);
          for (const member of other) {
            const merged = hits[member]!.advisory;
            byId.set(merged.id, draft);
            for (const alias of merged.aliases) byId.set(alias, draft);
          }
        }
      }
      draft.push(index);
      byId.set(advisory.id, draft);
      for (const alias of advisory.aliases) byId.set(alias, draft);
    }

    const groups = drafts.map((members) => {
      let group: VulnerabilityGroup | undefined;
      if (members.length === 1) {
        const token = hits[members[0]!]!.token;
        group = this.#singleGroups.get(token);
        if (!group) {
          group = this.#group(hits, members);
          this.#singleGroups.set(token, group);
        }
      } else {
        let key = '';
        for (const member of members) key += `${hits[member]!.token},`;
        group = this.#groups.get(key);
        if (!group) {
          group = this.#group(hits, members);
          this.#groups.set(key, group);
        }
      }
      return { group, members };
    });
    const upgrades = this.#upgrades(groups.map(({ group }) => group));
    const tokens = new Set<number>();
    for (const hit of hits) tokens.add(hit.token);
    const candidates = upgrades.raw.length;
    return {
      groups,
      upgrades,
      clears: new Uint8Array(candidates),
      firstFrom: new Int32Array(candidates + 1),
      tokens,
    };
  }

  /**
   * Every group's fixed versions, ascending: what sorting them all together would give (ties in
   * group order; a version named twice kept once, which cannot change the first that clears).
   */
  #upgrades(groups: readonly VulnerabilityGroup[]): SortedFixes {
    if (groups.length === 1) return groups[0]!.fixes;
    const seen = new Set<string>();
    const ranked: Array<[string, number]> = [];
    for (const { fixes } of groups) {
      for (let i = 0; i < fixes.raw.length; i++) {
        const raw = fixes.raw[i]!;
        if (seen.has(raw)) continue;
        seen.add(raw);
        ranked.push([raw, fixes.ranks[i]!]);
      }
    }
    if (!this.#order) {
      const raw = ranked.map(([text]) => text).sort();
      return { raw, ranks: raw.map(() => 0) };
    }
    ranked.sort((a, b) => a[1] - b[1]);
    return { raw: ranked.map(([raw]) => raw), ranks: ranked.map(([, rank]) => rank) };
  }

  /** The version-independent part of the findings of `members` (in evidence order). */
  #group(hits: readonly Hit[], members: readonly number[]): VulnerabilityGroup {
    let description: VulnerabilityDescription;
    let fixes: SortedFixes;
    if (members.length === 1) {
      const { advisory, evaluation } = hits[members[0]!]!;
      description = describeVulnerability([advisory]);
      fixes = this.#sortedFixes(evaluation.fixedVersions);
    } else {
      const advisories: Advisory[] = [];
      const fixed = new Set<string>();
      for (const member of members) {
        const { advisory, evaluation } = hits[member]!;
        if (!advisories.includes(advisory)) advisories.push(advisory);
        for (const version of evaluation.fixedVersions) fixed.add(version);
      }
      description = describeVulnerability(advisories);
      fixes = this.#sortedFixes(fixed);
    }
    // Every property spelled out, in one order (not spread): groups are read in the hottest
    // loops, and objects of one shape keep those reads fast.
    return {
      vulnerabilityId: description.vulnerabilityId,
      aliases: description.aliases,
      summary: description.summary,
      severity: description.severity,
      weaknesses: description.weaknesses,
      references: description.references,
      published: description.published,
      cveIds: description.cveIds,
      kev: undefined,
      epss: undefined,
      fixes,
      fixedFrom: undefined,
      rank: 0,
    };
  }
}

/** Puts a decision's findings in vulnerabilityId order, by the ranks `rankGroups` assigned. */
export function sortDecision(decision: VersionDecision): void {
  const { findings } = decision;
  for (let i = 1; i < findings.length; i++) {
    if (findings[i - 1]!.group.rank > findings[i]!.group.rank) {
      findings.sort((a, b) => a.group.rank - b.group.rank);
      return;
    }
  }
}

const collator = new Intl.Collator();

/** How many of `fixes` rank below `bound`, i.e. are at or below the component's version. */
function cutAt(fixes: SortedFixes, bound: number): number {
  const { ranks } = fixes;
  let low = 0;
  let high = ranks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ranks[middle]! < bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

function preferredId(ids: ReadonlySet<string>, advisories: readonly Advisory[]): string {
  const cves = [...ids].filter((id) => id.startsWith('CVE-')).sort();
  if (cves.length === 1) return cves[0]!;
  return advisories.map((advisory) => advisory.id).sort()[0] ?? [...ids].sort()[0]!;
}

/** What a vulnerability group says whatever its fixes: ids, and the advisories' digest. */
type VulnerabilityDescription = Omit<VulnerabilityGroup, 'fixes' | 'fixedFrom' | 'rank' | 'kev' | 'epss'>;

/**
 * Most groups are one advisory met in many packages' deciders and many versions, so a single
 * advisory's description is made once (weakly cached); groups share its arrays read-only.
 */
const singleDescriptions = new WeakMap<Advisory, VulnerabilityDescription>();

function describeVulnerability(advisories: readonly Advisory[]): VulnerabilityDescription {
  const single = advisories.length === 1 ? advisories[0] : undefined;
  if (single) {
    let description = singleDescriptions.get(single);
    if (!description) {
      description = computeDescription(advisories);
      singleDescriptions.set(single, description);
    }
    return description;
  }
  return computeDescription(advisories);
}

/** Preferred id, the other ids, and severity, summary, CWEs and references of the advisories. */
function computeDescription(advisories: readonly Advisory[]): VulnerabilityDescription {
  const ids = new Set<string>();
  for (const advisory of advisories) {
    ids.add(advisory.id);
    for (const alias of advisory.aliases) ids.add(alias);
  }
  const vulnerabilityId = preferredId(ids, advisories);
  const primary = advisories.find((advisory) => advisory.id === vulnerabilityId) ?? advisories[0]!;
  const aliases = [...ids].filter((id) => id !== vulnerabilityId).sort();
  const severity = advisories.flatMap((advisory) => [
    ...advisory.severity,
    ...advisory.affected.flatMap((affected) => affected.severity),
  ]);
  return {
    vulnerabilityId,
    aliases,
    summary:
      advisories.map((advisory) => advisory.summary).find((text) => text) ??
      advisories.map((advisory) => advisory.details?.split('\n')[0]).find((text) => text),
    severity: [...new Map(severity.map((vector) => [`${vector.type}|${vector.score}`, vector])).values()],
    weaknesses: [...new Set(advisories.flatMap((advisory) => advisory.weaknesses))].sort(),
    references: [
      ...new Set(advisories.flatMap((advisory) => advisory.references.map((reference) => reference.url))),
    ],
    published: primary.published,
    cveIds: [vulnerabilityId, ...aliases].filter((id) => id.startsWith('CVE-')),
  };
}
