/**
 * The ordering a range is evaluated in. OSV says `SEMVER` ranges use SemVer 2.0.0 precedence
 * whatever the ecosystem (https://ossf.github.io/osv-schema/#affectedrangestype-field), while
 * `ECOSYSTEM` ranges use the ecosystem's own scheme.
 */
import semver from 'semver';
import { getVersionScheme, parseVersionCached } from '../versions/index.js';

export interface VersionOrder {
  /** Scheme name, for explanations ('SemVer 2.0.0', 'PyPI'). */
  readonly name: string;
  parse(raw: string): unknown;
  compare(a: unknown, b: unknown): number;
  /** False for a value where `compare` is not transitive (see VersionScheme.inTotalOrder). */
  inTotalOrder?(value: unknown): boolean;
}

// Go module versions carry a leading 'v' and OSV's Go ranges do not; SemVer itself has no 'v'.
function stripV(raw: string): string {
  return raw.startsWith('v') ? raw.slice(1) : raw;
}

// Go release names omit a zero patch ("1.19" is go1.19.0) and osv.dev answers them as x.y.0:
// the ground-truth recording returns GO-2022-0969 ([1.19.0-0, 1.19.1)) for stdlib "1.19".
// Only bare MAJOR or MAJOR.MINOR is padded; anything else must be strict SemVer.
const SHORT_RELEASE = /^(\d+)(?:\.(\d+))?$/;

function semverText(raw: string): string {
  const text = stripV(raw);
  const short = SHORT_RELEASE.exec(text);
  return short ? `${short[1]}.${short[2] ?? '0'}.0` : text;
}

const semverCache = new Map<string, semver.SemVer | null>();

const SEMVER_ORDER: VersionOrder = {
  name: 'SemVer 2.0.0',
  parse(raw) {
    let parsed = semverCache.get(raw);
    if (parsed === undefined) {
      parsed = semver.parse(semverText(raw));
      if (semverCache.size > 100_000) semverCache.clear();
      semverCache.set(raw, parsed);
    }
    return parsed ?? undefined;
  },
  compare(a, b) {
    // `semver.compare(a, b)` is `new SemVer(a).compare(new SemVer(b))`: with SemVer arguments
    // the constructor hands back its argument, but `new` has already allocated two objects, and
    // a scan compares millions of times. Same method, same answer, no garbage.
    return (a as semver.SemVer).compare(b as semver.SemVer);
  },
};

const ecosystemOrders = new Map<string, VersionOrder | undefined>();

/** The order for `rangeType` in `ecosystem`, or undefined when Ward has no scheme for it. */
export function versionOrderFor(
  rangeType: 'SEMVER' | 'ECOSYSTEM',
  ecosystem: string,
): VersionOrder | undefined {
  if (rangeType === 'SEMVER') return SEMVER_ORDER;
  if (ecosystemOrders.has(ecosystem)) return ecosystemOrders.get(ecosystem);
  const scheme = getVersionScheme(ecosystem);
  const order: VersionOrder | undefined = scheme && {
    name: scheme.ecosystem,
    parse: (raw) => parseVersionCached(scheme, raw),
    compare: (a, b) => scheme.compare(a, b),
    inTotalOrder: scheme.inTotalOrder && ((value) => scheme.inTotalOrder!(value)),
  };
  ecosystemOrders.set(ecosystem, order);
  return order;
}
