/**
 * Whether one version is inside one OSV `affected` entry, with the exact semantics of the OSV
 * schema's evaluation algorithm (https://ossf.github.io/osv-schema/#evaluation):
 *
 *   - events of a range are sorted by version, `introduced: "0"` lowest;
 *   - walking them, `introduced <= v` opens the range, `fixed <= v` closes it,
 *     `last_affected < v` closes it;
 *   - `limit` events bound the range from above: v >= limit is outside (`limit: "*"` = no bound);
 *   - the entry's `versions` list enumerates affected versions and is checked by equality;
 *   - GIT ranges describe commits, not versions: kept, but they decide nothing about a version.
 *
 * An entry whose ranges cannot be evaluated (no scheme, unparsable version) yields 'unknown', never
 * a guess: a silent string comparison would either miss a Code Red or cry wolf.
 */
import type { Affected, AffectedRange, RangeEvent } from '../advisories/types.js';
import { type VersionOrder, versionOrderFor } from './version-order.js';

export type AffectedStatus = 'affected' | 'not-affected' | 'unknown';

export interface RangeEvaluation {
  status: AffectedStatus;
  /** Human-readable reason, e.g. "1.2.3 in [introduced 1.0.0, fixed 1.2.4) (PyPI)". */
  detail: string;
  /** 'osv-range' or 'osv-versions' for affected results. */
  rule: 'osv-range' | 'osv-versions' | 'none';
  /** `fixed` events of the ranges this version falls in (the versions that end its exposure). */
  fixedVersions: readonly string[];
}

/**
 * An entry's evaluation shared by every version of a boundary cell (see BoundaryTable): the
 * version's own RangeEvaluation is `{ status, rule, fixedVersions, detail }` with `detail` the
 * version followed by `detail` when `versioned`, else `detail` alone. An 'unknown' one carries
 * no detail: its wording names the version in several ways (see evaluateAffected).
 */
export interface SharedEvaluation {
  /** Index of the entry in its table. */
  entry: number;
  status: 'affected' | 'unknown';
  rule: 'osv-range' | 'osv-versions' | 'none';
  detail: string;
  versioned: boolean;
  fixedVersions: readonly string[];
}

type EventKind = 'introduced' | 'fixed' | 'lastAffected' | 'limit';

interface ParsedEvent {
  kind: EventKind;
  raw: string;
  /** undefined for introduced "0" (lowest of all) and limit "*" (no bound). */
  value: unknown;
}

function eventKind(event: RangeEvent): [EventKind, string] {
  if ('introduced' in event) return ['introduced', event.introduced];
  if ('fixed' in event) return ['fixed', event.fixed];
  if ('lastAffected' in event) return ['lastAffected', event.lastAffected];
  return ['limit', event.limit];
}

const KIND_LABEL: Record<EventKind, string> = {
  introduced: 'introduced',
  fixed: 'fixed',
  lastAffected: 'last_affected',
  limit: 'limit',
};

function compareEvents(order: VersionOrder, a: ParsedEvent, b: ParsedEvent): number {
  if (a.value === undefined && b.value === undefined) return 0;
  if (a.value === undefined) return a.kind === 'limit' ? 1 : -1;
  if (b.value === undefined) return b.kind === 'limit' ? -1 : 1;
  return order.compare(a.value, b.value);
}

interface SingleRangeResult {
  status: AffectedStatus;
  detail: string;
  fixed?: string;
}

type PreparedRange = { ok: true; order: VersionOrder; events: ParsedEvent[] } | { ok: false; detail: string };

/**
 * Parsed, sorted events per range object. A scan evaluates the same advisory range for every
 * version of the package it meets (thousands of times for Go's stdlib), so the events are parsed
 * and sorted once. Keyed weakly by the range object, which belongs to one affected entry and so
 * to one ecosystem.
 */
const preparedRanges = new WeakMap<AffectedRange, PreparedRange>();

function prepareRange(range: AffectedRange, ecosystem: string): PreparedRange {
  const cached = preparedRanges.get(range);
  if (cached) return cached;
  const prepared = parseRangeEvents(range, ecosystem);
  preparedRanges.set(range, prepared);
  return prepared;
}

function parseRangeEvents(range: AffectedRange, ecosystem: string): PreparedRange {
  const order = versionOrderFor(range.type === 'GIT' ? 'ECOSYSTEM' : range.type, ecosystem);
  if (!order) return { ok: false, detail: `no version scheme for ecosystem ${ecosystem}` };
  const events: ParsedEvent[] = [];
  for (const event of range.events) {
    const [kind, raw] = eventKind(event);
    if ((kind === 'introduced' && raw === '0') || (kind === 'limit' && raw === '*')) {
      events.push({ kind, raw, value: undefined });
      continue;
    }
    const value = order.parse(raw);
    if (value === undefined)
      return { ok: false, detail: `${KIND_LABEL[kind]} ${raw} is not a valid ${order.name} version` };
    events.push({ kind, raw, value });
  }
  events.sort((a, b) => compareEvents(order, a, b));
  return { ok: true, order, events };
}

/** The events of a range that put a version inside it: the opener and the first closer after it. */
interface RangeHit {
  opener: ParsedEvent | undefined;
  closer: ParsedEvent | undefined;
}

/**
 * The OSV evaluation walk over a range's sorted events. Returns whether `parsedVersion` is
 * affected; when `hit` is given, records the events that bound it (for the detail text). The one
 * walk serves both the detailed evaluation and the boolean check of upgrade candidates.
 */
function insideRange(
  order: VersionOrder,
  events: readonly ParsedEvent[],
  parsedVersion: unknown,
  hit?: RangeHit,
  located?: Located,
): boolean {
  // The version against event i: by position in a boundary table when one is given (integers,
  // see BoundaryTable), else by the scheme's comparison. Both give the same sign. Inlined, not a
  // closure: a closure per call was a measurable share of a scan.
  // Limits bound the whole range from above.
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (
      event.kind === 'limit' &&
      event.value !== undefined &&
      (located ? located.version - located.events[i]! : order.compare(parsedVersion, event.value)) >= 0
    ) {
      return false;
    }
  }
  let affected = false;
  let opener: ParsedEvent | undefined;
  let closer: ParsedEvent | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const cmp =
      event.value === undefined
        ? 1
        : located
          ? located.version - located.events[i]!
          : order.compare(parsedVersion, event.value);
    if (event.kind === 'introduced' && cmp >= 0) {
      affected = true;
      opener = event;
      closer = undefined;
    } else if (event.kind === 'fixed' && cmp >= 0) {
      affected = false;
    } else if (event.kind === 'lastAffected' && cmp > 0) {
      affected = false;
    } else if (
      affected &&
      closer === undefined &&
      (event.kind === 'fixed' || event.kind === 'lastAffected')
    ) {
      closer = event;
    }
  }
  if (affected && hit) {
    hit.opener = opener;
    hit.closer = closer;
  }
  return affected;
}

function evaluateRange(
  range: AffectedRange,
  ecosystem: string,
  version: string,
  table?: BoundaryTable,
): SingleRangeResult {
  if (range.type === 'GIT')
    return {
      status: 'unknown',
      detail: `GIT range (${range.repo ?? 'no repo'}) decides commits, not versions`,
    };
  const prepared = prepareRange(range, ecosystem);
  if (!prepared.ok) return { status: 'unknown', detail: prepared.detail };
  const { order, events } = prepared;
  const parsedVersion = order.parse(version);
  if (parsedVersion === undefined)
    return { status: 'unknown', detail: `${version} is not a valid ${order.name} version` };
  const hit: RangeHit = { opener: undefined, closer: undefined };
  // Not-affected details are never shown (evaluateAffected words its own), and a scan decides
  // millions of them: no string building on this path.
  if (!insideRange(order, events, parsedVersion, hit, table?.locate(range, prepared, version, parsedVersion)))
    return NOT_AFFECTED;
  return {
    status: 'affected',
    detail: `${version}${rangeDetail(order, hit)}`,
    fixed: hit.closer?.kind === 'fixed' ? hit.closer.raw : undefined,
  };
}

/** The detail of a version inside a range, after the version: " in [introduced 1.0, fixed 1.2) (PyPI)". */
function rangeDetail(order: VersionOrder, { opener, closer }: RangeHit): string {
  const lower = opener?.value === undefined ? '[0' : `[introduced ${opener.raw}`;
  const upper = closer
    ? closer.kind === 'fixed'
      ? `, fixed ${closer.raw})`
      : `, last_affected ${closer.raw}]`
    : ', ∞)';
  return ` in ${lower}${upper} (${order.name})`;
}

const NOT_AFFECTED: SingleRangeResult = { status: 'not-affected', detail: 'outside the range' };

/** Positions of a version and of one range's events in a BoundaryTable. */
interface Located {
  version: number;
  events: readonly number[];
}

type PreparedOk = Extract<PreparedRange, { ok: true }>;

/**
 * Every event version of a package's affected entries, sorted once per scheme, so a version is
 * placed among them by one binary search and each range is then decided with integer
 * comparisons. A package named by hundreds of advisories (tensorflow, Go's stdlib) otherwise
 * costs hundreds of scheme comparisons per version, and a scan meets thousands of its versions.
 *
 * Position of a version: 2k when it equals boundary k, 2k − 1 when it lies strictly between
 * boundaries k − 1 and k (−1 below all, 2n − 1 above all). Boundaries are deduplicated by the
 * scheme's own equality, so `sign(position(v) − position(e)) = sign(compare(v, e))` exactly, and
 * the OSV walk gives the same answers as with the scheme's comparison.
 */
export class BoundaryTable {
  readonly #boundaries = new Map<VersionOrder, unknown[]>();
  readonly #versionPositions = new Map<VersionOrder, Map<string, number>>();
  readonly #eventPositions = new Map<AffectedRange, readonly number[]>();
  readonly #compiled = new Map<Affected, CompiledEntry>();
  readonly #entries: ReadonlySet<Affected>;
  /** The entries in constructor order, for `candidatesAt`; compiled on first use. */
  readonly #list: readonly Affected[];
  readonly #compiledList: Array<CompiledEntry | undefined>;
  /** Indices of entries with a `versions` list (decided by equality, not by position). */
  readonly #listedIndices: number[];
  /** Version → indices of the entries listing it, once worth building (see #listingEntries). */
  #byListedVersion: Map<string, number[]> | undefined;
  #listedQuestions = 0;
  #listedTotal: number | undefined;
  /**
   * Per cell (the version's positions), the evaluations of the entries its ranges do not rule
   * out, in entry order: what the ranges decide depends only on the cell, so every version in it
   * shares them and only the `versions` lists are checked per version.
   */
  readonly #cells = new Map<number | string, Cell>();
  /** Per listing entry, its evaluation for a version its list names. */
  readonly #listedEvaluations = new Map<number, SharedEvaluation>();
  /** Orders in use, by slot; the version last asked about, placed in each (NaN: unparsable). */
  readonly #orders: VersionOrder[] = [];
  #lastVersion: string | undefined;
  #lastPositions: number[] = [];
  /**
   * Whether positions answer as the scheme's comparison does: only when the boundaries and the
   * version are all in their scheme's total order (VersionOrder.inTotalOrder). Otherwise (Jetty's
   * `9.4.6.v20170531` boundaries in Maven) each entry is evaluated by comparing, as OSV does.
   */
  #exactBoundaries = true;
  #lastExact = true;

  constructor(entries: Iterable<Affected>) {
    this.#list = [...entries];
    this.#entries = new Set(this.#list);
    this.#compiledList = new Array(this.#list.length).fill(undefined);
    this.#listedIndices = [];
    this.#list.forEach((affected, index) => {
      if (affected.versions.length > 0) this.#listedIndices.push(index);
    });
    const values = new Map<VersionOrder, unknown[]>();
    const ranges: Array<[AffectedRange, PreparedOk]> = [];
    for (const affected of this.#entries) {
      for (const range of affected.ranges) {
        if (range.type === 'GIT') continue;
        const prepared = prepareRange(range, affected.package.ecosystem);
        if (!prepared.ok) continue;
        ranges.push([range, prepared]);
        let list = values.get(prepared.order);
        if (!list) {
          list = [];
          values.set(prepared.order, list);
        }
        for (const event of prepared.events) if (event.value !== undefined) list.push(event.value);
      }
    }
    for (const [order, list] of values) {
      if (order.inTotalOrder && !list.every((value) => order.inTotalOrder!(value)))
        this.#exactBoundaries = false;
      list.sort((a, b) => order.compare(a, b));
      const distinct: unknown[] = [];
      for (const value of list) {
        if (distinct.length === 0 || order.compare(distinct[distinct.length - 1], value) !== 0)
          distinct.push(value);
      }
      this.#boundaries.set(order, distinct);
      this.#versionPositions.set(order, new Map());
    }
    this.#orders.push(...this.#boundaries.keys());
    for (const [range, prepared] of ranges) {
      this.#eventPositions.set(
        range,
        prepared.events.map((event) =>
          event.value === undefined ? Number.NaN : this.#position(prepared.order, event.value),
        ),
      );
    }
  }

  /**
   * `affectedStatus(affected, version)` for an entry of this table, mirroring it step for step
   * with each range's events as integer positions, and the version placed once per order for a
   * run of questions about the same version (a component against every entry of its package).
   */
  status(affected: Affected, version: string): AffectedStatus {
    if (!this.#entries.has(affected)) return affectedStatus(affected, version);
    let compiled = this.#compiled.get(affected);
    if (!compiled) {
      compiled = this.#compile(affected);
      this.#compiled.set(affected, compiled);
    }
    if (compiled.listed?.has(version)) return 'affected';
    const positions = this.#placed(version);
    if (!this.#lastExact) return affectedStatus(affected, version);
    return rangeStatus(compiled, positions);
  }

  /**
   * The evaluation of every entry whose status at `version` is not 'not-affected', in entry
   * order, equal to `evaluateAffected(entry, version)` once the version is put in front of a
   * `versioned` detail (see SharedEvaluation). Unless a `versions` list names the version, the
   * array is `cellEvaluations(version)`, the same object for every version in the cell.
   */
  evaluationsAt(version: string): readonly SharedEvaluation[] {
    const cell = this.#cell(version);
    if (!cell) return this.#evaluatedOneByOne(version);
    const shared = cell.evaluations;
    const listing = this.#listingEntries(version);
    if (listing.length === 0) return shared;
    // Both ascending: merge, the list's evaluation taking the place of the ranges' (as in
    // evaluateAffected, a listed version is decided by the list).
    const merged: SharedEvaluation[] = [];
    let c = 0;
    for (const index of listing) {
      while (c < shared.length && shared[c]!.entry < index) merged.push(shared[c++]!);
      if (c < shared.length && shared[c]!.entry === index) c++;
      merged.push(this.#listedEvaluation(index));
    }
    while (c < shared.length) merged.push(shared[c++]!);
    return merged;
  }

  /**
   * `evaluationsAt(version)` when every version of its boundary cell shares it (the same array
   * object each time); undefined when the version's own evaluations differ from its cell's (a
   * `versions` list names it, or it or a boundary is outside the scheme's total order).
   */
  cellEvaluations(version: string): readonly SharedEvaluation[] | undefined {
    const cell = this.#cell(version);
    return cell && this.#listingEntries(version).length === 0 ? cell.evaluations : undefined;
  }

  /**
   * Indices (ascending) of the entries whose status at `version` is 'affected': the question an
   * upgrade candidate asks, without any evaluation's text.
   */
  affectedEntriesAt(version: string): readonly number[] {
    const cell = this.#cell(version);
    if (!cell) {
      const affected: number[] = [];
      this.#list.forEach((entry, index) => {
        if (affectedStatus(entry, version) === 'affected') affected.push(index);
      });
      return affected;
    }
    if (!cell.affected) {
      cell.affected = [];
      for (const { status, entry } of cell.evaluations) if (status === 'affected') cell.affected.push(entry);
    }
    const listing = this.#listingEntries(version);
    if (listing.length === 0) return cell.affected;
    return [...new Set([...cell.affected, ...listing])].sort((a, b) => a - b);
  }

  /** What the ranges alone say at `version`, once per cell; undefined when positions are not exact. */
  #cell(version: string): Cell | undefined {
    const positions = this.#placed(version);
    if (!this.#lastExact) return undefined;
    const cellKey = positions.length === 1 ? positions[0]! : positions.join(',');
    let cell = this.#cells.get(cellKey);
    if (!cell) {
      cell = { evaluations: [], affected: undefined };
      for (let index = 0; index < this.#list.length; index++) {
        const compiled = this.#compiledAt(index);
        const verdict = rangeVerdict(compiled, positions);
        if (verdict !== 'not-affected')
          cell.evaluations.push(this.#rangeEvaluation(index, compiled, verdict, positions));
      }
      this.#cells.set(cellKey, cell);
    }
    return cell;
  }

  /** evaluationsAt by evaluateAffected itself, entry by entry: nothing shared. */
  #evaluatedOneByOne(version: string): SharedEvaluation[] {
    const evaluations: SharedEvaluation[] = [];
    this.#list.forEach((affected, entry) => {
      const { status, rule, detail, fixedVersions } = evaluateAffected(affected, version);
      if (status !== 'not-affected')
        evaluations.push({ entry, status, rule, detail, versioned: false, fixedVersions });
    });
    return evaluations;
  }

  /**
   * The evaluation of entry `index` for versions at `positions`, given its verdict there: one
   * object per entry and outcome, shared by all the cells where it is the same (for a range, all
   * those between the two events that bound the version).
   */
  #rangeEvaluation(
    index: number,
    compiled: CompiledEntry,
    verdict: Verdict,
    positions: readonly number[],
  ): SharedEvaluation {
    if (verdict === 'unknown') {
      compiled.unknown ??= {
        entry: index,
        status: 'unknown',
        rule: 'none',
        detail: '',
        versioned: false,
        fixedVersions: [],
      };
      return compiled.unknown;
    }
    if (verdict === 'all-versions') {
      compiled.allVersions ??= {
        entry: index,
        status: 'affected',
        rule: 'osv-range',
        detail: ALL_VERSIONS_DETAIL,
        versioned: false,
        fixedVersions: [],
      };
      return compiled.allVersions;
    }
    const packed = insidePositions(verdict.kinds, verdict.positions, positions[verdict.slot]!);
    verdict.evaluations ??= new Map();
    let evaluation = verdict.evaluations.get(packed);
    if (!evaluation) {
      // rangeVerdict returns only ranges it placed the version in, which have events.
      const { order, events } = verdict.prepared!;
      const [opener, closer] = boundingEvents(packed);
      evaluation = {
        entry: index,
        status: 'affected',
        rule: 'osv-range',
        detail: rangeDetail(order, { opener: events[opener], closer: events[closer] }),
        versioned: true,
        fixedVersions: collectFixed(this.#list[index]!.ranges),
      };
      verdict.evaluations.set(packed, evaluation);
    }
    return evaluation;
  }

  #listedEvaluation(index: number): SharedEvaluation {
    let evaluation = this.#listedEvaluations.get(index);
    if (!evaluation) {
      evaluation = {
        entry: index,
        status: 'affected',
        rule: 'osv-versions',
        detail: LISTED_DETAIL,
        versioned: true,
        fixedVersions: collectFixed(this.#list[index]!.ranges),
      };
      this.#listedEvaluations.set(index, evaluation);
    }
    return evaluation;
  }

  /**
   * Indices of the entries whose `versions` list names `version`. Asked of each list in turn at
   * first; once the questions have cost as much as indexing every listed version (pypa records
   * list hundreds each), by one lookup in that index.
   */
  #listingEntries(version: string): readonly number[] {
    const listed = this.#listedIndices;
    if (listed.length === 0) return listed;
    if (!this.#byListedVersion) {
      this.#listedQuestions += listed.length;
      if (this.#listedQuestions > this.#listedVersionCount()) {
        const index = new Map<string, number[]>();
        for (const entry of listed) {
          for (const value of this.#compiledAt(entry).listed!) {
            const entries = index.get(value);
            if (entries) entries.push(entry);
            else index.set(value, [entry]);
          }
        }
        this.#byListedVersion = index;
      }
    }
    if (this.#byListedVersion) return this.#byListedVersion.get(version) ?? NO_ENTRIES;
    const found: number[] = [];
    for (const entry of listed) if (this.#compiledAt(entry).listed!.has(version)) found.push(entry);
    return found;
  }

  #listedVersionCount(): number {
    if (this.#listedTotal === undefined) {
      let total = 0;
      for (const entry of this.#listedIndices) total += this.#compiledAt(entry).listed!.size;
      this.#listedTotal = total;
    }
    return this.#listedTotal;
  }

  #compiledAt(index: number): CompiledEntry {
    let compiled = this.#compiledList[index];
    if (!compiled) {
      const affected = this.#list[index]!;
      compiled = this.#compiled.get(affected) ?? this.#compile(affected);
      this.#compiled.set(affected, compiled);
      this.#compiledList[index] = compiled;
    }
    return compiled;
  }

  #compile(affected: Affected): CompiledEntry {
    const ranges: CompiledRange[] = [];
    for (const range of affected.ranges) {
      const prepared = range.type === 'GIT' ? undefined : prepareRange(range, affected.package.ecosystem);
      const positions = this.#eventPositions.get(range);
      if (!prepared?.ok || !positions) {
        // GIT, no scheme or an unparsable event: 'unknown' for every version, as evaluateRange.
        ranges.push({ slot: -1, kinds: [], positions: [], prepared: undefined, evaluations: undefined });
        continue;
      }
      ranges.push({
        slot: this.#orders.indexOf(prepared.order),
        kinds: prepared.events.map((event) => event.kind),
        positions,
        prepared,
        evaluations: undefined,
      });
    }
    return {
      listed: affected.versions.length > 0 ? listedVersions(affected) : undefined,
      allGit: affected.ranges.every((range) => range.type === 'GIT'),
      ranges,
      unknown: undefined,
      allVersions: undefined,
    };
  }

  #placed(version: string): number[] {
    if (version === this.#lastVersion) return this.#lastPositions;
    // Into the same array each time: every caller uses the positions before placing another version.
    let exact = this.#exactBoundaries;
    const positions = this.#lastPositions;
    for (let slot = 0; slot < this.#orders.length; slot++) {
      const order = this.#orders[slot]!;
      const parsed = order.parse(version);
      if (parsed !== undefined && order.inTotalOrder && !order.inTotalOrder(parsed)) exact = false;
      positions[slot] = parsed === undefined ? Number.NaN : this.#position(order, parsed);
    }
    this.#lastVersion = version;
    this.#lastExact = exact;
    return positions;
  }

  #position(order: VersionOrder, value: unknown): number {
    const boundaries = this.#boundaries.get(order) ?? [];
    let low = 0;
    let high = boundaries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order.compare(boundaries[middle], value) < 0) low = middle + 1;
      else high = middle;
    }
    return low < boundaries.length && order.compare(boundaries[low], value) === 0 ? 2 * low : 2 * low - 1;
  }

  /**
   * Positions for evaluating `range` at `version`; undefined for a range not in the table, or
   * where positions would not answer as comparing does (see #exactBoundaries).
   */
  locate(
    range: AffectedRange,
    prepared: PreparedOk,
    version: string,
    parsedVersion: unknown,
  ): Located | undefined {
    const events = this.#eventPositions.get(range);
    const cache = this.#versionPositions.get(prepared.order);
    if (!events || !cache || !this.#exactBoundaries) return undefined;
    if (prepared.order.inTotalOrder && !prepared.order.inTotalOrder(parsedVersion)) return undefined;
    let position = cache.get(version);
    if (position === undefined) {
      position = this.#position(prepared.order, parsedVersion);
      cache.set(version, position);
    }
    return { version: position, events };
  }
}

const NO_ENTRIES: readonly number[] = [];

interface CompiledRange {
  /** Index of the range's order in the table; -1 when the range decides nothing (GIT, bad event). */
  slot: number;
  kinds: readonly EventKind[];
  /** Event positions (NaN: introduced "0" / limit "*"). */
  positions: readonly number[];
  /** The parsed events (for the detail text); undefined when slot is -1. */
  prepared: PreparedOk | undefined;
  /** The entry's evaluation by the events bounding the version (insidePositions' answer). */
  evaluations: Map<number, SharedEvaluation> | undefined;
}

/** What an entry's ranges decide in a cell, unless 'not-affected' (see rangeVerdict). */
type Verdict = CompiledRange | 'all-versions' | 'unknown';

/** One boundary cell of a table: what the ranges decide for every version in it. */
interface Cell {
  /** Of the entries the ranges do not rule out, ascending. */
  evaluations: SharedEvaluation[];
  /** The entries among them that are affected, once asked (affectedEntriesAt). */
  affected: number[] | undefined;
}

interface CompiledEntry {
  listed: ReadonlySet<string> | undefined;
  allGit: boolean;
  ranges: CompiledRange[];
  /** Its evaluation where the ranges cannot decide, and where it has neither ranges nor list. */
  unknown: SharedEvaluation | undefined;
  allVersions: SharedEvaluation | undefined;
}

/**
 * What an entry's ranges decide for a version placed at `positions` (one per order slot of its
 * table), before its `versions` list is consulted: the first range the version is inside, or
 * 'all-versions' for an entry with neither ranges nor versions. Mirrors evaluateAffected.
 */
function rangeVerdict(compiled: CompiledEntry, positions: readonly number[]): Verdict | 'not-affected' {
  let anyUnknown = false;
  let anyDecided = false;
  for (const range of compiled.ranges) {
    const position = range.slot < 0 ? Number.NaN : positions[range.slot]!;
    if (Number.isNaN(position)) {
      anyUnknown = true;
      continue;
    }
    if (insidePositions(range.kinds, range.positions, position) >= 0) return range;
    anyDecided = true;
  }
  if (!anyDecided && compiled.listed !== undefined && compiled.allGit) return 'not-affected';
  if (anyUnknown && !anyDecided) return 'unknown';
  if (compiled.ranges.length === 0 && compiled.listed === undefined) return 'all-versions';
  return 'not-affected';
}

/** The second half of `BoundaryTable.status`: rangeVerdict as a status. */
function rangeStatus(compiled: CompiledEntry, positions: readonly number[]): AffectedStatus {
  const verdict = rangeVerdict(compiled, positions);
  return verdict === 'not-affected' || verdict === 'unknown' ? verdict : 'affected';
}

/**
 * insideRange over integer positions (see BoundaryTable); NaN events are "0" and "*". Returns -1
 * when the version is outside, else which events bound it, packed in one number (see
 * boundingEvents) so that walking every entry of a cell allocates nothing.
 */
function insidePositions(kinds: readonly EventKind[], positions: readonly number[], version: number): number {
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === 'limit' && !Number.isNaN(positions[i]!) && version - positions[i]! >= 0) return -1;
  }
  let affected = false;
  let opener = -1;
  let closer = -1;
  for (let i = 0; i < kinds.length; i++) {
    const position = positions[i]!;
    const cmp = Number.isNaN(position) ? 1 : version - position;
    const kind = kinds[i];
    if (kind === 'introduced' && cmp >= 0) {
      affected = true;
      opener = i;
      closer = -1;
    } else if (kind === 'fixed' && cmp >= 0) affected = false;
    else if (kind === 'lastAffected' && cmp > 0) affected = false;
    else if (affected && closer === -1 && (kind === 'fixed' || kind === 'lastAffected')) closer = i;
  }
  return affected ? (opener + 1) * EVENT_SLOTS + closer + 1 : -1;
}

/** Events per range the packing of insidePositions allows (a range has a handful). */
const EVENT_SLOTS = 2 ** 20;

/** The opener and closer indices (-1: none) packed by insidePositions. */
function boundingEvents(packed: number): [opener: number, closer: number] {
  return [Math.floor(packed / EVENT_SLOTS) - 1, (packed % EVENT_SLOTS) - 1];
}

/**
 * `evaluateAffected(affected, version, table).status`, without building the evaluation: a scan
 * asks this of every entry naming a package and most answers are 'not-affected', whose detail
 * text nobody reads. Mirrors evaluateAffected step for step.
 */
export function affectedStatus(affected: Affected, version: string, table?: BoundaryTable): AffectedStatus {
  if (affected.versions.length > 0 && listedVersions(affected).has(version)) return 'affected';
  let anyUnknown = false;
  let anyDecided = false;
  for (const range of affected.ranges) {
    if (range.type === 'GIT') {
      anyUnknown = true;
      continue;
    }
    const prepared = prepareRange(range, affected.package.ecosystem);
    if (!prepared.ok) {
      anyUnknown = true;
      continue;
    }
    const parsedVersion = prepared.order.parse(version);
    if (parsedVersion === undefined) {
      anyUnknown = true;
      continue;
    }
    const located = table?.locate(range, prepared, version, parsedVersion);
    if (insideRange(prepared.order, prepared.events, parsedVersion, undefined, located)) return 'affected';
    anyDecided = true;
  }
  if (!anyDecided && affected.versions.length > 0 && affected.ranges.every((range) => range.type === 'GIT'))
    return 'not-affected';
  if (anyUnknown && !anyDecided) return 'unknown';
  if (affected.ranges.length === 0 && affected.versions.length === 0) return 'affected';
  return 'not-affected';
}

/** The `versions` list of each affected entry as a set: pypa lists run to hundreds of versions. */
const versionSets = new WeakMap<Affected, ReadonlySet<string>>();

function listedVersions(affected: Affected): ReadonlySet<string> {
  let set = versionSets.get(affected);
  if (!set) {
    set = new Set(affected.versions);
    versionSets.set(affected, set);
  }
  return set;
}

const LISTED_DETAIL = " is listed in the advisory's affected versions";
const ALL_VERSIONS_DETAIL = 'the advisory lists no ranges or versions: all versions affected';

/** Evaluates `version` against one affected entry of an advisory. */
export function evaluateAffected(
  affected: Affected,
  version: string,
  table?: BoundaryTable,
): RangeEvaluation {
  const ecosystem = affected.package.ecosystem;
  if (affected.versions.length > 0 && listedVersions(affected).has(version)) {
    return {
      status: 'affected',
      detail: `${version}${LISTED_DETAIL}`,
      rule: 'osv-versions',
      fixedVersions: collectFixed(affected.ranges),
    };
  }
  const unknownDetails: string[] = [];
  let anyDecided = false;
  for (const range of affected.ranges) {
    const result = evaluateRange(range, ecosystem, version, table);
    if (result.status === 'affected') {
      return {
        status: 'affected',
        detail: result.detail,
        rule: 'osv-range',
        fixedVersions: collectFixed(affected.ranges),
      };
    }
    if (result.status === 'unknown') unknownDetails.push(result.detail);
    else anyDecided = true;
  }
  // An enumerated versions list is complete for the versions it covers: with only GIT ranges
  // beside it, a version absent from the list is not affected.
  if (!anyDecided && affected.versions.length > 0 && affected.ranges.every((range) => range.type === 'GIT')) {
    return {
      status: 'not-affected',
      detail: `${version} not in the affected versions list`,
      rule: 'none',
      fixedVersions: [],
    };
  }
  if (unknownDetails.length > 0 && !anyDecided) {
    return { status: 'unknown', detail: unknownDetails.join('; '), rule: 'none', fixedVersions: [] };
  }
  if (affected.ranges.length === 0 && affected.versions.length === 0) {
    // The schema leaves this case open; osv-scanner treats an entry with neither ranges nor
    // versions (typical of malicious-package records) as affecting every version, and so do we.
    return {
      status: 'affected',
      detail: ALL_VERSIONS_DETAIL,
      rule: 'osv-range',
      fixedVersions: [],
    };
  }
  return {
    status: 'not-affected',
    detail: `${version} outside the affected ranges`,
    rule: 'none',
    fixedVersions: [],
  };
}

/**
 * The `fixed` events of an entry's ranges, once per entry (every affected version of a package
 * asks again). Shared and frozen: callers only read it.
 */
const fixedLists = new WeakMap<readonly AffectedRange[], readonly string[]>();

export function collectFixed(ranges: readonly AffectedRange[]): readonly string[] {
  let cached = fixedLists.get(ranges);
  if (!cached) {
    cached = Object.freeze(fixedVersionsOf(ranges));
    fixedLists.set(ranges, cached);
  }
  return cached;
}

function fixedVersionsOf(ranges: readonly AffectedRange[]): string[] {
  const fixed = new Set<string>();
  for (const range of ranges) {
    if (range.type === 'GIT') continue;
    for (const event of range.events) if ('fixed' in event) fixed.add(event.fixed);
  }
  return [...fixed];
}
