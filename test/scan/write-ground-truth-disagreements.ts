/**
 * Drafts test/scan/ground-truth-disagreements.json from the current matcher and data:
 *   npx tsx test/scan/write-ground-truth-disagreements.ts
 * Every entry gets the reason the local data supports (ground-truth.ts `explain`) and a note; the
 * notes for individual records were checked by hand (HAND_NOTES) and are kept on regeneration.
 * The test fails when the matcher's disagreements and this table differ in any entry.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA } from '../support/shared-data.js';
import {
  compareWithGroundTruth,
  type Disagreement,
  disagreementKey,
  type Explanation,
  explain,
  loadCorpus,
  RECORDED_AT,
  readGroundTruth,
} from './ground-truth.js';

const TABLE = new URL('./ground-truth-disagreements.json', import.meta.url);

export interface TableEntry extends Disagreement, Explanation {
  recordedAt: string;
  note: string;
}

/** Notes for disagreements checked one by one against the records (key: disagreementKey). */
const HAND_NOTES: Record<string, string> = {
  'PyPI|urllib3|1.24.3|extra|CVE-2021-33503|GHSA-q2q7-5pp4-w6pg|PYSEC-2021-108':
    'local PYSEC-2021-108 (modified 2021-07-02) has ECOSYSTEM range introduced 0, fixed 1.26.5, so 1.24.3 is inside it by PEP 440; osv.dev (recorded 2026-08-04) no longer answers it for 1.24.3: the record was narrowed after the 2024-10-10 pypa snapshot (CVE-2021-33503 concerns the URL authority regex added in 1.25.4)',
  'Maven|dnsjava:dnsjava|3.4.0|extra|GHSA-crjg-w57m-rqqf':
    'local GHSA-crjg-w57m-rqqf (KeyTrap, modified 2024-07-22) says introduced 0, fixed 3.6.0 and 3.4.0 < 3.6.0 in Maven order; osv.dev answered only GHSA-cfxw-4h78-h7fw for 3.4.0 on 2026-08-04, so its copy of this record changed after the local one',
  'Maven|dnsjava:dnsjava|3.4.0|extra|GHSA-mmwx-rj87-vfgr':
    'local GHSA-mmwx-rj87-vfgr (NSEC3 closest-encloser, modified 2024-07-22) says introduced 0, fixed 3.6.0 and 3.4.0 < 3.6.0 in Maven order; osv.dev answered only GHSA-cfxw-4h78-h7fw for 3.4.0 on 2026-08-04, so its copy of this record changed after the local one',
  'Go|golang.org/x/image|0.4.0|missed|GHSA-q675-qj96-32m9':
    'same vulnerability as the extra GO-2026-6222 here (CVE-2026-46603, fixed 0.45.0): osv.dev answered the GHSA record on 2026-08-04, before the Go record existed; the local GO record (snapshot 2026-08-21) does not list the GHSA id as an alias',
  'Go|golang.org/x/image|0.4.0|extra|CVE-2026-46603|GO-2026-6222':
    'GO-2026-6222 (fixed 0.45.0) is in the golang/vulndb snapshot of 2026-08-21 (its data/osv files carry placeholder dates 0001-01-01), after the recording of 2026-08-04; osv.dev answered the same issue as GHSA-q675-qj96-32m9',
};

function defaultNote(entry: Disagreement, explanation: Explanation): string {
  const hand = HAND_NOTES[disagreementKey(entry)];
  if (hand) return hand;
  const first = entry.id.split('|')[0]!;
  switch (explanation.reason) {
    case 'not-in-snapshot':
      if (first.startsWith('PYSEC-'))
        return `${first} is newer than the pypa/advisory-database snapshot (2024-10-10); osv.dev answered it on ${RECORDED_AT}`;
      if (first.startsWith('GHSA-'))
        return `GitHub Advisory Database record: the full GHSA database is not in ../shared/data (only a 356-record subset, mostly Maven), and no local record aliases ${first}`;
      if (first.startsWith('DRUPAL-'))
        return 'Drupal security advisories are an osv.dev source that ../shared/data does not include';
      return `no local record has ${first} as id or alias`;
    case 'alias-difference':
      return `${entry.id} is known locally only as an alias of ${explanation.records.map((record) => record.id).join(', ')}, whose own ranges do not cover ${entry.version}; osv.dev answered from ${entry.id}'s own (GHSA) record, which is not in ../shared/data`;
    case 'withdrawn':
      return 'the local record is withdrawn';
    case 'data-date':
      if (explanation.records.every((record) => record.modified.startsWith('0001-01-01')))
        return `${explanation.records.map((record) => record.id).join(', ')} is in the golang/vulndb snapshot of 2026-08-21 (data/osv records carry placeholder dates 0001-01-01, so the snapshot date is the data date) but not in osv.dev's answer recorded ${RECORDED_AT}: GO ids are reserved when a report is opened and published later, and this one was not yet published for this package then`;
      return `local record(s) ${explanation.records.map((record) => `${record.id} modified ${record.modified.slice(0, 10)}`).join(', ')} vs osv.dev answer recorded ${RECORDED_AT}`;
  }
}

async function main(): Promise<void> {
  const corpus = await loadCorpus(join(SHARED_DATA, 'advisories'));
  const queries = readGroundTruth(join(SHARED_DATA, 'lockfiles/osv-scanner-e2e/osv-api-ground-truth.jsonl'));
  const { disagreements } = await compareWithGroundTruth(corpus, queries);
  const previous = new Map<string, TableEntry>();
  if (existsSync(TABLE)) {
    for (const entry of JSON.parse(readFileSync(TABLE, 'utf8')) as TableEntry[])
      previous.set(disagreementKey(entry), entry);
  }
  const table: TableEntry[] = disagreements.map((entry) => {
    const explanation = explain(corpus, entry);
    const kept = previous.get(disagreementKey(entry));
    return {
      ...entry,
      ...explanation,
      recordedAt: RECORDED_AT,
      note: kept && kept.reason === explanation.reason ? kept.note : defaultNote(entry, explanation),
    };
  });
  writeFileSync(TABLE, `${JSON.stringify(table, null, 2)}\n`);
  console.log(`${table.length} disagreements written`);
}

await main();
