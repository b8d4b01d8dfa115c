/**
 * Debian (and Ubuntu, registered as an alias): dpkg's version ordering, Debian Policy §5.6.12
 * (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version):
 * `[epoch:]upstream_version[-debian_revision]`; the epoch is compared numerically (absent = 0),
 * then upstream and revision with dpkg's `verrevcmp`: alternating non-digit and digit runs;
 * non-digits compare character by character where `~` sorts before everything (even the end of
 * the string), then the end, then letters, then all other characters; digit runs compare
 * numerically. The revision starts after the last hyphen; absent = "0"-equivalent empty.
 */
import { compareDigits, isAlphaCode, isDigitCode, stripLeadingZeros } from './shared/numeric.js';
import type { VersionScheme } from './types.js';

export interface DebianVersion {
  readonly raw: string;
  readonly epoch: string;
  readonly upstream: string;
  readonly revision: string;
}

const UPSTREAM = /^[A-Za-z0-9.+~:-]+$/;
const REVISION = /^[A-Za-z0-9.+~]*$/;

export function parseDebianVersion(raw: string): DebianVersion | undefined {
  const text = raw.trim();
  const colon = text.indexOf(':');
  let epoch = '0';
  let rest = text;
  if (colon !== -1) {
    const epochText = text.slice(0, colon);
    if (!/^[0-9]+$/.test(epochText)) return undefined;
    epoch = stripLeadingZeros(epochText);
    rest = text.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? '' : rest.slice(hyphen + 1);
  if (upstream === '' || !UPSTREAM.test(upstream) || !REVISION.test(revision)) return undefined;
  // Policy: the upstream version should start with a digit; dpkg only warns, so do not reject.
  if (colon === -1 && upstream.includes(':')) return undefined;
  return { raw, epoch, upstream, revision };
}

/** dpkg's `order()`: `~` < end < letters < everything else. */
function order(code: number): number {
  if (code === 126) return -1; // '~'
  if (isDigitCode(code)) return 0;
  if (code === -1) return 0;
  if (isAlphaCode(code)) return code;
  return code + 256;
}

/** dpkg's `verrevcmp`, walking indices so that nothing is allocated. */
export function verrevcmp(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while (
      (i < a.length && !isDigitCode(a.charCodeAt(i))) ||
      (j < b.length && !isDigitCode(b.charCodeAt(j)))
    ) {
      const ac = order(i < a.length ? a.charCodeAt(i) : -1);
      const bc = order(j < b.length ? b.charCodeAt(j) : -1);
      if (ac !== bc) return ac < bc ? -1 : 1;
      i += 1;
      j += 1;
    }
    while (i < a.length && a.charCodeAt(i) === 48) i += 1;
    while (j < b.length && b.charCodeAt(j) === 48) j += 1;
    while (i < a.length && isDigitCode(a.charCodeAt(i)) && j < b.length && isDigitCode(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i += 1;
      j += 1;
    }
    if (i < a.length && isDigitCode(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigitCode(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff < 0 ? -1 : 1;
  }
  return 0;
}

export function compareDebianVersions(a: DebianVersion, b: DebianVersion): -1 | 0 | 1 {
  const epoch = compareDigits(a.epoch, b.epoch);
  if (epoch !== 0) return epoch;
  const upstream = verrevcmp(a.upstream, b.upstream);
  if (upstream !== 0) return upstream;
  return verrevcmp(a.revision, b.revision);
}

export const debianScheme: VersionScheme<DebianVersion> = {
  ecosystem: 'Debian',
  specUrl: 'https://www.debian.org/doc/debian-policy/ch-controlfields.html#version',
  parse: parseDebianVersion,
  compare: compareDebianVersions,
};
