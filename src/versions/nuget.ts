/**
 * NuGet: SemVer 2.0.0 with up to four numeric parts (`1.0.0.1`; missing parts are 0, so
 * `1.0 = 1.0.0.0`), case-insensitive pre-release labels, build metadata ignored
 * (https://learn.microsoft.com/en-us/nuget/concepts/package-versioning#normalized-version-numbers).
 * Native ranges are NuGet's interval notation (`[1.0,2.0)`, `1.0` = `>= 1.0`).
 */
import { satisfiesIntervalRange } from './shared/interval-range.js';
import { compareSemverLike, parseSemverLike, type SemverLike } from './shared/semver-like.js';
import type { VersionScheme } from './types.js';

function parseNuGetVersion(raw: string): SemverLike | undefined {
  // System.Version / NuGetVersion.TryParse: at most four numeric parts.
  return parseSemverLike(raw.trim(), { lowercase: true, maxNumbers: 4 });
}

export const nugetScheme: VersionScheme<SemverLike> = {
  ecosystem: 'NuGet',
  specUrl: 'https://learn.microsoft.com/en-us/nuget/concepts/package-versioning',
  parse: parseNuGetVersion,
  compare: compareSemverLike,
  satisfies: (version, range) =>
    satisfiesIntervalRange(version, range, parseNuGetVersion, compareSemverLike, { bareMeansMinimum: true }),
};
