/**
 * PyPI: PEP 440 as specified in https://packaging.python.org/en/latest/specifications/version-specifiers/
 * (the normalization regex of Appendix B; ordering by epoch, release padded with zeros,
 * pre-release (a < b < rc; a dev-only release sorts before its pre-releases), post, dev, local).
 * Written here rather than ordering with @renovatebot/pep440 because that library compares
 * strings (re-parsing on every comparison), turns components into doubles, and has no legacy
 * versions; its `satisfies` is used for the native range syntax (`>=1.0,<2`, `~=1.4`, `==1.*`).
 * Versions that are not PEP 440 order as packaging's LegacyVersion did (setuptools' rules,
 * epoch -1: below every PEP 440 version), because advisories still name such releases.
 */
import { satisfies as pep440Satisfies, validRange } from '@renovatebot/pep440';
import {
  compareDigitLists,
  compareDigits,
  compareStrings,
  isAllDigits,
  stripLeadingZeros,
} from './shared/numeric.js';
import type { VersionScheme } from './types.js';

interface LocalPart {
  readonly digits: string | undefined;
  readonly text: string;
}

export interface PypiVersion {
  readonly raw: string;
  /** packaging LegacyVersion parts; undefined for a PEP 440 version. */
  readonly legacy: readonly string[] | undefined;
  readonly epoch: string;
  readonly release: readonly string[];
  /** -1 = dev-only release (sorts before pre-releases), 0 a, 1 b, 2 rc, 3 none. */
  readonly preRank: number;
  readonly preNumber: string;
  /** undefined = no post-release (sorts first). */
  readonly post: string | undefined;
  /** undefined = no dev-release (sorts last). */
  readonly dev: string | undefined;
  readonly local: readonly LocalPart[];
}

// Appendix B of the specification, applied to the lower-cased string. No nested quantifiers.
const PEP440 =
  /^v?(?:([0-9]+)!)?([0-9]+(?:\.[0-9]+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?([0-9]+)?)?(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?(?:[-_.]?(dev)[-_.]?([0-9]+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

const PRE_RANKS = new Map([
  ['a', 0],
  ['alpha', 0],
  ['b', 1],
  ['beta', 1],
  ['c', 2],
  ['rc', 2],
  ['pre', 2],
  ['preview', 2],
]);

export function parsePypiVersion(raw: string): PypiVersion | undefined {
  const text = raw.trim().toLowerCase();
  if (text === '' || /\s/.test(text)) return undefined;
  const match = PEP440.exec(text);
  if (!match) return parseLegacy(raw, text);
  const [
    ,
    epoch,
    release,
    preLetter,
    preNumber,
    postImplicit,
    postLetter,
    postNumber,
    devLetter,
    devNumber,
    local,
  ] = match;
  const post = postImplicit ?? (postLetter !== undefined ? (postNumber ?? '0') : undefined);
  const dev = devLetter !== undefined ? (devNumber ?? '0') : undefined;
  let preRank = preLetter === undefined ? 3 : (PRE_RANKS.get(preLetter) ?? 3);
  // packaging's _cmpkey: a release with only a dev segment sorts before its pre-releases.
  if (preLetter === undefined && post === undefined && dev !== undefined) preRank = -1;
  return {
    raw,
    legacy: undefined,
    epoch: stripLeadingZeros(epoch ?? '0'),
    release: (release as string).split('.').map(stripLeadingZeros),
    preRank,
    preNumber: stripLeadingZeros(preNumber ?? '0'),
    post: post === undefined ? undefined : stripLeadingZeros(post),
    dev: dev === undefined ? undefined : stripLeadingZeros(dev),
    local:
      local === undefined
        ? []
        : local
            .split(/[-_.]/)
            .map((part) => ({ digits: isAllDigits(part) ? stripLeadingZeros(part) : undefined, text: part })),
  };
}

const LEGACY_REPLACEMENTS = new Map([
  ['pre', 'c'],
  ['preview', 'c'],
  ['-', 'final-'],
  ['rc', 'c'],
  ['dev', '@'],
]);

/** packaging < 22 `_legacy_cmpkey` (https://github.com/pypa/packaging/blob/21.3/packaging/version.py). */
function parseLegacy(raw: string, text: string): PypiVersion {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(/[0-9]+|[a-z]+|\.|-/g)) {
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push(match[0]);
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  const parts: string[] = [];
  const push = (part: string): void => {
    if (part.startsWith('*')) {
      if (part < '*final') while (parts.at(-1) === '*final-') parts.pop();
      while (parts.at(-1) === '00000000') parts.pop();
    }
    parts.push(part);
  };
  for (const piece of pieces) {
    const part = LEGACY_REPLACEMENTS.get(piece) ?? piece;
    if (part === '' || part === '.') continue;
    push(/^[0-9]/.test(part) ? part.padStart(8, '0') : `*${part}`);
  }
  push('*final');
  return {
    raw,
    legacy: parts,
    epoch: '0',
    release: [],
    preRank: 3,
    preNumber: '0',
    post: undefined,
    dev: undefined,
    local: [],
  };
}

function compareLegacy(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const diff = compareStrings(a[i] as string, b[i] as string);
    if (diff !== 0) return diff;
  }
  if (a.length === b.length) return 0;
  return a.length < b.length ? -1 : 1;
}

function compareOptional(a: string | undefined, b: string | undefined, absentIsLow: boolean): -1 | 0 | 1 {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return (a === undefined) === absentIsLow ? -1 : 1;
  }
  return compareDigits(a, b);
}

function compareLocal(a: readonly LocalPart[], b: readonly LocalPart[]): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a[i] as LocalPart;
    const y = b[i] as LocalPart;
    let diff: -1 | 0 | 1;
    if (x.digits !== undefined && y.digits !== undefined) diff = compareDigits(x.digits, y.digits);
    else if (x.digits !== undefined) diff = 1;
    else if (y.digits !== undefined) diff = -1;
    else diff = compareStrings(x.text, y.text);
    if (diff !== 0) return diff;
  }
  if (a.length === b.length) return 0;
  return a.length < b.length ? -1 : 1;
}

export function comparePypiVersions(a: PypiVersion, b: PypiVersion): -1 | 0 | 1 {
  if (a.legacy !== undefined || b.legacy !== undefined) {
    if (a.legacy === undefined) return 1;
    if (b.legacy === undefined) return -1;
    return compareLegacy(a.legacy, b.legacy);
  }
  let diff = compareDigits(a.epoch, b.epoch);
  if (diff !== 0) return diff;
  diff = compareDigitLists(a.release, b.release);
  if (diff !== 0) return diff;
  if (a.preRank !== b.preRank) return a.preRank < b.preRank ? -1 : 1;
  if (a.preRank >= 0 && a.preRank < 3) {
    diff = compareDigits(a.preNumber, b.preNumber);
    if (diff !== 0) return diff;
  }
  diff = compareOptional(a.post, b.post, true);
  if (diff !== 0) return diff;
  diff = compareOptional(a.dev, b.dev, false);
  if (diff !== 0) return diff;
  return compareLocal(a.local, b.local);
}

export const pypiScheme: VersionScheme<PypiVersion> = {
  ecosystem: 'PyPI',
  specUrl: 'https://packaging.python.org/en/latest/specifications/version-specifiers/',
  parse: parsePypiVersion,
  compare: comparePypiVersions,
  satisfies(version, range) {
    if (!validRange(range) || version.legacy !== undefined) return undefined;
    return pep440Satisfies(version.raw.trim(), range, { prereleases: true });
  },
};
