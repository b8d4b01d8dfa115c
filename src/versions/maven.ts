/**
 * Maven: the "Version Order Specification" (https://maven.apache.org/pom.html#version-order-specification),
 * with the points the spec leaves open settled the way Maven's ComparableVersion and OSV's
 * comparator settle them (https://github.com/apache/maven/blob/master/compat/maven-artifact/src/main/java/org/apache/maven/artifact/versioning/ComparableVersion.java):
 * - tokens are split at `.`, `-` and digit/non-digit transitions (a transition counts as `-`);
 *   empty tokens become `0`; everything is case-insensitive;
 * - `cr` = `rc`; `ga`, `final` and `release` = the empty qualifier; `a`/`b`/`m` directly followed
 *   by a number mean alpha/beta/milestone;
 * - trailing null tokens (`0`, ``) are trimmed from the end and before each remaining hyphen;
 * - same prefix: numbers by value; a non-null number beats a qualifier; qualifiers in the order
 *   alpha < beta < milestone < rc < snapshot < "" < sp < anything else (alphabetical);
 * - different prefixes: `.qualifier` < `-qualifier` < `-number` < `.number`;
 * - the shorter version is padded with nulls taking the other side's prefix.
 * Native ranges: Maven's interval notation `[1.0,2.0)`.
 */
import { satisfiesIntervalRange } from './shared/interval-range.js';
import { compareDigits, compareStrings, isDigitCode, stripLeadingZeros } from './shared/numeric.js';
import type { VersionScheme } from './types.js';

type Prefix = '' | '.' | '-';

interface MavenToken {
  readonly prefix: Prefix;
  /** Normalized value: digits without leading zeros, or a lower-case qualifier. */
  readonly value: string;
  readonly isNumber: boolean;
  /** Keyword rank of a qualifier (7 = not a keyword). */
  readonly rank: number;
}

export interface MavenVersion {
  readonly raw: string;
  readonly tokens: readonly MavenToken[];
}

const KEYWORDS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const UNKNOWN_RANK = KEYWORDS.length;
const ALIASES = new Map([
  ['cr', 'rc'],
  ['ga', ''],
  ['final', ''],
  ['release', ''],
]);
const SHORT_FORMS = new Map([
  ['a', 'alpha'],
  ['b', 'beta'],
  ['m', 'milestone'],
]);

function makeToken(prefix: Prefix, value: string): MavenToken {
  let isNumber = value.length > 0;
  for (let i = 0; i < value.length && isNumber; i += 1) isNumber = isDigitCode(value.charCodeAt(i));
  const normalized = isNumber ? stripLeadingZeros(value) : value;
  const rank = isNumber ? UNKNOWN_RANK : KEYWORDS.indexOf(normalized);
  return { prefix, value: normalized, isNumber, rank: rank === -1 ? UNKNOWN_RANK : rank };
}

function isNullToken(token: MavenToken): boolean {
  return token.value === '0' || token.value === '';
}

export function parseMavenVersion(raw: string): MavenVersion | undefined {
  const text = raw.trim().toLowerCase();
  if (text === '' || /\s/.test(text)) return undefined;
  const tokens: MavenToken[] = [];
  let prefix: Prefix = '';
  let start = 0;
  for (let i = 0; i <= text.length; i += 1) {
    const code = i < text.length ? text.charCodeAt(i) : -1;
    const atSeparator = code === 46 || code === 45 || code === -1;
    const atTransition =
      !atSeparator && i > start && isDigitCode(code) !== isDigitCode(text.charCodeAt(i - 1));
    if (!atSeparator && !atTransition) continue;
    let piece = text.slice(start, i);
    if (piece === '') piece = '0';
    piece = ALIASES.get(piece) ?? piece;
    if (atTransition) piece = SHORT_FORMS.get(piece) ?? piece;
    tokens.push(makeToken(prefix, piece));
    if (atTransition) {
      prefix = '-';
      start = i;
    } else {
      prefix = code === 46 ? '.' : '-';
      start = i + 1;
    }
  }
  trimNulls(tokens);
  return { raw, tokens };
}

/** Removes trailing nulls, then repeats before each remaining hyphen, from the end to the start. */
function trimNulls(tokens: MavenToken[]): void {
  let i = tokens.length - 1;
  while (i > 0) {
    if (isNullToken(tokens[i] as MavenToken)) {
      tokens.splice(i, 1);
      i -= 1;
      continue;
    }
    while (i >= 0 && (tokens[i] as MavenToken).prefix !== '-') i -= 1;
    i -= 1;
  }
}

const NULL_DOT: MavenToken = { prefix: '.', value: '0', isNumber: true, rank: UNKNOWN_RANK };
// `sp` is the one qualifier above the empty one, so against `.sp` the padding is `.` + "".
const NULL_DOT_EMPTY: MavenToken = { prefix: '.', value: '', isNumber: false, rank: 5 };
const NULL_DASH: MavenToken = { prefix: '-', value: '', isNumber: false, rank: 5 };

function nullFor(other: MavenToken): MavenToken {
  if (other.prefix === '-') return NULL_DASH;
  return other.value === 'sp' ? NULL_DOT_EMPTY : NULL_DOT;
}

function prefixOrder(token: MavenToken): number {
  if (token.prefix === '-') return token.isNumber ? 2 : 1;
  return token.isNumber ? 3 : 0;
}

function compareTokens(a: MavenToken, b: MavenToken, aIsNull: boolean, bIsNull: boolean): -1 | 1 {
  if (a.prefix !== b.prefix) return prefixOrder(a) < prefixOrder(b) ? -1 : 1;
  if (a.isNumber && b.isNumber) return compareDigits(a.value, b.value) < 0 ? -1 : 1;
  if (a.isNumber && !aIsNull) return 1;
  if (b.isNumber && !bIsNull) return -1;
  // A padded `.0` meets a qualifier here: like ComparableVersion, it ranks as an unknown word "0".
  if (a.rank === UNKNOWN_RANK && b.rank === UNKNOWN_RANK)
    return compareStrings(a.value, b.value) < 0 ? -1 : 1;
  return a.rank < b.rank ? -1 : 1;
}

export function compareMavenVersions(a: MavenVersion, b: MavenVersion): -1 | 0 | 1 {
  const length = Math.max(a.tokens.length, b.tokens.length);
  for (let i = 0; i < length; i += 1) {
    const left = a.tokens[i];
    const right = b.tokens[i];
    const l = left ?? nullFor(right as MavenToken);
    const r = right ?? nullFor(left as MavenToken);
    if (l.prefix === r.prefix && l.value === r.value) continue;
    return compareTokens(l, r, left === undefined, right === undefined);
  }
  return 0;
}

export const mavenScheme: VersionScheme<MavenVersion> = {
  ecosystem: 'Maven',
  specUrl: 'https://maven.apache.org/pom.html#version-order-specification',
  parse: parseMavenVersion,
  compare: compareMavenVersions,
  inTotalOrder: (version) => !isOutsideMavenTotalOrder(version),
  satisfies: (version, range) =>
    satisfiesIntervalRange(version, range, parseMavenVersion, compareMavenVersions, {
      bareMeansMinimum: false,
    }),
};

/**
 * True for the shapes where ComparableVersion before Maven 3.9 — the ordering OSV and the vectors
 * pin — is not transitive, so no comparator can agree with it and be a total order:
 * - a qualifier after a dot that survives trimming (`1.0.sp1`, `9.4.1212.jre6`, `1.0.RC1`):
 *   `.qualifier` sorts below every `-qualifier` and a `.0` above every `-qualifier`, so
 *   `1-SNAPSHOT < 1 < 1.m` yet `1.m < 1-SNAPSHOT`, and `1.0.RC1 < 1 < 1-foo` yet
 *   `1-foo < 1.0.RC1` (MNG-5568, MNG-6568; Maven 3.9 reordered dot qualifiers in MNG-7644, which
 *   155 of the vectors contradict);
 * - a hyphen sub-list that starts with a null (`0` or a release alias) and goes on, as in
 *   `1-0.10`: Maven compares a sub-list with "nothing" by its first item only, so `1 = 1-0.10`,
 *   while `1.0.SNAPSHOT < 1` and `1-0.10 < 1.0.SNAPSHOT`.
 * Ward keeps the vectors' ordering so that advisories match as OSV matches them; every version
 * without these shapes (`1.2.3`, `1.2.3-SNAPSHOT`, `1.2-rc-1`, `2.0.0.Final`, `1.0-beta2`, …) is
 * totally ordered (src/versions/properties.test.ts).
 */
export function isOutsideMavenTotalOrder(version: MavenVersion): boolean {
  return version.tokens.some(
    (token, index) =>
      (token.prefix === '.' && !token.isNumber) ||
      (token.prefix === '-' && isNullToken(token) && index + 1 < version.tokens.length),
  );
}
