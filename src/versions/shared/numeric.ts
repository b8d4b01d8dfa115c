/**
 * Digit-string arithmetic shared by the schemes. Version components are unbounded (OSV data holds
 * 30-digit components), so numbers are kept as digit strings with leading zeros stripped and
 * compared by length, then lexically — exact for any size and allocation-free.
 */

/** `'007'` → `'7'`, `'000'` → `'0'`. */
export function stripLeadingZeros(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start += 1;
  return start === 0 ? digits : digits.slice(start);
}

/** Compares two digit strings already passed through `stripLeadingZeros`. */
export function compareDigits(a: string, b: string): -1 | 0 | 1 {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Plain code-unit comparison (C `strcmp`, Go `strings.Compare`, Ruby `<=>` on ASCII). */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAlphaCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isAllDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) if (!isDigitCode(text.charCodeAt(i))) return false;
  return true;
}

/** Compares two lists of normalized digit strings, padding the shorter with zeros. */
export function compareDigitLists(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const diff = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Compares two lists of normalized digit strings lexicographically; a proper prefix is smaller. */
export function compareDigitListsStrict(a: readonly string[], b: readonly string[]): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const diff = compareDigits(a[i] as string, b[i] as string);
    if (diff !== 0) return diff;
  }
  if (a.length === b.length) return 0;
  return a.length < b.length ? -1 : 1;
}
