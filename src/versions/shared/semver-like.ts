/**
 * A SemVer 2.0.0 (https://semver.org/spec/v2.0.0.html) parser shared by the semver-family schemes
 * (npm, crates.io, Go, Hex, Pub, NuGet, SwiftURL, Generic). It is lenient the way OSV is
 * (google/osv-scalibr `semantic`): a leading `v`, any number of numeric components (missing ones
 * count as 0) and components of any size, because advisories carry such versions and must still
 * be ordered. Everything else follows the spec: §9 pre-release identifiers, §10 build metadata,
 * §11 precedence. Parsed once; comparing never allocates.
 */
import {
  compareDigitLists,
  compareDigits,
  compareStrings,
  isAllDigits,
  stripLeadingZeros,
} from './numeric.js';

export interface SemverIdentifier {
  /** Normalized digits when the identifier is numeric (§11.4.1), else undefined. */
  readonly digits: string | undefined;
  readonly text: string;
}

export interface SemverLike {
  readonly raw: string;
  /** Numeric components, leading zeros stripped. */
  readonly numbers: readonly string[];
  /** Pre-release identifiers; empty for a release. */
  readonly pre: readonly SemverIdentifier[];
  /** Build-metadata identifiers; empty when absent. */
  readonly build: readonly SemverIdentifier[];
}

export interface SemverParseOptions {
  /** NuGet compares pre-release labels case-insensitively. */
  readonly lowercase?: boolean;
  /** Largest number of numeric components allowed (npm 3, NuGet 4); unlimited when absent. */
  readonly maxNumbers?: number;
}

// Linear: each part is a run of one character class with single separators; no nested quantifiers.
const IDENTIFIERS = /^[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*$/;

function parseIdentifiers(text: string, lowercase: boolean): SemverIdentifier[] | undefined {
  if (!IDENTIFIERS.test(text)) return undefined;
  const source = lowercase ? text.toLowerCase() : text;
  return source
    .split('.')
    .map((part) => ({ digits: isAllDigits(part) ? stripLeadingZeros(part) : undefined, text: part }));
}

export function parseSemverLike(raw: string, options: SemverParseOptions = {}): SemverLike | undefined {
  let rest = raw.startsWith('v') ? raw.slice(1) : raw;
  const plus = rest.indexOf('+');
  let buildText: string | undefined;
  if (plus !== -1) {
    buildText = rest.slice(plus + 1);
    rest = rest.slice(0, plus);
  }
  const dash = rest.indexOf('-');
  let preText: string | undefined;
  if (dash !== -1) {
    preText = rest.slice(dash + 1);
    rest = rest.slice(0, dash);
  }
  const parts = rest.split('.');
  if (options.maxNumbers !== undefined && parts.length > options.maxNumbers) return undefined;
  const numbers: string[] = [];
  for (const part of parts) {
    if (!isAllDigits(part)) return undefined;
    numbers.push(stripLeadingZeros(part));
  }
  const lowercase = options.lowercase ?? false;
  const pre = preText === undefined ? [] : parseIdentifiers(preText, lowercase);
  const build = buildText === undefined ? [] : parseIdentifiers(buildText, lowercase);
  if (pre === undefined || build === undefined) return undefined;
  return { raw, numbers, pre, build };
}

function compareIdentifier(a: SemverIdentifier, b: SemverIdentifier): -1 | 0 | 1 {
  if (a.digits !== undefined && b.digits !== undefined) return compareDigits(a.digits, b.digits);
  // §11.4.3: numeric identifiers have lower precedence than alphanumeric ones.
  if (a.digits !== undefined) return -1;
  if (b.digits !== undefined) return 1;
  return compareStrings(a.text, b.text);
}

/** §11.4: identifier by identifier; a longer list wins when all preceding ones are equal. */
export function compareIdentifiers(
  a: readonly SemverIdentifier[],
  b: readonly SemverIdentifier[],
): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const diff = compareIdentifier(a[i] as SemverIdentifier, b[i] as SemverIdentifier);
    if (diff !== 0) return diff;
  }
  if (a.length === b.length) return 0;
  return a.length < b.length ? -1 : 1;
}

/** SemVer precedence: numbers, then pre-release (a release is greater); build metadata ignored (§10). */
export function compareSemverLike(a: SemverLike, b: SemverLike): -1 | 0 | 1 {
  const numbers = compareDigitLists(a.numbers, b.numbers);
  if (numbers !== 0) return numbers;
  if (a.pre.length === 0 || b.pre.length === 0) {
    if (a.pre.length === b.pre.length) return 0;
    return a.pre.length === 0 ? 1 : -1;
  }
  return compareIdentifiers(a.pre, b.pre);
}
