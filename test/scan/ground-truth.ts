/**
 * Comparison of Ward's matcher with osv.dev's recorded answers
 * (../shared/data/lockfiles/osv-scanner-e2e/osv-api-ground-truth.jsonl), shared by the test and by
 * the script that drafts the disagreement table (test/scan/write-ground-truth-disagreements.ts).
 *
 * Only ecosystems whose advisories are in ../shared/data/advisories are compared (as OSV records
 * Ward can read). A vulnerability counts as found when any id of a Ward finding (its preferred id
 * or an alias) equals the id osv.dev answered; a Ward finding counts as confirmed when any of its
 * ids is in osv.dev's answer for that query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Advisory } from '../../src/advisories/types.js';
import { matchComponents } from '../../src/matching/engine.js';
import { MemoryAdvisoryIndex } from '../../src/matching/memory-index.js';
import { readAdvisoryFiles } from '../../src/services/advisory-files.js';

/** The OSV corpora in ../shared/data/advisories, with the date of the snapshot (their READMEs). */
export const ADVISORY_SOURCES = [
  { folder: 'pypa-advisory-database', snapshot: '2024-10-10' },
  { folder: 'rustsec-advisory-db', snapshot: '2026-08-21' },
  { folder: 'golang-vulndb', snapshot: '2026-08-21' },
  { folder: 'ghsa-subset-from-scalibr', snapshot: '2026-08-19' },
] as const;

/** Newest `modified` timestamp in osv.dev's recorded answers (osv-scanner-e2e README). */
export const RECORDED_AT = '2026-08-04';

export interface Corpus {
  /** Every record read, withdrawn ones included, for explanations. */
  advisories: Advisory[];
  /** Records by their own id and by each alias. */
  byId: Map<string, Advisory[]>;
  /** Base ecosystems the corpus has affected packages for. */
  ecosystems: Set<string>;
  index: MemoryAdvisoryIndex;
  /** Source folder of each record id. */
  sourceOf: Map<string, string>;
}

export async function loadCorpus(advisoriesDir: string): Promise<Corpus> {
  const advisories: Advisory[] = [];
  const sourceOf = new Map<string, string>();
  for (const source of ADVISORY_SOURCES) {
    for await (const item of readAdvisoryFiles([join(advisoriesDir, source.folder)])) {
      if (item.kind !== 'advisory') continue;
      advisories.push(item.advisory);
      sourceOf.set(item.advisory.id, source.folder);
    }
  }
  const byId = new Map<string, Advisory[]>();
  const ecosystems = new Set<string>();
  for (const advisory of advisories) {
    for (const id of [advisory.id, ...advisory.aliases]) {
      const list = byId.get(id);
      if (list) list.push(advisory);
      else byId.set(id, [advisory]);
    }
    for (const affected of advisory.affected) ecosystems.add(affected.package.ecosystem.split(':')[0]!);
  }
  return { advisories, byId, ecosystems, index: new MemoryAdvisoryIndex(advisories), sourceOf };
}

export interface GroundTruthQuery {
  ecosystem: string;
  name: string;
  version: string;
  vulnIds: string[];
}

export function readGroundTruth(file: string): GroundTruthQuery[] {
  const queries: GroundTruthQuery[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as {
      query: { package?: { ecosystem: string; name: string }; version?: string };
      vuln_ids: string[];
    };
    const { package: pkg, version } = record.query;
    if (!pkg || version === undefined) continue; // commit / GIT queries name no package version
    queries.push({ ecosystem: pkg.ecosystem, name: pkg.name, version, vulnIds: record.vuln_ids });
  }
  return queries;
}

export type DisagreementKind = 'missed' | 'extra';

export interface Disagreement {
  ecosystem: string;
  name: string;
  version: string;
  kind: DisagreementKind;
  /** 'missed': the id osv.dev answered. 'extra': Ward's finding ids joined by '|'. */
  id: string;
}

export interface EcosystemScore {
  queries: number;
  groundTruthPairs: number;
  found: number;
  wardFindings: number;
  confirmed: number;
  undetermined: number;
}

export interface Comparison {
  disagreements: Disagreement[];
  scores: Map<string, EcosystemScore>;
  /** Undetermined (component, advisory) pairs: must be none on this data. */
  undetermined: Array<{ query: GroundTruthQuery; advisoryId: string; reason: string }>;
}

export function disagreementKey(entry: Disagreement): string {
  return `${entry.ecosystem}|${entry.name}|${entry.version}|${entry.kind}|${entry.id}`;
}

export async function compareWithGroundTruth(
  corpus: Corpus,
  queries: readonly GroundTruthQuery[],
): Promise<Comparison> {
  const disagreements: Disagreement[] = [];
  const scores = new Map<string, EcosystemScore>();
  const undetermined: Comparison['undetermined'] = [];
  for (const query of queries) {
    if (!corpus.ecosystems.has(query.ecosystem)) continue;
    const score = scores.get(query.ecosystem) ?? {
      queries: 0,
      groundTruthPairs: 0,
      found: 0,
      wardFindings: 0,
      confirmed: 0,
      undetermined: 0,
    };
    scores.set(query.ecosystem, score);
    const result = await matchComponents(
      [
        {
          ecosystem: query.ecosystem,
          name: query.name,
          version: query.version,
          location: { file: 'osv-api-ground-truth.jsonl' },
        },
      ],
      corpus.index,
    );
    const expected = new Set(query.vulnIds);
    const wardIds = result.findings.map((finding) => [finding.vulnerabilityId, ...finding.aliases]);
    score.queries += 1;
    score.groundTruthPairs += expected.size;
    score.wardFindings += wardIds.length;
    score.undetermined += result.undetermined.length;
    for (const entry of result.undetermined)
      undetermined.push({ query, advisoryId: entry.advisoryId, reason: entry.reason });
    for (const id of [...expected].sort()) {
      if (wardIds.some((ids) => ids.includes(id))) score.found += 1;
      else disagreements.push({ ...queryKey(query), kind: 'missed', id });
    }
    for (const ids of wardIds) {
      if (ids.some((id) => expected.has(id))) score.confirmed += 1;
      else disagreements.push({ ...queryKey(query), kind: 'extra', id: [...ids].sort().join('|') });
    }
  }
  return { disagreements, scores, undetermined };
}

function queryKey(query: GroundTruthQuery): Pick<Disagreement, 'ecosystem' | 'name' | 'version'> {
  return { ecosystem: query.ecosystem, name: query.name, version: query.version };
}

/**
 * Why Ward and osv.dev disagree, as far as the local data can show it:
 * - 'not-in-snapshot': no local record has this id or alias (the source or the record is newer
 *   than, or absent from, ../shared/data/advisories);
 * - 'alias-difference': the id is known locally only as an alias of other records, whose own
 *   ranges do not cover the version (osv.dev answered from the aliased source's record);
 * - 'data-date': the local record itself decides differently from osv.dev's answer; the record's
 *   dates and the recording date are given;
 * - 'withdrawn': the local record is withdrawn.
 */
export type DisagreementReason = 'not-in-snapshot' | 'alias-difference' | 'data-date' | 'withdrawn';

export interface Explanation {
  reason: DisagreementReason;
  /** Local records involved, with their modified/published dates. */
  records: Array<{ id: string; source: string; modified: string; published?: string; withdrawn?: string }>;
}

/** The reason the local data supports for one disagreement (used to check the committed table). */
export function explain(corpus: Corpus, entry: Disagreement): Explanation {
  const ids = entry.id.split('|');
  const records = [...new Set(ids.flatMap((id) => corpus.byId.get(id) ?? []))].map((advisory) => ({
    id: advisory.id,
    source: corpus.sourceOf.get(advisory.id) ?? '?',
    modified: advisory.modified,
    ...(advisory.published ? { published: advisory.published } : {}),
    ...(advisory.withdrawn ? { withdrawn: advisory.withdrawn } : {}),
  }));
  if (records.length === 0) return { reason: 'not-in-snapshot', records };
  if (records.every((record) => record.withdrawn)) return { reason: 'withdrawn', records };
  if (entry.kind === 'missed' && !records.some((record) => record.id === entry.id))
    return { reason: 'alias-difference', records };
  return { reason: 'data-date', records };
}
