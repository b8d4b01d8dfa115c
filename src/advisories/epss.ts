/**
 * FIRST EPSS daily CSV (https://www.first.org/epss/data_stats) → EpssScore.
 *
 * The file starts with a comment line `#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z`
 * and then a `cve,epss,percentile` header. The row normaliser is separate from the CSV reading so
 * that the file reader can stream rows through csv-parse's stream API.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { Problem } from '../core/errors.js';
import { type NormalizeOutcome, type RecordContext, RecordRejected, runNormalizer } from './record-reader.js';
import type { EpssScore } from './types.js';

export interface EpssMetadata {
  modelVersion?: string;
  /** YYYY-MM-DD of the scores. */
  scoreDate?: string;
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const DECIMAL = /^(?:0|1)(?:\.\d+)?$|^\.\d+$/;

/** Reads the `#key:value,key:value` comment line; undefined when the line is not one. */
export function parseEpssMetadata(line: string): EpssMetadata | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('#')) return undefined;
  const metadata: EpssMetadata = {};
  for (const pair of trimmed.slice(1).split(',')) {
    const colon = pair.indexOf(':');
    if (colon === -1) continue;
    const key = pair.slice(0, colon).trim();
    const value = pair.slice(colon + 1).trim();
    if (key === 'model_version') metadata.modelVersion = value;
    else if (key === 'score_date') metadata.scoreDate = value.slice(0, 10);
  }
  return metadata;
}

/** True when the text starts like an EPSS file (comment header or the column header). */
export function looksLikeEpss(head: string): boolean {
  const start = head.trimStart();
  return start.startsWith('#model_version') || /^cve,epss,percentile\b/.test(start);
}

/** Normalises one CSV row (columns cve, epss, percentile). */
export function normalizeEpssRow(
  row: Record<string, string | undefined>,
  metadata: EpssMetadata,
  context: RecordContext,
): NormalizeOutcome<EpssScore> {
  return runNormalizer(context, () => {
    const cveId = (row.cve ?? '').trim();
    if (!CVE_ID.test(cveId)) throw new RecordRejected(`expected CVE-YYYY-NNNN, got '${cveId}'`, 'cve');
    const score: EpssScore = {
      cveId,
      epss: readProbability(row.epss, 'epss'),
      percentile: readProbability(row.percentile, 'percentile'),
    };
    if (metadata.modelVersion !== undefined) score.modelVersion = metadata.modelVersion;
    if (metadata.scoreDate !== undefined) score.scoreDate = metadata.scoreDate;
    return score;
  });
}

function readProbability(raw: string | undefined, field: string): number {
  const text = (raw ?? '').trim();
  const value = Number(text);
  if (!DECIMAL.test(text) || !(value >= 0 && value <= 1)) {
    throw new RecordRejected(`expected a decimal between 0 and 1, got '${text}'`, field);
  }
  return value;
}

/** Whole-text convenience for small files and tests (the file reader streams instead). */
export function parseEpssCsv(text: string, file: string): { scores: EpssScore[]; problems: Problem[] } {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const metadata = parseEpssMetadata(firstLine) ?? {};
  const rows = parseCsvSync(text, {
    comment: '#',
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  const scores: EpssScore[] = [];
  const problems: Problem[] = [];
  for (const { record, info } of rows) {
    const outcome = normalizeEpssRow(record, metadata, { file, line: info.lines });
    if (outcome.value) scores.push(outcome.value);
    problems.push(...outcome.problems);
  }
  return { scores, problems };
}
