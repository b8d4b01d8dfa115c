/**
 * Go modules: semantic versions with a `v` prefix (https://go.dev/ref/mod#versions). OSV writes
 * them without the `v`; both are accepted. Pseudo-versions (`v0.0.0-20210101120000-abcdef123456`,
 * `v1.2.4-0.20210101120000-abcdef123456`) are SemVer pre-releases and so sort before the release
 * they precede, exactly as the go command orders them; `+incompatible` is build metadata and is
 * ignored for ordering (https://go.dev/ref/mod#incompatible-versions). Go has no range syntax.
 */
import { compareSemverLike, parseSemverLike, type SemverLike } from './shared/semver-like.js';
import type { VersionScheme } from './types.js';

export const goScheme: VersionScheme<SemverLike> = {
  ecosystem: 'Go',
  specUrl: 'https://go.dev/ref/mod#versions',
  parse: (raw) => parseSemverLike(raw.trim()),
  compare: compareSemverLike,
};
