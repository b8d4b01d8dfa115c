/**
 * Red Hat (and AlmaLinux, Rocky Linux, SUSE, openSUSE, … registered as aliases): RPM's
 * `[epoch:]version[-release]` ordering. Each part is compared with `rpmvercmp` as documented in
 * rpm's source (https://github.com/rpm-software-management/rpm/blob/master/rpmio/rpmvercmp.cc and
 * https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning):
 * separators (anything but ASCII letters, digits, `~`, `^`) are skipped; `~` sorts before
 * everything, even the end; `^` sorts after the end but before anything else; digit runs compare
 * numerically (leading zeros dropped) and beat letter runs; letter runs compare with strcmp.
 * The epoch is digits before the first `:` (absent = 0). A version without a release sorts
 * before the same version with one (OSV's reading, which the vectors pin down).
 */
import {
  compareDigits,
  compareStrings,
  isAlphaCode,
  isDigitCode,
  stripLeadingZeros,
} from './shared/numeric.js';
import type { VersionScheme } from './types.js';

export interface RpmVersion {
  readonly raw: string;
  readonly epoch: string;
  readonly version: string;
  /** undefined when the string has no `-`. */
  readonly release: string | undefined;
  /** `version` cut into rpmvercmp's segments once at parse time (see `rpmSegments`). */
  readonly versionSegments: readonly string[];
  readonly releaseSegments: readonly string[] | undefined;
}

/**
 * rpmvercmp's view of a string, computed once: separators dropped, then `~`, `^`, digit runs
 * (leading zeros stripped) and letter runs, in order. Comparing these lists gives the same
 * answer as `rpmvercmp` on the strings without rescanning characters on every comparison.
 */
export function rpmSegments(text: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 126 || code === 94) {
      segments.push(code === 126 ? '~' : '^');
      i += 1;
      continue;
    }
    const inRun = isDigitCode(code) ? isDigitCode : isAlphaCode(code) ? isAlphaCode : undefined;
    if (inRun === undefined) {
      i += 1; // separator
      continue;
    }
    let end = i + 1;
    while (end < text.length && inRun(text.charCodeAt(end))) end += 1;
    const run = text.slice(i, end);
    segments.push(inRun === isDigitCode ? stripLeadingZeros(run) : run);
    i = end;
  }
  return segments;
}

/** rpmvercmp over segment lists (same rules as `rpmvercmp`). */
export function compareRpmSegments(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  let i = 0;
  for (;;) {
    const x = a[i];
    const y = b[i];
    if (x === '~' || y === '~') {
      if (x !== '~') return 1;
      if (y !== '~') return -1;
    } else if (x === '^' || y === '^') {
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (x !== '^') return 1;
      if (y !== '^') return -1;
    } else {
      if (x === undefined || y === undefined) {
        if (x === y) return 0;
        return x === undefined ? -1 : 1;
      }
      const numeric = isDigitCode(x.charCodeAt(0));
      // Different run types: a number is newer than letters.
      if (numeric !== isDigitCode(y.charCodeAt(0))) return numeric ? 1 : -1;
      if (x !== y) return numeric ? compareDigits(x, y) : compareStrings(x, y);
    }
    i += 1;
  }
}

export function parseRpmVersion(raw: string): RpmVersion | undefined {
  const text = raw.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  const colon = text.indexOf(':');
  let epoch = '0';
  let rest = text;
  if (colon !== -1 && /^[0-9]*$/.test(text.slice(0, colon))) {
    epoch = colon === 0 ? '0' : text.slice(0, colon);
    rest = text.slice(colon + 1);
  }
  // rpm's parseEVR splits the release at the last '-'; OSV's at the first. A '-' cannot appear
  // in an RPM version or release field, so for real data the two agree.
  const hyphen = rest.indexOf('-');
  const version = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const release = hyphen === -1 ? undefined : rest.slice(hyphen + 1);
  return {
    raw,
    epoch: stripLeadingZeros(epoch),
    version,
    release,
    versionSegments: rpmSegments(version),
    releaseSegments: release === undefined ? undefined : rpmSegments(release),
  };
}

function isSeparator(code: number): boolean {
  return !isAlphaCode(code) && !isDigitCode(code) && code !== 126 && code !== 94;
}

/** rpmvercmp over indices; -1 stands for the end of a string. */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i += 1;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j += 1;
    const ac = i < a.length ? a.charCodeAt(i) : -1;
    const bc = j < b.length ? b.charCodeAt(j) : -1;
    if (ac === 126 || bc === 126) {
      if (ac !== 126) return 1;
      if (bc !== 126) return -1;
      i += 1;
      j += 1;
      continue;
    }
    if (ac === 94 || bc === 94) {
      if (ac === -1) return -1;
      if (bc === -1) return 1;
      if (ac !== 94) return 1;
      if (bc !== 94) return -1;
      i += 1;
      j += 1;
      continue;
    }
    if (ac === -1 || bc === -1) break;
    const numeric = isDigitCode(ac);
    const inRun = numeric ? isDigitCode : isAlphaCode;
    let iEnd = i;
    let jEnd = j;
    while (iEnd < a.length && inRun(a.charCodeAt(iEnd))) iEnd += 1;
    while (jEnd < b.length && inRun(b.charCodeAt(jEnd))) jEnd += 1;
    // Different run types: a number is newer than letters.
    if (jEnd === j) return numeric ? 1 : -1;
    if (numeric) {
      while (i < iEnd - 1 && a.charCodeAt(i) === 48) i += 1;
      while (j < jEnd - 1 && b.charCodeAt(j) === 48) j += 1;
      if (iEnd - i !== jEnd - j) return iEnd - i < jEnd - j ? -1 : 1;
    }
    while (i < iEnd && j < jEnd) {
      const diff = a.charCodeAt(i) - b.charCodeAt(j);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      i += 1;
      j += 1;
    }
    if (i < iEnd) return 1;
    if (j < jEnd) return -1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export function compareRpmVersions(a: RpmVersion, b: RpmVersion): -1 | 0 | 1 {
  const epoch = compareDigits(a.epoch, b.epoch);
  if (epoch !== 0) return epoch;
  const version = compareRpmSegments(a.versionSegments, b.versionSegments);
  if (version !== 0) return version;
  if (a.releaseSegments === undefined || b.releaseSegments === undefined) {
    if (a.releaseSegments === b.releaseSegments) return 0;
    return a.releaseSegments === undefined ? -1 : 1;
  }
  return compareRpmSegments(a.releaseSegments, b.releaseSegments);
}

export const redHatScheme: VersionScheme<RpmVersion> = {
  ecosystem: 'Red Hat',
  specUrl: 'https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning',
  parse: parseRpmVersion,
  compare: compareRpmVersions,
};
