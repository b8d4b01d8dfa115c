/**
 * Advisory database reads: package lookups per second through the Store (the path scans take:
 * batched `advisoriesForPackages`, returning parsed Advisory objects), CPE vendor:product
 * lookups, and how long opening an existing database takes. Baselines from the same run: a raw
 * better-sqlite3 prepared statement on the same index returning only ids (the floor any store
 * on SQLite pays), and opening the file with better-sqlite3 alone.
 *
 * The database is filled with the real OSV corpora of ../shared/data/advisories (PyPI, crates.io,
 * Go, GHSA) when present, else with synthetic advisories (noted in the output).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import type { PackageKey } from '../src/matching/types.js';
import { importAdvisoryFiles } from '../src/services/advisory-import.js';
import { openStore } from '../src/store/store.js';
import { syntheticAdvisories } from '../test/fixtures/store/advisories.js';
import { hasSharedData, SHARED_DATA } from '../test/support/shared-data.js';
import { type BenchFigure, type BenchSuite, opsPerSecond } from './harness.js';

const CORPORA = [
  'pypa-advisory-database',
  'rustsec-advisory-db',
  'golang-vulndb',
  'ghsa-subset-from-scalibr',
];
const BATCH = 1000;
const LOOKUP_GOAL = 500_000;

/** Runs the async `fn` for at least `minMs` after a warm-up; returns operations per second. */
async function asyncOpsPerSecond(
  fn: () => Promise<unknown>,
  opsPerCall: number,
  minMs = 1000,
): Promise<number> {
  for (let index = 0; index < 3; index += 1) await fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    await fn();
    calls += 1;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return (calls * opsPerCall * 1000) / elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export const storeSuite: BenchSuite = {
  name: 'store',
  async run(): Promise<BenchFigure[]> {
    const dir = mkdtempSync(join(tmpdir(), 'ward-bench-store-'));
    const path = join(dir, 'ward.db');
    try {
      const real = CORPORA.every((name) => hasSharedData(join('advisories', name)));
      const store = await openStore(path);
      if (real) {
        await importAdvisoryFiles(
          store,
          CORPORA.map((name) => join(SHARED_DATA, 'advisories', name, 'osv.jsonl.gz')),
        );
      } else {
        const session = await store.beginImport();
        await session.writeAdvisories([...syntheticAdvisories(10_000, 'BENCH')]);
        await session.commit();
      }
      const status = await store.status();
      await store.close();

      // Keys: every stored (ecosystem, name) plus as many misses, shuffled deterministically.
      const raw = new BetterSqlite3(path, { readonly: true });
      const stored = raw
        .prepare('SELECT DISTINCT ecosystem, normalized_name FROM affected_packages')
        .all() as { ecosystem: string; normalized_name: string }[];
      const products = (
        raw.prepare('SELECT DISTINCT product FROM cpe_products').all() as { product: string }[]
      ).map((row) => row.product);
      const keys: PackageKey[] = [];
      for (const [index, row] of stored.entries()) {
        keys.push({ ecosystem: row.ecosystem, normalizedName: row.normalized_name });
        keys.push({ ecosystem: row.ecosystem, normalizedName: `absent-${index}` });
      }
      let seed = 42;
      for (let index = keys.length - 1; index > 0; index -= 1) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const other = seed % (index + 1);
        [keys[index], keys[other]] = [keys[other] as PackageKey, keys[index] as PackageKey];
      }
      const batches: PackageKey[][] = [];
      for (let start = 0; start + BATCH <= keys.length; start += BATCH)
        batches.push(keys.slice(start, start + BATCH));

      // Baseline: the same index through one prepared statement, ids only.
      const lookup = raw.prepare(
        'SELECT p.source, p.advisory_id FROM affected_packages p JOIN advisories a ON a.source = p.source AND a.id = p.advisory_id WHERE p.ecosystem = ? AND p.normalized_name = ? AND a.withdrawn IS NULL',
      );
      let cursor = 0;
      const rawRate = opsPerSecond(() => {
        const key = keys[cursor++ % keys.length] as PackageKey;
        lookup.all(key.ecosystem, key.normalizedName);
      }, 1);
      const rawOpen = median(
        Array.from({ length: 20 }, () => {
          const start = performance.now();
          new BetterSqlite3(path).close();
          return performance.now() - start;
        }),
      );
      raw.close();

      const opens: number[] = [];
      for (let index = 0; index < 20; index += 1) {
        const start = performance.now();
        const opened = await openStore(path);
        opens.push(performance.now() - start);
        await opened.close();
      }

      const reader = await openStore(path);
      // First pass over every key: builds the in-memory package index and parses each advisory
      // once (cold). The measured passes after it are the steady state of repeated scans.
      const coldStart = performance.now();
      for (const batch of batches) await reader.advisoriesForPackages(batch);
      const coldRate = (batches.length * BATCH * 1000) / (performance.now() - coldStart);
      let next = 0;
      const batchedRate = await asyncOpsPerSecond(
        () => reader.advisoriesForPackages(batches[next++ % batches.length] ?? []),
        BATCH,
      );
      let single = 0;
      const singleRate = await asyncOpsPerSecond(
        () => reader.advisoriesForPackages([keys[single++ % keys.length] as PackageKey]),
        1,
      );
      const productBatches: string[][] = [];
      for (let start = 0; start < products.length; start += BATCH)
        productBatches.push(products.slice(start, start + BATCH));
      let nextProduct = 0;
      const cpeRate =
        products.length === 0
          ? 0
          : await asyncOpsPerSecond(
              () =>
                reader.advisoriesForCpeProducts(productBatches[nextProduct++ % productBatches.length] ?? []),
              Math.min(BATCH, products.length),
            );
      await reader.close();

      const note = `${status.advisories} ${real ? 'real OSV' : 'synthetic'} advisories, ${stored.length} packages; half the keys miss`;
      const figures: BenchFigure[] = [
        { name: 'raw better-sqlite3 lookup (ids only)', value: rawRate, unit: 'lookups/s', note },
        {
          name: `store package lookups (batches of ${BATCH})`,
          value: batchedRate,
          unit: 'lookups/s',
          baseline: 'raw better-sqlite3 lookup (ids only)',
          goal: `>= ${LOOKUP_GOAL.toLocaleString('en-US')} lookups/s`,
          goalMet: batchedRate >= LOOKUP_GOAL,
        },
        {
          name: 'store package lookups (first pass, cold)',
          value: coldRate,
          unit: 'lookups/s',
          baseline: 'raw better-sqlite3 lookup (ids only)',
        },
        {
          name: 'store package lookups (one key per call)',
          value: singleRate,
          unit: 'lookups/s',
          baseline: 'raw better-sqlite3 lookup (ids only)',
        },
      ];
      if (products.length > 0) {
        figures.push({ name: 'store CPE product lookups (batched)', value: cpeRate, unit: 'lookups/s' });
      }
      figures.push(
        { name: 'raw better-sqlite3 open', value: rawOpen, unit: 'ms (median of 20)' },
        {
          name: 'openStore (open + migration check)',
          value: median(opens),
          unit: 'ms (median of 20)',
          baseline: 'raw better-sqlite3 open',
        },
      );
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
