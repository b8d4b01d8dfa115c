import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { sharedData } from '../../test/support/shared-data.js';
import { WardError } from '../core/errors.js';
import { packageKeyString } from '../matching/types.js';
import { openStore, type Store } from '../store/store.js';
import { ensureSnapshotLoaded, type ImportProgress, importAdvisoryFiles } from './advisory-import.js';

const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/store/osv/mixed-with-bad-line.jsonl');
const root = mkdtempSync(join(tmpdir(), 'ward-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('src/services/advisory-import', () => {
  let store: Store;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(root, 'case-'));
    store = await openStore(join(dir, 'ward.db'));
  });

  afterEach(async () => {
    await store.close();
  });

  it('imports a file, reports the bad line, and merges the two records of one vulnerability', async () => {
    const progress: ImportProgress[] = [];

    const result = await importAdvisoryFiles(store, [FIXTURE], {
      onProgress: (update) => progress.push(update),
    });

    expect(result).toMatchObject({ imported: 3, updated: 0, unchanged: 0, failed: [] });
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]).toMatchObject({ file: FIXTURE, line: 3 });
    expect(progress.at(-1)).toMatchObject({ read: 3, problems: 1, written: 4 });
    const found = await store.advisoriesForPackages([{ ecosystem: 'PyPI', normalizedName: 'fixture-pkg' }]);
    expect(
      found.get(packageKeyString({ ecosystem: 'PyPI', normalizedName: 'fixture-pkg' }))?.map((a) => a.id),
    ).toEqual(['GHSA-fixt-0001-aaaa', 'PYSEC-2099-1']);
    expect((await store.vulnerabilityIds(['PYSEC-2099-1'])).get('PYSEC-2099-1')).toEqual([
      'CVE-2099-1001',
      'GHSA-fixt-0001-aaaa',
      'PYSEC-2099-1',
    ]);
    expect((await store.sourceState('file'))?.records).toBe(3);
  });

  it('is idempotent: a second import of the same file changes nothing', async () => {
    await importAdvisoryFiles(store, [FIXTURE]);
    const before = await store.status();

    const again = await importAdvisoryFiles(store, [FIXTURE]);

    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 3 });
    const after = await store.status();
    expect({ ...after, sources: [], lastSuccessAt: '' }).toEqual({
      ...before,
      sources: [],
      lastSuccessAt: '',
    });
  });

  it('rolls everything back when a later file cannot be read', async () => {
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, 'PK\u0003\u0004 this is not a zip archive');

    const attempt = importAdvisoryFiles(store, [FIXTURE, broken], { batchSize: 1 });

    await expect(attempt).rejects.toBeInstanceOf(WardError);
    expect(await store.isEmpty()).toBe(true);
  });

  it('stops between batches when aborted and leaves the database unchanged', async () => {
    await importAdvisoryFiles(store, [FIXTURE]);
    const before = await store.status();
    const controller = new AbortController();
    const many = join(dir, 'many.jsonl');
    const lines = Array.from({ length: 50 }, (_, index) =>
      JSON.stringify({ id: `OSV-2099-${index}`, modified: '2024-01-01T00:00:00Z', affected: [] }),
    );
    writeFileSync(many, `${lines.join('\n')}\n`);

    const attempt = importAdvisoryFiles(store, [many], {
      batchSize: 10,
      onProgress: (progress) => {
        if (progress.written >= 20) controller.abort();
      },
      signal: controller.signal,
    });

    await expect(attempt).rejects.toMatchObject({ code: 'aborted' });
    expect(await store.status()).toEqual(before);
  });

  it('loads the snapshot only into an empty database', async () => {
    const snapshot = join(dir, 'snapshot');
    mkdirSync(snapshot);
    writeFileSync(
      join(snapshot, 'osv.jsonl'),
      `${JSON.stringify({ id: 'OSV-2099-9', modified: '2024-01-01T00:00:00Z' })}\n`,
    );

    const first = await ensureSnapshotLoaded(store, { dir: snapshot });
    const second = await ensureSnapshotLoaded(store, { dir: snapshot });

    expect(first?.imported).toBe(1);
    expect(second).toBeUndefined();
    expect((await store.sourceState('snapshot'))?.records).toBe(1);
    expect(await ensureSnapshotLoaded(store, { dir: join(dir, 'absent') })).toBeUndefined();
  });
});

const advisories = sharedData('advisories');
describe.skipIf(!advisories.present)('src/services/advisory-import over ../shared/data/advisories', () => {
  it('imports every OSV record of the four OSV databases and groups aliases across them', async () => {
    const dir = mkdtempSync(join(root, 'shared-'));
    const store = await openStore(join(dir, 'ward.db'));
    const files = [
      'pypa-advisory-database',
      'rustsec-advisory-db',
      'golang-vulndb',
      'ghsa-subset-from-scalibr',
    ].map((name) => join(advisories.path, name, 'osv.jsonl.gz'));

    const result = await importAdvisoryFiles(store, files);

    try {
      expect(result.imported + result.failed.length + result.skipped.length).toBeGreaterThanOrEqual(
        8514 - 10,
      );
      expect(result.imported).toBeGreaterThan(8400);
      const status = await store.status();
      expect(status.byEcosystem.map((entry) => entry.key)).toEqual(
        expect.arrayContaining(['PyPI', 'Go', 'crates.io', 'Maven']),
      );
      // Fewer vulnerabilities than records: PYSEC and GHSA records of one CVE are one group.
      expect(status.vulnerabilities).toBeLessThan(status.advisories);
      const jackson = await store.advisoriesForPackages([
        { ecosystem: 'Maven', normalizedName: 'com.fasterxml.jackson.core:jackson-databind' },
      ]);
      // Every GHSA record naming jackson-databind, counted with plain JSON parsing (69 in the
      // 2026-08-19 scalibr snapshot): the lookup by (ecosystem, name) must return each of them.
      const expected = await countRecords(files[3] ?? '', (record) =>
        (record.affected ?? []).some(
          (entry) => entry.package?.name === 'com.fasterxml.jackson.core:jackson-databind',
        ),
      );
      expect(expected).toBeGreaterThan(50);
      expect(
        jackson.get(
          packageKeyString({
            ecosystem: 'Maven',
            normalizedName: 'com.fasterxml.jackson.core:jackson-databind',
          }),
        )?.length,
      ).toBe(expected);
    } finally {
      await store.close();
    }
  });
});

interface RawOsv {
  affected?: { package?: { name?: string } }[];
}

/** Counts JSON Lines records matching `keep`, with nothing but gunzip and JSON.parse. */
async function countRecords(file: string, keep: (record: RawOsv) => boolean): Promise<number> {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  return lines.filter((line) => line.trim() !== '' && keep(JSON.parse(line) as RawOsv)).length;
}
