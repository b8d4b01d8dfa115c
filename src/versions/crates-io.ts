/**
 * crates.io: Cargo versions are SemVer 2.0.0 (https://doc.rust-lang.org/cargo/reference/resolver.html#semver-compatibility).
 * Native range syntax is Cargo's requirement syntax
 * (https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html): comma-separated
 * comparators that must all hold, where a bare version means caret.
 */

import { compareSemverLike, parseSemverLike, type SemverLike } from './shared/semver-like.js';
import { satisfiesCargoRequirement } from './shared/semver-ranges.js';
import type { VersionScheme } from './types.js';

export const cratesIoScheme: VersionScheme<SemverLike> = {
  ecosystem: 'crates.io',
  specUrl: 'https://semver.org/spec/v2.0.0.html',
  parse: (raw) => parseSemverLike(raw.trim()),
  compare: compareSemverLike,
  satisfies: (version, range) => satisfiesCargoRequirement(version, range, compareSemverLike),
};
