/**
 * Generic: OSV's "Generic" ecosystem (and Ward's explicit semver-like fallback for data that
 * says so). Registered under this name only: an unknown ecosystem never falls back to it.
 */
import { compareSemverLike, parseSemverLike, type SemverLike } from './shared/semver-like.js';
import type { VersionScheme } from './types.js';

export const genericScheme: VersionScheme<SemverLike> = {
  ecosystem: 'Generic',
  specUrl: 'https://semver.org/spec/v2.0.0.html',
  parse: (raw) => parseSemverLike(raw.trim()),
  compare: compareSemverLike,
};
