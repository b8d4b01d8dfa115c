/**
 * Every CVSS vector in ../shared/data that sits beside a published score is re-scored and must
 * equal that score. The walk is generic (any JSON/XML object holding a vector field and a score
 * field), so NVD 2.0 `cvssData`, NVD 1.1 `cvssV2`/`cvssV3`, CVE 5 `cvssV3_1`…, GHSA `cvss`,
 * CSAF `cvss_v3`, CycloneDX `ratings[]` and the Node.js security WG's `cvss_vector` are all found
 * without a per-format list that could silently miss one.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip, gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/support/shared-data.js';
import { type CvssVersion, parseCvss } from './cvss.js';

interface Pair {
  file: string;
  path: string;
  vector: string;
  hint?: CvssVersion;
  reference: number;
  /** 'base' = the source publishes the base score; 'overall' = the score of the whole vector. */
  compare: 'base' | 'overall';
}

const VECTOR_KEYS = ['vectorString', 'vector_string', 'vector', 'cvss_vector', 'cvss'];
const SCORE_KEYS = ['baseScore', 'score', 'cvss_score'];
const LOOKS_LIKE_CVSS = /AV:[A-Z]/;

/**
 * Upstream data errors, each a real mismatch between a published number and its own vector, kept
 * in a fixture with the reason so the test still fails on any *new* mismatch (and on a stale entry).
 */
interface Erratum {
  where: string;
  vector: string;
  published?: number;
  reason: string;
}
const ERRATA_FILE = fileURLToPath(
  new URL('../../test/fixtures/prioritize/cvss/upstream-errata.json', import.meta.url),
);
const ERRATA = JSON.parse(readFileSync(ERRATA_FILE, 'utf8')) as {
  publishedScore: Erratum[];
  malformedVector: Erratum[];
};
const SCORE_ERRATA = new Map(ERRATA.publishedScore.map((entry) => [entry.where, entry]));
const MALFORMED_ERRATA = new Map(ERRATA.malformedVector.map((entry) => [entry.where, entry]));

function versionHint(node: Record<string, unknown>): CvssVersion | undefined {
  const declared = node.version ?? node.method;
  if (typeof declared !== 'string') return undefined;
  const map: Record<string, CvssVersion> = {
    '2.0': '2.0',
    '3.0': '3.0',
    '3.1': '3.1',
    '4.0': '4.0',
    CVSSv2: '2.0',
    CVSSv3: '3.0',
    CVSSv31: '3.1',
    CVSSv4: '4.0',
  };
  return map[declared];
}

function walk(node: unknown, file: string, path: string, pairs: Pair[], vectors: Pair[]): void {
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) walk(child, file, `${path}[${index}]`, pairs, vectors);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const key of VECTOR_KEYS) {
    let vector = record[key];
    if (typeof vector !== 'string' || !LOOKS_LIKE_CVSS.test(vector)) continue;
    // The Node.js security WG writes `3.0/AV:N/…` without the `CVSS:` label.
    if (/^\d\.\d\//.test(vector)) vector = `CVSS:${vector}`;
    const hint = versionHint(record);
    const scoreKey = SCORE_KEYS.find((candidate) => typeof record[candidate] === 'number');
    const base = { file, path: `${path}.${key}`, vector: vector as string, ...(hint ? { hint } : {}) };
    // `baseScore`/`cvss_score` are base scores by name; a bare `score` (CycloneDX ratings, GHSA)
    // is the score of the vector as written, environmental metrics included.
    const compare = scoreKey === 'score' ? 'overall' : 'base';
    if (scoreKey !== undefined) pairs.push({ ...base, reference: record[scoreKey] as number, compare });
    else vectors.push({ ...base, reference: Number.NaN, compare });
  }
  // OSV `severity[]`: the vector lives in `score`, with no published number beside it.
  if (
    typeof record.type === 'string' &&
    typeof record.score === 'string' &&
    LOOKS_LIKE_CVSS.test(record.score)
  ) {
    const hint = record.type === 'CVSS_V2' ? '2.0' : record.type === 'CVSS_V4' ? '4.0' : undefined;
    vectors.push({
      file,
      path: `${path}.score`,
      vector: record.score,
      ...(hint ? { hint } : {}),
      reference: Number.NaN,
      compare: 'base',
    });
  }
  for (const [key, child] of Object.entries(record)) walk(child, file, `${path}.${key}`, pairs, vectors);
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

async function collect(root: string): Promise<{ pairs: Pair[]; vectors: Pair[]; filesRead: number }> {
  const pairs: Pair[] = [];
  const vectors: Pair[] = [];
  let filesRead = 0;
  const xml = new XMLParser({ processEntities: false, ignoreAttributes: true, parseTagValue: true });
  for (const path of files(root)) {
    const name = relative(root, path);
    if (path.endsWith('.jsonl.gz')) {
      filesRead++;
      const lines = createInterface({
        input: createReadStream(path).pipe(createGunzip()),
        crlfDelay: Infinity,
      });
      let line = 0;
      for await (const text of lines) {
        line++;
        if (text.trim()) walk(JSON.parse(text), name, `line ${line}`, pairs, vectors);
      }
    } else if (path.endsWith('.json.gz')) {
      filesRead++;
      walk(JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')), name, '$', pairs, vectors);
    } else if (path.endsWith('.json')) {
      const text = readFileSync(path, 'utf8');
      if (!LOOKS_LIKE_CVSS.test(text)) continue;
      filesRead++;
      try {
        walk(JSON.parse(text), name, '$', pairs, vectors);
      } catch {
        // invalid-* fixtures of the CycloneDX suite are deliberately broken JSON
      }
    } else if (path.endsWith('.xml')) {
      const text = readFileSync(path, 'utf8');
      if (!LOOKS_LIKE_CVSS.test(text)) continue;
      filesRead++;
      walk(xml.parse(text), name, '$', pairs, vectors);
    }
  }
  return { pairs, vectors, filesRead };
}

/** Base metrics only, for finding the same vector in other records. */
function baseKey(vector: string, hint?: CvssVersion): string | undefined {
  const parsed = parseCvss(vector, hint);
  if (!parsed.ok) return undefined;
  const keep = parsed.score.version === '2.0' ? 6 : parsed.score.version === '4.0' ? 11 : 8;
  return `${parsed.score.version}/${[...parsed.score.metrics]
    .slice(0, keep)
    .map(([k, v]) => `${k}:${v}`)
    .join('/')}`;
}

const data = sharedData('');

describe.skipIf(!data.present)('src/prioritize/cvss over ../shared/data', () => {
  it('scores every vector that carries a published score exactly as published', async () => {
    const { pairs, filesRead } = await collect(data.path);

    const mismatches: string[] = [];
    const invalid: string[] = [];
    const errataSeen = new Set<string>();
    const byVersion = new Map<string, number>();
    const agreeing = new Map<string, Set<number>>();
    for (const pair of pairs) {
      const parsed = parseCvss(pair.vector, pair.hint);
      const where = `${pair.file}#${pair.path}`;
      if (!parsed.ok) {
        if (MALFORMED_ERRATA.has(where)) errataSeen.add(where);
        else invalid.push(`${where}: ${pair.vector}: ${parsed.reason}`);
        continue;
      }
      byVersion.set(parsed.score.version, (byVersion.get(parsed.score.version) ?? 0) + 1);
      const ours = pair.compare === 'base' ? parsed.score.baseScore : parsed.score.overallScore;
      if (ours === pair.reference) {
        const key = `${baseKey(pair.vector, pair.hint)}`;
        if (pair.compare === 'base') agreeing.set(key, (agreeing.get(key) ?? new Set()).add(ours));
        continue;
      }
      if (SCORE_ERRATA.has(where)) errataSeen.add(where);
      else mismatches.push(`${where}: ${pair.vector} → ${ours}, published ${pair.reference}`);
    }
    // An erratum is corroborated when other records publish our score for the same base vector.
    const corroborated = [...SCORE_ERRATA.values()].filter((entry) => {
      const scored = parseCvss(entry.vector);
      return scored.ok && agreeing.get(`${baseKey(entry.vector)}`)?.has(scored.score.baseScore);
    });
    console.info(
      `cvss: ${pairs.length} vector+score pairs in ${filesRead} files; by version ${JSON.stringify(Object.fromEntries(byVersion))}; ` +
        `${mismatches.length} unexplained mismatches, ${invalid.length} invalid; ${errataSeen.size} upstream errata ` +
        `(${corroborated.length} corroborated by another record publishing our score for the same base vector)`,
    );

    expect(pairs.length).toBeGreaterThan(900);
    expect(mismatches).toEqual([]);
    expect(invalid).toEqual([]);
    expect([...SCORE_ERRATA.keys()].filter((where) => !errataSeen.has(where))).toEqual([]); // no stale errata
  });

  it('parses every vector found without a published score (OSV severity[] and the like)', async () => {
    const { vectors } = await collect(data.path);

    const refused = vectors
      .map((pair) => ({ pair, parsed: parseCvss(pair.vector, pair.hint) }))
      .filter(({ parsed }) => !parsed.ok);
    const unexplained = refused
      .filter(({ pair }) => !MALFORMED_ERRATA.has(`${pair.file}#${pair.path}`))
      .map(
        ({ pair, parsed }) => `${pair.file}#${pair.path}: ${pair.vector}: ${parsed.ok ? '' : parsed.reason}`,
      );
    console.info(
      `cvss: ${vectors.length} vectors without a published score; ${refused.length} refused as malformed`,
    );

    expect(vectors.length).toBeGreaterThan(1500);
    expect(unexplained).toEqual([]);
    // The malformed-vector errata are split between the two walks (with and without a score).
    expect(refused.length).toBeLessThanOrEqual(MALFORMED_ERRATA.size);
  });
});
