/**
 * Hackage: Haskell package versions are non-empty sequences of non-negative integers
 * (Cabal's `Distribution.Types.Version`, the Package Versioning Policy https://pvp.haskell.org/)
 * ordered lexicographically as lists, so `1.0 < 1.0.0`. No tags, no other syntax.
 */
import { compareDigitListsStrict, stripLeadingZeros } from './shared/numeric.js';
import type { VersionScheme } from './types.js';

export interface HackageVersion {
  readonly raw: string;
  readonly numbers: readonly string[];
}

export function parseHackageVersion(raw: string): HackageVersion | undefined {
  const text = raw.trim();
  if (!/^[0-9]+(?:\.[0-9]+)*$/.test(text)) return undefined;
  return { raw, numbers: text.split('.').map(stripLeadingZeros) };
}

export function compareHackageVersions(a: HackageVersion, b: HackageVersion): -1 | 0 | 1 {
  return compareDigitListsStrict(a.numbers, b.numbers);
}

export const hackageScheme: VersionScheme<HackageVersion> = {
  ecosystem: 'Hackage',
  specUrl: 'https://pvp.haskell.org/',
  parse: parseHackageVersion,
  compare: compareHackageVersions,
};
