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
  fixedVersions: string[];
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

function evaluateRange(range: AffectedRange, ecosystem: string, version: string): SingleRangeResult {
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

  // Limits bound the whole range from above.
  for (const event of events) {
    if (
      event.kind === 'limit' &&
      event.value !== undefined &&
      order.compare(parsedVersion, event.value) >= 0
    ) {
      return { status: 'not-affected', detail: `${version} >= limit ${event.raw}` };
    }
  }

  let affected = false;
  let opener: ParsedEvent | undefined;
  let closer: ParsedEvent | undefined;
  for (const event of events) {
    const cmp = event.value === undefined ? 1 : order.compare(parsedVersion, event.value);
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
  // Not-affected details are never shown (evaluateAffected words its own), and a scan decides
  // millions of them: no string building on this path.
  if (!affected) return NOT_AFFECTED;
  const lower = opener?.value === undefined ? '[0' : `[introduced ${opener.raw}`;
  const upper = closer
    ? closer.kind === 'fixed'
      ? `, fixed ${closer.raw})`
      : `, last_affected ${closer.raw}]`
    : ', ∞)';
  return {
    status: 'affected',
    detail: `${version} in ${lower}${upper} (${order.name})`,
    ...(closer?.kind === 'fixed' ? { fixed: closer.raw } : {}),
  };
}

const NOT_AFFECTED: SingleRangeResult = { status: 'not-affected', detail: 'outside the range' };

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

/** Evaluates `version` against one affected entry of an advisory. */
export function evaluateAffected(affected: Affected, version: string): RangeEvaluation {
  const ecosystem = affected.package.ecosystem;
  if (affected.versions.length > 0 && listedVersions(affected).has(version)) {
    return {
      status: 'affected',
      detail: `${version} is listed in the advisory's affected versions`,
      rule: 'osv-versions',
      fixedVersions: collectFixed(affected.ranges),
    };
  }
  const unknownDetails: string[] = [];
  let anyDecided = false;
  for (const range of affected.ranges) {
    const result = evaluateRange(range, ecosystem, version);
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
      detail: 'the advisory lists no ranges or versions: all versions affected',
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

function collectFixed(ranges: readonly AffectedRange[]): string[] {
  const fixed = new Set<string>();
  for (const range of ranges) {
    if (range.type === 'GIT') continue;
    for (const event of range.events) if ('fixed' in event) fixed.add(event.fixed);
  }
  return [...fixed];
}
