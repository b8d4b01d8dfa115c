/**
 * Runs every OSV comparison vector (../shared/data/version-vectors, google/osv-scalibr
 * `semantic/testdata`) through Ward's schemes: both directions, and once more through a sort of
 * all the file's versions so that an intransitive comparator cannot pass line by line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/support/shared-data.js';
import { getVersionScheme } from './index.js';
import { invertOp, opOf, parseVectorLines, VECTOR_FILES, type VectorLine } from './shared/vector-lines.js';
import type { VersionScheme } from './types.js';

const data = sharedData('version-vectors');

function checkVectors(scheme: VersionScheme, file: string, vectors: readonly VectorLine[]): string[] {
  const failures: string[] = [];
  const parsed = new Map<string, unknown>();
  for (const raw of vectors.flatMap((v) => [v.a, v.b])) {
    const value = scheme.parse(raw);
    if (value === undefined) failures.push(`${file}: cannot parse '${raw}'`);
    else parsed.set(raw, value);
  }
  for (const vector of vectors) {
    const a = parsed.get(vector.a);
    const b = parsed.get(vector.b);
    if (a === undefined || b === undefined) continue;
    const forward = opOf(scheme.compare(a, b));
    const backward = opOf(scheme.compare(b, a));
    if (forward !== vector.op || backward !== invertOp(vector.op)) {
      failures.push(
        `${file}:${vector.line}: ${vector.a} ${vector.op} ${vector.b} (got ${forward}, reverse ${backward})`,
      );
    }
  }
  // Sorted-list consistency: upstream files are sorted lists written as chains of neighbours
  // (`a < b`, `b < c`, …). Sort each chain's versions with the scheme and require the same order,
  // so a comparator that is intransitive within one real version history cannot pass line by line.
  for (const chain of chainsOf(vectors)) {
    const values = chain.versions.map((raw) => parsed.get(raw));
    if (values.some((value) => value === undefined)) continue;
    const order = chain.versions.map((_, index) => index);
    order.sort((x, y) => scheme.compare(values[x], values[y]));
    for (let k = 1; k < order.length; k += 1) {
      const prev = order[k - 1] as number;
      const next = order[k] as number;
      if (prev > next && scheme.compare(values[prev], values[next]) !== 0) {
        failures.push(
          `${file}:${chain.line}: sorted chain of ${chain.versions.length} versions is out of order at ${chain.versions[next]}`,
        );
        break;
      }
    }
  }
  return failures;
}

/** Maximal runs of consecutive `<`/`=` lines where each line starts with the previous line's right side. */
function chainsOf(vectors: readonly VectorLine[]): { line: number; versions: string[] }[] {
  const chains: { line: number; versions: string[] }[] = [];
  let current: { line: number; versions: string[] } | undefined;
  let previous: VectorLine | undefined;
  for (const vector of vectors) {
    const continues =
      current !== undefined &&
      previous !== undefined &&
      previous.b === vector.a &&
      previous.line + 1 === vector.line;
    if (vector.op === '>' || !continues) {
      if (current && current.versions.length > 2) chains.push(current);
      current = vector.op === '>' ? undefined : { line: vector.line, versions: [vector.a, vector.b] };
    } else {
      current?.versions.push(vector.b);
    }
    previous = vector;
  }
  if (current && current.versions.length > 2) chains.push(current);
  return chains;
}

describe.skipIf(!data.present)('src/versions against ../shared/data/version-vectors', () => {
  const cases = [...VECTOR_FILES.entries()];

  it.each(cases)('%s passes every vector', (ecosystem, files) => {
    const scheme = getVersionScheme(ecosystem);
    expect(scheme, `${ecosystem} is registered`).toBeDefined();
    const failures: string[] = [];
    let total = 0;
    for (const file of files) {
      const { vectors, malformed } = parseVectorLines(readFileSync(join(data.path, file), 'utf8'));
      expect(malformed).toEqual([]);
      total += vectors.length;
      failures.push(...checkVectors(scheme as VersionScheme, file, vectors));
    }

    expect(total).toBeGreaterThan(0);
    expect(failures, `${failures.length} of ${total} failed:\n${failures.slice(0, 40).join('\n')}`).toEqual(
      [],
    );
  });
});

describe.skipIf(!data.present)('src/versions vector coverage of ../shared/data/version-vectors', () => {
  it('wires every vector file in the folder to at least one registered ecosystem', () => {
    const wired = new Set([...VECTOR_FILES.values()].flat());
    const files = readdirSync(data.path).filter((name) => name.endsWith('.txt'));

    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((name) => !wired.has(name))).toEqual([]);
    expect([...wired].filter((name) => !files.includes(name))).toEqual([]);
    for (const ecosystem of VECTOR_FILES.keys()) expect(getVersionScheme(ecosystem), ecosystem).toBeDefined();
  });

  it("reads as many vectors from each file as the folder's README counts", () => {
    // The README table (`| file | ecosystems | vectors | notes |`) counts non-blank, non-comment
    // lines; reading fewer would mean vectors silently dropped by the line parser.
    const readme = readFileSync(join(data.path, 'README.md'), 'utf8');
    const counted = new Map<string, number>();
    for (const match of readme.matchAll(/^\| ([a-z-]+\.txt) \|[^|\n]*\| +([0-9]+) \|/gm)) {
      counted.set(match[1] as string, Number(match[2]));
    }

    expect(counted.size).toBe(readdirSync(data.path).filter((name) => name.endsWith('.txt')).length);
    for (const [file, count] of counted) {
      const { vectors, malformed } = parseVectorLines(readFileSync(join(data.path, file), 'utf8'));
      expect({ file, read: vectors.length, malformed }).toEqual({ file, read: count, malformed: [] });
    }
  });
});
