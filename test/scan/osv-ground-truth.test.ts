/**
 * Agreement with osv.dev: every package query osv-scanner's e2e tests recorded against
 * api.osv.dev (osv-api-ground-truth.jsonl) is answered by Ward's matcher over the local OSV
 * corpora, for each ecosystem those corpora cover (PyPI, crates.io, Go, Maven, and the few
 * NuGet/Packagist/RubyGems/SwiftURL records of the GHSA subset). Precision and recall are printed
 * per ecosystem; every disagreement must be in ground-truth-disagreements.json with the reason the
 * local data supports (a data date, an alias, a withdrawal). A new disagreement, a stale entry, or
 * a reason the data does not bear out fails the test: matching bugs are fixed, not listed.
 * Regenerate the draft with `npx tsx test/scan/write-ground-truth-disagreements.ts`, then check it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../support/shared-data.js';
import {
  type Comparison,
  type Corpus,
  compareWithGroundTruth,
  disagreementKey,
  explain,
  loadCorpus,
  RECORDED_AT,
  readGroundTruth,
} from './ground-truth.js';
import type { TableEntry } from './write-ground-truth-disagreements.js';

const advisories = sharedData('advisories');
const lockfiles = sharedData('lockfiles/osv-scanner-e2e');
const table = JSON.parse(
  readFileSync(new URL('./ground-truth-disagreements.json', import.meta.url), 'utf8'),
) as TableEntry[];

describe.skipIf(!advisories.present || !lockfiles.present)('agreement with osv.dev recorded answers', () => {
  let corpus: Corpus;
  let comparison: Comparison;

  beforeAll(async () => {
    corpus = await loadCorpus(advisories.path);
    const queries = readGroundTruth(join(lockfiles.path, 'osv-api-ground-truth.jsonl'));
    comparison = await compareWithGroundTruth(corpus, queries);
  });

  it('reports precision and recall per ecosystem', () => {
    const inSnapshot = (ecosystem: string, kind: 'missed' | 'extra') =>
      table.filter(
        (entry) => entry.ecosystem === ecosystem && entry.kind === kind && entry.reason !== 'not-in-snapshot',
      ).length;
    const rows = [...comparison.scores].sort(([a], [b]) => a.localeCompare(b));
    const lines = rows.map(([ecosystem, score]) => {
      const recall = score.groundTruthPairs ? score.found / score.groundTruthPairs : 1;
      const precision = score.wardFindings ? score.confirmed / score.wardFindings : 1;
      // Recall over the ids the local corpora know at all (not-in-snapshot ids left out).
      const known = score.found + inSnapshot(ecosystem, 'missed');
      const knownRecall = known ? score.found / known : 1;
      return `${ecosystem.padEnd(10)} queries ${String(score.queries).padStart(4)}  osv.dev ids ${String(score.groundTruthPairs).padStart(4)}  found ${String(score.found).padStart(4)}  recall ${recall.toFixed(3)}  recall(known ids) ${knownRecall.toFixed(3)}  Ward findings ${String(score.wardFindings).padStart(4)}  precision ${precision.toFixed(3)}`;
    });
    console.log(`Ward vs osv.dev (recorded ${RECORDED_AT}):\n${lines.join('\n')}`);
    expect(rows.map(([ecosystem]) => ecosystem)).toEqual(
      expect.arrayContaining(['crates.io', 'Go', 'Maven', 'PyPI']),
    );
    // crates.io: 33 queries, osv.dev found nothing and neither does Ward.
    expect(comparison.scores.get('crates.io')).toMatchObject({
      queries: 33,
      groundTruthPairs: 0,
      wardFindings: 0,
    });
  });

  it('decides every query (no undetermined range on this data)', () => {
    expect(comparison.undetermined).toEqual([]);
  });

  it('explains every disagreement in the committed table, and nothing else', () => {
    const computed = comparison.disagreements.map(disagreementKey).sort();
    const listed = table.map(disagreementKey).sort();
    const unexplained = computed.filter((key) => !listed.includes(key));
    const stale = listed.filter((key) => !computed.includes(key));
    expect({ unexplained, stale }).toEqual({ unexplained: [], stale: [] });
  });

  it('gives each disagreement the reason and record dates the local data supports', () => {
    for (const entry of table) {
      const explanation = explain(corpus, entry);
      expect({ key: disagreementKey(entry), reason: entry.reason }).toEqual({
        key: disagreementKey(entry),
        reason: explanation.reason,
      });
      expect(entry.records).toEqual(explanation.records);
      expect(entry.recordedAt).toBe(RECORDED_AT);
      expect(entry.note.length).toBeGreaterThan(20);
    }
  });

  it('never misses an id the local records themselves say affects the version', () => {
    // A 'missed' id whose own local record exists (not just as an alias) would be a matching bug.
    const ownRecordMissed = table.filter(
      (entry) => entry.kind === 'missed' && entry.records.some((record) => record.id === entry.id),
    );
    expect(ownRecordMissed).toEqual([]);
  });
});
