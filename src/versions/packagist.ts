/**
 * Packagist (Composer): Composer compares normalised versions with PHP's `version_compare`
 * (https://www.php.net/manual/en/function.version-compare.php, php-src ext/standard/versioning.c;
 * Composer: https://getcomposer.org/doc/articles/versions.md). A leading `v` is dropped; `-`, `_`
 * and `+` become `.`, and a `.` is inserted wherever digits meet non-digits; the parts then compare
 * left to right: numbers numerically; words by their special form,
 * (unknown) < dev < alpha = a < beta = b < RC = rc < # < pl = p; a number against a word counts
 * as `#`. When one side runs out, a following number makes it greater, otherwise the rest is
 * compared against `#`.
 */
import { compareDigits, isAllDigits, stripLeadingZeros } from './shared/numeric.js';
import type { VersionScheme } from './types.js';

interface PackagistPart {
  readonly digits: string | undefined;
  /** Special-form weight for words (and 4 for numbers, which count as `#`). */
  readonly weight: number;
}

export interface PackagistVersion {
  readonly raw: string;
  readonly parts: readonly PackagistPart[];
}

const SPECIAL_FORMS: readonly (readonly [string, number])[] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function weigh(word: string): number {
  for (const [name, weight] of SPECIAL_FORMS) if (word.startsWith(name)) return weight;
  return -1;
}

const HASH: readonly PackagistPart[] = [{ digits: undefined, weight: 4 }];

export function parsePackagistVersion(raw: string): PackagistVersion | undefined {
  let text = raw.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  if (text[0] === 'v' || text[0] === 'V') text = text.slice(1);
  const canonical = text
    .replace(/[-_+]/g, '.')
    .replace(/([^\d.])(?=\d)/g, '$1.')
    .replace(/(\d)(?=[^\d.])/g, '$1.');
  const parts = canonical
    .split('.')
    .map((part) =>
      isAllDigits(part)
        ? { digits: stripLeadingZeros(part), weight: 4 }
        : { digits: undefined, weight: weigh(part) },
    );
  return { raw, parts };
}

function compareFrom(
  a: readonly PackagistPart[],
  ai: number,
  b: readonly PackagistPart[],
  bi: number,
): -1 | 0 | 1 {
  while (ai < a.length && bi < b.length) {
    const x = a[ai] as PackagistPart;
    const y = b[bi] as PackagistPart;
    let diff: number;
    if (x.digits !== undefined && y.digits !== undefined) diff = compareDigits(x.digits, y.digits);
    else diff = x.weight - y.weight;
    if (diff !== 0) return diff < 0 ? -1 : 1;
    ai += 1;
    bi += 1;
  }
  if (ai < a.length) return (a[ai] as PackagistPart).digits !== undefined ? 1 : compareFrom(a, ai, HASH, 0);
  if (bi < b.length) return (b[bi] as PackagistPart).digits !== undefined ? -1 : compareFrom(HASH, 0, b, bi);
  return 0;
}

export function comparePackagistVersions(a: PackagistVersion, b: PackagistVersion): -1 | 0 | 1 {
  return compareFrom(a.parts, 0, b.parts, 0);
}

export const packagistScheme: VersionScheme<PackagistVersion> = {
  ecosystem: 'Packagist',
  specUrl: 'https://www.php.net/manual/en/function.version-compare.php',
  parse: parsePackagistVersion,
  compare: comparePackagistVersions,
};
