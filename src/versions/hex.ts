/**
 * Hex (Erlang/Elixir): Elixir's `Version` module is SemVer 2.0.0 (build metadata ignored for
 * precedence). Native range syntax is Elixir's requirement syntax (`~> 2.0 and >= 2.1 or == 3.0`),
 * https://hexdocs.pm/elixir/Version.html#module-requirements.
 */

import { compareSemverLike, parseSemverLike, type SemverLike } from './shared/semver-like.js';
import { satisfiesElixirRequirement } from './shared/semver-ranges.js';
import type { VersionScheme } from './types.js';

export const hexScheme: VersionScheme<SemverLike> = {
  ecosystem: 'Hex',
  specUrl: 'https://hexdocs.pm/elixir/Version.html',
  parse: (raw) => parseSemverLike(raw.trim()),
  compare: compareSemverLike,
  satisfies: (version, range) => satisfiesElixirRequirement(version, range, compareSemverLike),
};
