/**
 * Alpine (apk): `number{.number}…{letter}{_suffix{number}}…{~hash}{-r#}` as documented in
 * apk-tools (https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/doc/apk-package.5.scd,
 * ordering from src/version.c), read the way OSV reads it:
 * - numeric components compare numerically, except that after the first component a component
 *   with a leading zero compares as a string (Gentoo's rule, so `1.01 < 1.1`);
 * - no letter < any letter; suffixes in the order
 *   _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p, each with its number;
 * - `~hash` is ignored (commits have no order); `-rN` is the package revision (absent = 0);
 * - trailing text that fits none of this sorts below the same version without it; two versions
 *   apk calls invalid (no `-r` before the junk) then compare as strings, as OSV does.
 */
import { compareDigits, compareStrings, isDigitCode, stripLeadingZeros } from './shared/numeric.js';
import type { VersionScheme } from './types.js';

interface Suffix {
  readonly weight: number;
  readonly digits: string;
}

export interface AlpineVersion {
  readonly raw: string;
  /** Components as written (for the leading-zero rule). */
  readonly components: readonly string[];
  /** Components with leading zeros stripped. */
  readonly values: readonly string[];
  readonly letter: string;
  readonly suffixes: readonly Suffix[];
  readonly revision: string;
  /** Unparsed tail; '' when the whole string fits the grammar. */
  readonly remainder: string;
  /** The tail does not even start with `-r` (apk and OSV call the version invalid). */
  readonly invalid: boolean;
}

const SUFFIX_WEIGHTS = new Map([
  ['alpha', 0],
  ['beta', 1],
  ['pre', 2],
  ['rc', 3],
  ['cvs', 5],
  ['svn', 6],
  ['git', 7],
  ['hg', 8],
  ['p', 9],
]);
const NO_SUFFIX: Suffix = { weight: 4, digits: '0' };
const SUFFIX = /^_(alpha|beta|pre|rc|cvs|svn|git|hg|p)([0-9]*)/;

export function parseAlpineVersion(raw: string): AlpineVersion | undefined {
  const text = raw.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  let position = 0;
  const components: string[] = [];
  // number{.number}…; a trailing or doubled '.' ends the numeric part as OSV's `^((\d+)\.?)*` does.
  for (;;) {
    let end = position;
    while (end < text.length && isDigitCode(text.charCodeAt(end))) end += 1;
    if (end === position) break;
    components.push(text.slice(position, end));
    position = end;
    if (text.charCodeAt(position) === 46) position += 1;
    else break;
  }
  let letter = '';
  const code = text.charCodeAt(position);
  if (code >= 97 && code <= 122) {
    letter = text[position] as string;
    position += 1;
  }
  const suffixes: Suffix[] = [];
  for (;;) {
    const match = SUFFIX.exec(text.slice(position));
    if (!match) break;
    suffixes.push({
      weight: SUFFIX_WEIGHTS.get(match[1] as string) ?? 4,
      digits: stripLeadingZeros(match[2] || '0'),
    });
    position += match[0].length;
  }
  const hash = /^~[0-9a-f]+/.exec(text.slice(position));
  if (hash) position += hash[0].length;
  let revision = '0';
  const build = /^-r([0-9]*)/.exec(text.slice(position));
  if (build) {
    revision = stripLeadingZeros(build[1] || '0');
    position += build[0].length;
  }
  return {
    raw,
    components,
    values: components.map(stripLeadingZeros),
    letter,
    suffixes,
    revision,
    remainder: text.slice(position),
    invalid: !build && position < text.length,
  };
}

function compareComponent(a: AlpineVersion, b: AlpineVersion, index: number): -1 | 0 | 1 {
  const aText = a.components[index] ?? '0';
  const bText = b.components[index] ?? '0';
  if (index > 0 && (aText.charCodeAt(0) === 48 || bText.charCodeAt(0) === 48))
    return compareStrings(aText, bText);
  return compareDigits(a.values[index] ?? '0', b.values[index] ?? '0');
}

export function compareAlpineVersions(a: AlpineVersion, b: AlpineVersion): -1 | 0 | 1 {
  const components = Math.max(a.components.length, b.components.length);
  for (let i = 0; i < components; i += 1) {
    const diff = compareComponent(a, b, i);
    if (diff !== 0) return diff;
  }
  if (a.letter !== b.letter) {
    if (a.letter === '') return -1;
    if (b.letter === '') return 1;
    return a.letter < b.letter ? -1 : 1;
  }
  const suffixes = Math.max(a.suffixes.length, b.suffixes.length);
  for (let i = 0; i < suffixes; i += 1) {
    const x = a.suffixes[i] ?? NO_SUFFIX;
    const y = b.suffixes[i] ?? NO_SUFFIX;
    if (x.weight !== y.weight) return x.weight < y.weight ? -1 : 1;
    const diff = compareDigits(x.digits, y.digits);
    if (diff !== 0) return diff;
  }
  const revision = compareDigits(a.revision, b.revision);
  if (revision !== 0) return revision;
  // Trailing junk: a clean version is greater. Past that, OSV (whose vectors pin this) orders two
  // invalid versions as strings and treats any other pair as equal. That corner is not a total
  // order (see hasTrailingJunk); valid apk versions never reach it.
  if (a.remainder === '' || b.remainder === '') {
    if (a.remainder === b.remainder) return 0;
    return a.remainder === '' ? 1 : -1;
  }
  return a.invalid && b.invalid ? compareStrings(a.raw.trim(), b.raw.trim()) : 0;
}

/**
 * True when text follows the grammar's last part (apk rejects such versions). Ward still orders
 * them as OSV does so advisories naming them can be matched, but only versions without trailing
 * junk are totally ordered: `1-ruff2 = 1--ruff1` and `0.8.21.r2 < 0.8.21r2` cannot both hold
 * in a total order that also covers e.g. `0.8.21r-r0x`.
 */
export function hasTrailingJunk(version: AlpineVersion): boolean {
  return version.remainder !== '';
}

export const alpineScheme: VersionScheme<AlpineVersion> = {
  ecosystem: 'Alpine',
  specUrl: 'https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/doc/apk-package.5.scd',
  parse: parseAlpineVersion,
  compare: compareAlpineVersions,
  inTotalOrder: (version) => !hasTrailingJunk(version),
};
