/**
 * Advisory import (issue 6): every OSV record under ../shared/data/advisories, three ways, in the
 * same process:
 *   - baseline: gunzip + split lines + JSON.parse of the same files (the floor any importer pays);
 *   - read: Ward's streaming reader (parse, validate, normalise to the advisory model);
 *   - import: the reader plus the transactional write into a fresh SQLite database, with the
 *     reading on reader threads (the default for inputs this size) and, for comparison, in the
 *     importing thread and into a database that already holds data (a first import into an
 *     empty database goes through a rollback journal, every later one through the WAL). Reader threads are started once per process and reused; the first
 *     (memory) import and each figure's warm-up round pay their start-up.
 * Peak RSS is the process's high-water mark (`process.resourceUsage().maxRSS`), taken after one
 * import and after an import of the same files five times over, before the baseline loads
 * anything; run this suite alone (`npm run bench -- advisories`) for figures that mean something.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { readAdvisoryFiles } from '../src/services/advisory-files.js';
import { importAdvisoryFiles } from '../src/services/advisory-import.js';
import { openStore } from '../src/store/store.js';
import { hasSharedData, SHARED_DATA } from '../test/support/shared-data.js';
import type { BenchFigure, BenchSuite } from './harness.js';

const OSV_DATABASES = [
  'pypa-advisory-database',
  'rustsec-advisory-db',
  'golang-vulndb',
  'ghsa-subset-from-scalibr',
];
const ROUNDS = 5;

function osvFiles(): string[] {
  return OSV_DATABASES.map((name) => join(SHARED_DATA, 'advisories', name, 'osv.jsonl.gz'));
}

/** Median wall time of `ROUNDS` runs of `fn` after one warm-up, each after an untimed `before`. */
async function medianMs(fn: () => Promise<unknown>, before?: () => Promise<void>): Promise<number> {
  await before?.();
  await fn();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    await before?.();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function parsePlain(files: readonly string[]): number {
  let records = 0;
  for (const file of files) {
    for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      JSON.parse(line);
      records += 1;
    }
  }
  return records;
}

export const advisoriesSuite: BenchSuite = {
  name: 'advisories',
  async run(): Promise<BenchFigure[]> {
    if (!hasSharedData('advisories')) {
      return [
        { name: 'advisory import', value: 0, unit: '-', note: '../shared/data/advisories absent: skipped' },
      ];
    }
    const files = osvFiles();
    const root = mkdtempSync(join(tmpdir(), 'ward-bench-advisories-'));
    try {
      // Memory first, before anything else has grown the heap: one import, then the same files
      // five times over in one import. The high-water mark must not grow with the input.
      const rssStart = process.resourceUsage().maxRSS / 1024;
      const once = await openStore(join(root, 'once.db'));
      await importAdvisoryFiles(once, files);
      await once.close();
      const rssOnce = process.resourceUsage().maxRSS / 1024;
      const store = await openStore(join(root, 'repeat.db'));
      const repeatStart = performance.now();
      await importAdvisoryFiles(store, [...files, ...files, ...files, ...files, ...files]);
      const repeatMs = performance.now() - repeatStart;
      await store.close();
      const rssFive = process.resourceUsage().maxRSS / 1024;
      const records = parsePlain(files);
      const plainMs = await medianMs(async () => parsePlain(files));
      let read = 0;
      const readMs = await medianMs(async () => {
        read = 0;
        for await (const item of readAdvisoryFiles(files)) if (item.kind === 'advisory') read += 1;
      });
      let round = 0;
      let imported = 0;
      const importOnce = async (readerThread: boolean): Promise<void> => {
        round += 1;
        const store = await openStore(join(root, `import-${round}.db`));
        try {
          imported = (await importAdvisoryFiles(store, files, { readerThread })).imported;
        } finally {
          await store.close();
        }
      };
      const inThreadMs = await medianMs(() => importOnce(false));
      const importMs = await medianMs(() => importOnce(true));
      // The same import into a database that already holds something (one EPSS score, written
      // untimed before), so that it goes through the WAL like every import after the first.
      const seedNext = async (): Promise<void> => {
        const seeded = await openStore(join(root, `import-${round + 1}.db`));
        const session = await seeded.beginImport();
        await session.writeEpss([{ cveId: 'CVE-1999-0001', epss: 0.1, percentile: 0.5 }]);
        await session.commit();
        await seeded.close();
      };
      const walMs = await medianMs(() => importOnce(true), seedNext);
      const note = `${records.toLocaleString('en-US')} OSV records in ${files.length} JSONL.gz files, median of ${ROUNDS}`;
      return [
        {
          name: 'plain gunzip + JSON.parse (baseline)',
          value: (records * 1000) / plainMs,
          unit: 'records/s',
          note,
        },
        {
          name: 'read + normalise (no store)',
          value: (read * 1000) / readMs,
          unit: 'records/s',
          baseline: 'plain gunzip + JSON.parse (baseline)',
        },
        {
          name: 'full import into SQLite',
          value: (imported * 1000) / importMs,
          unit: 'records/s',
          baseline: 'plain gunzip + JSON.parse (baseline)',
          goal: '>= 20,000 records/s',
          goalMet: (imported * 1000) / importMs >= 20_000,
        },
        {
          name: 'full import, database not empty (WAL)',
          value: (imported * 1000) / walMs,
          unit: 'records/s',
          baseline: 'full import into SQLite',
        },
        {
          name: 'full import, reading in the importing thread',
          value: (imported * 1000) / inThreadMs,
          unit: 'records/s',
          baseline: 'plain gunzip + JSON.parse (baseline)',
        },
        {
          name: 'full import, same files x5 in one import',
          value: (records * 5 * 1000) / repeatMs,
          unit: 'records/s',
          baseline: 'full import into SQLite',
          note: 'one run',
        },
        {
          name: 'peak RSS after one import',
          value: rssOnce,
          unit: 'MB',
          goal: '< 500 MB',
          goalMet: rssOnce < 500,
          note: `${Math.round(rssStart)} MB at start (modules loaded)`,
        },
        {
          name: 'peak RSS after the x5 import',
          value: rssFive,
          unit: 'MB',
          baseline: 'peak RSS after one import',
          goal: '< 500 MB',
          goalMet: rssFive < 500,
        },
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
