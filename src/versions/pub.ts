/**
 * Pub (Dart): pub_semver's ordering (https://github.com/dart-lang/pub_semver, `Version.compareTo`).
 * Like SemVer 2.0.0 except that build metadata is ordered: a version with a build is greater than
 * the same version without one, and builds compare identifier by identifier (numbers numerically
 * and below strings). Native ranges: `any`, `^1.2.3`, and space-separated comparators.
 */

import {
  compareIdentifiers,
  compareSemverLike,
  parseSemverLike,
  type SemverLike,
} from './shared/semver-like.js';
import { satisfiesPubConstraint } from './shared/semver-ranges.js';
import type { VersionScheme } from './types.js';

export function comparePubVersions(a: SemverLike, b: SemverLike): -1 | 0 | 1 {
  const base = compareSemverLike(a, b);
  if (base !== 0) return base;
  if (a.build.length === 0 || b.build.length === 0) {
    if (a.build.length === b.build.length) return 0;
    return a.build.length === 0 ? -1 : 1;
  }
  return compareIdentifiers(a.build, b.build);
}

export const pubScheme: VersionScheme<SemverLike> = {
  ecosystem: 'Pub',
  specUrl: 'https://dart.dev/tools/pub/versioning#semantic-versions',
  parse: (raw) => parseSemverLike(raw.trim()),
  compare: comparePubVersions,
  satisfies: (version, range) => satisfiesPubConstraint(version, range, comparePubVersions),
};
