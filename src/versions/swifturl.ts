/**
 * SwiftURL: Swift Package Manager versions are SemVer 2.0.0
 * (https://github.com/swiftlang/swift-package-manager/blob/main/Documentation/Usage.md#requiring-system-libraries
 * defers to https://semver.org); OSV's SwiftURL ecosystem uses SemVer ordering.
 */
import { compareSemverLike, parseSemverLike, type SemverLike } from './shared/semver-like.js';
import type { VersionScheme } from './types.js';

export const swifturlScheme: VersionScheme<SemverLike> = {
  ecosystem: 'SwiftURL',
  specUrl: 'https://semver.org/spec/v2.0.0.html',
  parse: (raw) => parseSemverLike(raw.trim()),
  compare: compareSemverLike,
};
