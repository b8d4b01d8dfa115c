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
}

// Go module versions carry a leading 'v' and OSV's Go ranges do not; SemVer itself has no 'v'.
function stripV(raw: string): string {
  return raw.startsWith('v') ? raw.slice(1) : raw;
}

const semverCache = new Map<string, semver.SemVer | null>();

const SEMVER_ORDER: VersionOrder = {
  name: 'SemVer 2.0.0',
  parse(raw) {
    let parsed = semverCache.get(raw);
    if (parsed === undefined) {
      parsed = semver.parse(stripV(raw));
      if (semverCache.size > 100_000) semverCache.clear();
      semverCache.set(raw, parsed);
    }
    return parsed ?? undefined;
  },
  compare(a, b) {
    return semver.compare(a as semver.SemVer, b as semver.SemVer);
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
  };
  ecosystemOrders.set(ecosystem, order);
  return order;
}
