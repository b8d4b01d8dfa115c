/**
 * Public API of the versions context: look up an ecosystem's scheme, compare and sort versions,
 * and parse with a cache for hot loops (matching evaluates the same OSV range versions over and
 * over). An unknown ecosystem is `undefined` / an `input.unsupported` error — never a fallback.
 */
import { baseEcosystem, type Ecosystem } from '../core/ecosystem.js';
import { WardError } from '../core/errors.js';
import { VERSION_SCHEMES } from './registry.js';
import type { VersionScheme } from './types.js';

export { VERSION_SCHEMES } from './registry.js';
export type { VersionScheme } from './types.js';

/** The scheme for an OSV ecosystem (`Debian:12` → Debian's), or undefined when Ward has none. */
export function getVersionScheme(ecosystem: Ecosystem): VersionScheme | undefined {
  return VERSION_SCHEMES.get(baseEcosystem(ecosystem));
}

/** Supported ecosystem names, in registry (alphabetical) order. */
export function listVersionEcosystems(): string[] {
  return [...VERSION_SCHEMES.keys()];
}

/** Bound per scheme: enough for every distinct version in a large advisory set, still small. */
const CACHE_LIMIT = 50_000;
const MISSING = Symbol('unparsable');
const caches = new WeakMap<VersionScheme, Map<string, unknown>>();

/**
 * `scheme.parse(raw)` memoised per scheme. When the cache is full it is dropped wholesale: cheaper
 * than LRU bookkeeping on every hit, and a refill costs one parse per version.
 */
export function parseVersionCached<V>(scheme: VersionScheme<V>, raw: string): V | undefined {
  let cache = caches.get(scheme as VersionScheme);
  if (cache === undefined) {
    cache = new Map();
    caches.set(scheme as VersionScheme, cache);
  }
  const hit = cache.get(raw);
  if (hit !== undefined) return hit === MISSING ? undefined : (hit as V);
  const parsed = scheme.parse(raw);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, parsed === undefined ? MISSING : parsed);
  return parsed;
}

/** Like getVersionScheme, but an unknown ecosystem throws WardError('input.unsupported'). */
export function requireVersionScheme(ecosystem: Ecosystem): VersionScheme {
  const scheme = getVersionScheme(ecosystem);
  if (scheme === undefined) {
    throw new WardError(
      'input.unsupported',
      `no version ordering for ecosystem '${ecosystem}' (supported: ${listVersionEcosystems().join(', ')})`,
    );
  }
  return scheme;
}

function requireVersion(scheme: VersionScheme, raw: string, ecosystem: Ecosystem, line?: number): unknown {
  const parsed = parseVersionCached(scheme, raw);
  if (parsed === undefined) {
    throw new WardError(
      'input.invalid',
      `expected a ${ecosystem} version, got '${raw}'`,
      line === undefined ? {} : { line },
    );
  }
  return parsed;
}

/** -1, 0 or 1 as `a` sorts before, equal to or after `b` in the ecosystem's ordering. */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): -1 | 0 | 1 {
  const scheme = requireVersionScheme(ecosystem);
  return scheme.compare(requireVersion(scheme, a, ecosystem), requireVersion(scheme, b, ecosystem));
}

/**
 * Ascending copy of `versions`; versions that compare equal keep their input order
 * (Array.prototype.sort is stable). Throws `input.invalid` naming the 1-based position of the
 * first unparsable version.
 */
export function sortVersions(ecosystem: Ecosystem, versions: readonly string[]): string[] {
  const scheme = requireVersionScheme(ecosystem);
  const parsed = versions.map((raw, index) => ({
    raw,
    value: requireVersion(scheme, raw, ecosystem, index + 1),
  }));
  parsed.sort((x, y) => scheme.compare(x.value, y.value));
  return parsed.map((entry) => entry.raw);
}
