/**
 * RubyGems: `Gem::Version` (https://github.com/rubygems/rubygems/blob/master/lib/rubygems/version.rb,
 * documented at https://guides.rubygems.org/patterns/#semantic-versioning):
 * `-` means `.pre.`; segments are digit runs and letter runs; trailing zeros are dropped from the
 * release part and from the pre-release part; segments compare pairwise (missing = 0), numbers
 * numerically, strings bytewise, and a string (pre-release) sorts below a number.
 * Native ranges: Gem::Requirement (`~> 2.2`, `>= 1.0, < 2`, `!= 1.5`).
 */
import { compareDigits, compareStrings, isDigitCode, stripLeadingZeros } from './shared/numeric.js';
import type { VersionScheme } from './types.js';

/** A segment: normalized digits, or letters prefixed with '#' so the two never collide. */
export interface RubyGemsVersion {
  readonly raw: string;
  readonly segments: readonly string[];
}

// Gem::Version::ANCHORED_VERSION_PATTERN, relaxed (as OSV is) to letters right after the first
// number (`1beta`), which gems in the wild and advisories use; linear (single-class runs).
const VERSION = /^[0-9]+[0-9A-Za-z]*(?:[.-][0-9A-Za-z]+)*$/;

function isNumeric(segment: string): boolean {
  return segment.length > 0 && isDigitCode(segment.charCodeAt(0));
}

export function parseRubyGemsVersion(raw: string): RubyGemsVersion | undefined {
  const text = raw.trim();
  if (!VERSION.test(text)) return undefined;
  const scanned = (text.replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((segment) =>
    isDigitCode(segment.charCodeAt(0)) ? stripLeadingZeros(segment) : segment,
  );
  const firstString = scanned.findIndex((segment) => !isNumeric(segment));
  const release = firstString === -1 ? scanned : scanned.slice(0, firstString);
  const prerelease = firstString === -1 ? [] : scanned.slice(firstString);
  while (release.at(-1) === '0') release.pop();
  while (prerelease.at(-1) === '0') prerelease.pop();
  return { raw, segments: [...release, ...prerelease] };
}

export function compareRubyGemsVersions(a: RubyGemsVersion, b: RubyGemsVersion): -1 | 0 | 1 {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.segments[i] ?? '0';
    const y = b.segments[i] ?? '0';
    if (x === y) continue;
    const xNumeric = isNumeric(x);
    const yNumeric = isNumeric(y);
    if (xNumeric && yNumeric) return compareDigits(x, y);
    if (xNumeric) return 1;
    if (yNumeric) return -1;
    return compareStrings(x, y);
  }
  return 0;
}

/** Gem::Requirement: comma-separated `op version`; `~> 2.2.1` means `>= 2.2.1, < 2.3`. */
function satisfiesGemRequirement(version: RubyGemsVersion, range: string): boolean | undefined {
  let result = true;
  for (const part of range.split(',')) {
    const match = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(part);
    if (!match) return undefined;
    const bound = parseRubyGemsVersion(match[2] as string);
    if (!bound) return undefined;
    const diff = compareRubyGemsVersions(version, bound);
    const op = match[1] ?? '=';
    let ok: boolean;
    if (op === '~>') {
      ok = diff >= 0 && compareRubyGemsVersions(version, pessimisticUpper(bound)) < 0;
    } else {
      ok =
        { '=': diff === 0, '!=': diff !== 0, '>': diff > 0, '>=': diff >= 0, '<': diff < 0, '<=': diff <= 0 }[
          op
        ] ?? false;
    }
    if (!ok) result = false;
  }
  return result;
}

/** Gem::Version#bump: drop pre-release and the last segment, then increment the new last one. */
function pessimisticUpper(bound: RubyGemsVersion): RubyGemsVersion {
  const release = bound.segments.filter(isNumeric);
  const kept = release.length > 1 ? release.slice(0, -1) : release;
  const last = kept.length - 1;
  const segments = kept.map((segment, i) => (i === last ? (BigInt(segment) + 1n).toString() : segment));
  // The upper bound excludes its own pre-releases as RubyGems does (`< 3.a`).
  return { raw: segments.join('.'), segments: [...segments, 'a'] };
}

export const rubygemsScheme: VersionScheme<RubyGemsVersion> = {
  ecosystem: 'RubyGems',
  specUrl: 'https://guides.rubygems.org/patterns/#semantic-versioning',
  parse: parseRubyGemsVersion,
  compare: compareRubyGemsVersions,
  satisfies: satisfiesGemRequirement,
};
