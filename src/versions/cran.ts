/**
 * CRAN: R's `package_version` / `numeric_version`
 * (https://stat.ethz.ch/R-manual/R-devel/library/base/html/numeric_version.html): non-negative
 * integers separated by `.` or `-` (the two are equivalent), compared as lists, so `0.1.0 < 0.1.0.0`.
 */
import { compareDigitListsStrict, stripLeadingZeros } from './shared/numeric.js';
import type { VersionScheme } from './types.js';

export interface CranVersion {
  readonly raw: string;
  readonly numbers: readonly string[];
}

export function parseCranVersion(raw: string): CranVersion | undefined {
  const text = raw.trim();
  if (!/^[0-9]+(?:[.-][0-9]+)*$/.test(text)) return undefined;
  return { raw, numbers: text.split(/[.-]/).map(stripLeadingZeros) };
}

export function compareCranVersions(a: CranVersion, b: CranVersion): -1 | 0 | 1 {
  return compareDigitListsStrict(a.numbers, b.numbers);
}

export const cranScheme: VersionScheme<CranVersion> = {
  ecosystem: 'CRAN',
  specUrl: 'https://stat.ethz.ch/R-manual/R-devel/library/base/html/numeric_version.html',
  parse: parseCranVersion,
  compare: compareCranVersions,
};
