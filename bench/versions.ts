/**
 * Version comparisons per second per ecosystem on the real versions of
 * ../shared/data/version-vectors: every distinct version is parsed once, then a fixed list of
 * random pairs is compared over and over (the matching hot loop: parsed forms cached, compare
 * many). Baselines measured in the same run on the same pairs: plain code-unit string comparison
 * (no version semantics, the floor of any comparator) and, for npm, node-semver's `compare` on
 * SemVer objects parsed once (`SemVer#compare`; `semver.compare(a, b)` would re-parse).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { compareVersions, getVersionScheme } from '../src/versions/index.js';
import { distinctVersions, parseVectorLines, VECTOR_FILES } from '../src/versions/shared/vector-lines.js';
import { sharedData } from '../test/support/shared-data.js';
import { type BenchFigure, type BenchSuite, opsPerSecond } from './harness.js';

const PAIRS = 65_536;
/** Goals from issue #2, comparisons per second on one core. */
const GOALS: ReadonlyMap<string, number> = new Map([
  ['npm', 2_000_000],
  ['crates.io', 2_000_000],
  ['Go', 2_000_000],
  ['Hex', 2_000_000],
  ['NuGet', 2_000_000],
  ['Pub', 2_000_000],
  ['Debian', 1_000_000],
  ['Red Hat', 1_000_000],
]);
/** Ubuntu shares Debian's comparator and files; measuring it twice adds nothing. */
const SKIP = new Set(['Ubuntu']);

function randomPairs(count: number, size: number): Uint32Array {
  let state = 20261123;
  const pairs = new Uint32Array(count * 2);
  for (let k = 0; k < pairs.length; k += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pairs[k] = (state >>> 8) % size;
  }
  return pairs;
}

let sink = 0;
const NODE_SEMVER = 'npm node-semver SemVer#compare, parsed once (baseline)';

function compareAll<V>(values: readonly V[], pairs: Uint32Array, compare: (a: V, b: V) => number): void {
  let total = 0;
  for (let k = 0; k < pairs.length; k += 2) {
    total += compare(values[pairs[k] as number] as V, values[pairs[k + 1] as number] as V);
  }
  sink += total;
}

const stringCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const versionsSuite: BenchSuite = {
  name: 'versions',
  async run(): Promise<BenchFigure[]> {
    const data = sharedData('version-vectors');
    if (!data.present) {
      return [
        { name: 'versions', value: 0, unit: 'cmp/s', note: '../shared/data/version-vectors absent: skipped' },
      ];
    }
    const figures: BenchFigure[] = [];
    for (const [ecosystem, files] of VECTOR_FILES) {
      if (SKIP.has(ecosystem)) continue;
      const scheme = getVersionScheme(ecosystem);
      if (scheme === undefined) throw new Error(`no scheme for ${ecosystem}`);
      const raw = distinctVersions(
        files.flatMap((file) => parseVectorLines(readFileSync(join(data.path, file), 'utf8')).vectors),
      );
      const parsed = raw.map((text) => scheme.parse(text));
      const pairs = randomPairs(PAIRS, raw.length);
      const baselineName = `${ecosystem} string compare (baseline)`;

      figures.push({
        name: baselineName,
        value: opsPerSecond(() => compareAll(raw, pairs, stringCompare), PAIRS, 300),
        unit: 'cmp/s',
      });
      if (ecosystem === 'npm') {
        const semverParsed = raw.map((text) => semver.parse(text, { loose: true }));
        const known = semverParsed.flatMap((value) => (value === null ? [] : [value]));
        figures.push({
          name: NODE_SEMVER,
          value: opsPerSecond(
            () => compareAll(known, randomPairs(PAIRS, known.length), (a, b) => a.compare(b)),
            PAIRS,
            300,
          ),
          unit: 'cmp/s',
          note: `${known.length} of ${raw.length} versions node-semver parses`,
        });
      }
      const goal = GOALS.get(ecosystem);
      const value = opsPerSecond(() => compareAll(parsed, pairs, scheme.compare), PAIRS, 500);
      figures.push({
        name: `${ecosystem} compare, parsed once`,
        value,
        unit: 'cmp/s',
        baseline: ecosystem === 'npm' ? NODE_SEMVER : baselineName,
        ...(goal === undefined
          ? {}
          : { goal: `>= ${goal.toLocaleString('en-US')} cmp/s`, goalMet: value >= goal }),
        note: `${raw.length} distinct versions`,
      });
      if (ecosystem === 'npm' || ecosystem === 'Debian' || ecosystem === 'Red Hat') {
        // The public string API: ecosystem lookup + parse cache hit per side + compare.
        figures.push({
          name: `${ecosystem} compareVersions(strings), parse cache`,
          value: opsPerSecond(
            () => compareAll(raw, pairs, (a, b) => compareVersions(ecosystem, a, b)),
            PAIRS,
            300,
          ),
          unit: 'cmp/s',
          baseline: `${ecosystem} compare, parsed once`,
        });
      }
    }
    if (sink === Number.MIN_VALUE) console.log(sink);
    return figures;
  },
};
