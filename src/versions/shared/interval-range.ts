/**
 * Interval (mathematical) range notation shared by Maven
 * (https://maven.apache.org/enforcer/enforcer-rules/versionRanges.html) and NuGet
 * (https://learn.microsoft.com/en-us/nuget/concepts/package-versioning#version-ranges):
 * `[1.0,2.0)`, `(,1.0]`, `[1.2]`, and unions `(,1.0],[1.2,)`. A bare version is an exact
 * match for Maven (advisories name affected releases) and a minimum for NuGet.
 */
export interface IntervalOptions {
  /** NuGet: `1.0` means `>= 1.0`. */
  readonly bareMeansMinimum: boolean;
}

export function satisfiesIntervalRange<V>(
  version: V,
  range: string,
  parse: (raw: string) => V | undefined,
  compare: (a: V, b: V) => -1 | 0 | 1,
  options: IntervalOptions,
): boolean | undefined {
  const text = range.trim();
  if (text === '') return undefined;
  if (text[0] !== '[' && text[0] !== '(') {
    const bare = parse(text);
    if (bare === undefined) return undefined;
    return options.bareMeansMinimum ? compare(version, bare) >= 0 : compare(version, bare) === 0;
  }
  let matched = false;
  let position = 0;
  while (position < text.length) {
    const open = text[position];
    if (open !== '[' && open !== '(') return undefined;
    const close = text.slice(position).search(/[\])]/);
    if (close === -1) return undefined;
    const end = position + close;
    const body = text.slice(position + 1, end);
    const result = testInterval(version, open, body, text[end] as string, parse, compare);
    if (result === undefined) return undefined;
    matched ||= result;
    position = end + 1;
    while (position < text.length && (text[position] === ',' || text[position] === ' ')) position += 1;
  }
  return matched;
}

function testInterval<V>(
  version: V,
  open: string,
  body: string,
  close: string,
  parse: (raw: string) => V | undefined,
  compare: (a: V, b: V) => -1 | 0 | 1,
): boolean | undefined {
  const comma = body.indexOf(',');
  if (comma === -1) {
    // `[1.2]` is the only single-version form.
    if (open !== '[' || close !== ']') return undefined;
    const exact = parse(body.trim());
    return exact === undefined ? undefined : compare(version, exact) === 0;
  }
  const lowText = body.slice(0, comma).trim();
  const highText = body.slice(comma + 1).trim();
  if (highText.includes(',')) return undefined;
  const low = lowText === '' ? undefined : parse(lowText);
  const high = highText === '' ? undefined : parse(highText);
  if ((lowText !== '' && low === undefined) || (highText !== '' && high === undefined)) return undefined;
  if (low !== undefined) {
    const diff = compare(version, low);
    if (diff < 0 || (diff === 0 && open === '(')) return false;
  }
  if (high !== undefined) {
    const diff = compare(version, high);
    if (diff > 0 || (diff === 0 && close === ')')) return false;
  }
  return true;
}
