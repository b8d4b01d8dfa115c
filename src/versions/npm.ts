/**
 * npm: SemVer 2.0.0 as implemented by node-semver. Ordering uses the shared SemVer comparator
 * (exact for components of any size, which node-semver rejects above 2^53); the native range
 * syntax (`^1.2.3 || >=2 <3`, hyphen ranges, x-ranges) is node-semver's own `satisfies`.
 */
import semver from 'semver';
import { compareSemverLike, parseSemverLike, type SemverLike } from './shared/semver-like.js';
import type { VersionScheme } from './types.js';

export const npmScheme: VersionScheme<SemverLike> = {
  ecosystem: 'npm',
  specUrl: 'https://github.com/npm/node-semver#versions',
  parse: (raw) => parseSemverLike(raw.trim()),
  compare: compareSemverLike,
  satisfies(version, range) {
    if (semver.validRange(range) === null) return undefined;
    // Advisories mean every release in the range, so pre-releases are not excluded the way npm's
    // install resolution excludes them.
    const parsed = semver.parse(version.raw.trim());
    if (parsed === null) return undefined;
    return semver.satisfies(parsed, range, { includePrerelease: true });
  },
};
