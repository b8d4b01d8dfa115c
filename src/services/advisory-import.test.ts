import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('data/snapshot (the bundled offline snapshot)', () => {
  it('loads into an empty database once, with every record, KEV entry and EPSS score, overlay applied', async () => {
    const dir = mkdtempSync(join(root, 'snapshot-'));
    const store = await openStore(join(dir, 'ward.db'));
    const snapshot = join(PROJECT_ROOT, 'data/snapshot');
    const osvIds = new Set(
      ['osv-pypi', 'osv-crates-io', 'osv-go', 'osv-ghsa'].flatMap((name) =>
        jsonLines(join(snapshot, name, 'osv.jsonl.gz')).map((record) => String(record.id)),
      ),
    );
    const kevCatalog = jsonFile(join(snapshot, 'kev', 'known_exploited_vulnerabilities.json.gz')) as {
      vulnerabilities: unknown[];
    };
    const epssRows = readText(join(snapshot, 'epss', 'epss_scores-2026-09-29.subset.csv'))
      .split('\n')
      .filter((line) => line.startsWith('CVE-')).length;

    try {
      const first = await ensureSnapshotLoaded(store);
      const second = await ensureSnapshotLoaded(store);

      expect(first?.failed).toEqual([]);
      expect(first?.skipped).toEqual([]);
      expect(second).toBeUndefined();
      const status = await store.status();
      const bySource = Object.fromEntries(status.bySource.map((entry) => [entry.key, entry.count]));
      expect(bySource).toEqual({
        osv: osvIds.size,
        nvd: filesIn(join(snapshot, 'nvd')).length,
        cve5: filesIn(join(snapshot, 'cve5')).length,
      });
      expect(status.kevEntries).toBe(kevCatalog.vulnerabilities.length);
      expect(status.epssScores).toBe(epssRows);
      const codeRed = (await store.advisoriesByIds(['CVE-2001-0500'])).get('CVE-2001-0500') ?? [];
      expect(codeRed.map((advisory) => advisory.source).sort()).toEqual(['cve5', 'nvd']);
      for (const advisory of codeRed) {
        expect(advisory.cpeConfigurations.map((configuration) => configuration.origin)).toContain(
          'overlay:ms01-033-iis',
        );
      }
    } finally {
      await store.close();
    }
  });
});

const advisories = sharedData('advisories');
const kevData = sharedData('kev');
const cves = sharedData('cves');
describe.skipIf(!advisories.present || !kevData.present || !cves.present)(
  'src/services/advisory-import over ../shared/data/{advisories,kev,cves}',
  () => {
    it('imports everything, with per-source counts equal to ids counted by plain JSON parsing', async () => {
      const dir = mkdtempSync(join(root, 'shared-'));
      const store = await openStore(join(dir, 'ward.db'));
      const expected = countSharedIds(advisories.path, kevData.path, cves.path);

      const result = await importAdvisoryFiles(store, [advisories.path, kevData.path, cves.path]);

      try {
        const status = await store.status();
        const bySource = Object.fromEntries(status.bySource.map((entry) => [entry.key, entry.count]));
        console.log(
          `shared import: ${JSON.stringify(bySource)}, kev ${status.kevEntries} (${result.kev} rows read), ` +
            `skipped ${result.skipped.length}, warnings ${result.warnings.length}, failed ${result.failed.length}; ` +
            `independent counts ${JSON.stringify(expected)}`,
        );
        expect(bySource).toEqual({
          osv: expected.osv,
          nvd: expected.nvd,
          cve5: expected.cve5,
          csaf: expected.csaf,
        });
        expect(status.kevEntries).toBe(expected.kev);
        expect(status.kevCatalogVersion).toBe('2025.08.25');
        // KEV is read three times: catalog JSON, the same catalog as CSV, the 2025-01-29 release.
        expect(result.kev).toBe(expected.kevRows);
        expect(result.failed).toEqual([]);
        // The only skips are documents that are not advisories at all: 11 GHSA-API inputs of the
        // GHSA→OSV converter tests, the Node.js security WG and Retire.js indexes (their own
        // formats) and the KEV JSON schema; each is named with its file.
        expect(result.skipped.map((item) => item.reason.slice(0, 40))).toEqual(
          Array(result.skipped.length).fill('not a recognised advisory record (OSV, N'),
        );
        expect(result.skipped.filter((item) => item.file.includes('ghsa-to-osv'))).toHaveLength(11);
        expect(result.skipped).toHaveLength(11 + 3 + 3 + 1);
        expect(status.withdrawn).toBe(expected.withdrawn);
        // Fewer vulnerabilities than records: PYSEC/GHSA/CVE records of one CVE are one group.
        expect(status.vulnerabilities).toBeLessThan(status.advisories);
        const jackson = { ecosystem: 'Maven', normalizedName: 'com.fasterxml.jackson.core:jackson-databind' };
        const found = await store.advisoriesForPackages([jackson]);
        expect(found.get(packageKeyString(jackson))?.length).toBe(expected.jacksonDatabind);
      } finally {
        await store.close();
      }
    });
  },
);

interface SharedCounts {
  osv: number;
  nvd: number;
  cve5: number;
  csaf: number;
  kev: number;
  kevRows: number;
  withdrawn: number;
  jacksonDatabind: number;
}

/**
 * Distinct ids per source, computed from the files with nothing but gunzip, JSON.parse and the
 * folder layout documented in each shared README (no Ward code).
 */
function countSharedIds(advisoriesDir: string, kevDir: string, cvesDir: string): SharedCounts {
  const osv = new Map<string, RawOsv>();
  for (const name of [
    'pypa-advisory-database',
    'rustsec-advisory-db',
    'golang-vulndb',
    'ghsa-subset-from-scalibr',
  ]) {
    for (const record of jsonLines(join(advisoriesDir, name, 'osv.jsonl.gz')))
      osv.set(String(record.id), record as RawOsv);
  }
  const testdata = join(advisoriesDir, 'osv-schema-testdata');
  for (const file of [
    ...filesIn(join(testdata, 'osv-linter')),
    ...filesIn(join(testdata, 'ghsa-to-osv')).filter((file) => file.endsWith('.osv.json')),
    ...filesIn(join(testdata, 'redhat-csaf-to-osv', 'OSV')),
  ]) {
    const record = jsonFile(file) as RawOsv;
    osv.set(String(record.id), record);
  }
  const csaf = new Set(
    filesIn(join(testdata, 'redhat-csaf-to-osv', 'CSAF')).map((file) => {
      const document = jsonFile(file) as { document: { tracking: { id: string } } };
      return document.document.tracking.id;
    }),
  );
  // id → rejected (NVD 2.0 vulnStatus "Rejected", 1.1 feed "** REJECT **" description, CVE 5
  // state "REJECTED"): Ward stores those as withdrawn, like OSV's `withdrawn`.
  const nvd = new Map<string, boolean>();
  type NvdCve = { id: string; vulnStatus?: string };
  for (const file of filesIn(join(cvesDir, 'nvd-api-2.0'), true).filter((file) => file.endsWith('.json'))) {
    const value = jsonFile(file) as NvdCve & { vulnerabilities?: { cve: NvdCve }[] };
    for (const cve of value.vulnerabilities?.map((item) => item.cve) ?? [value]) {
      nvd.set(cve.id, cve.vulnStatus === 'Rejected');
    }
  }
  const feed = jsonFile(join(cvesDir, 'nvd-feed-1.1', 'nvdcve-1.1-test-data.json.gz')) as {
    CVE_Items: {
      cve: { CVE_data_meta: { ID: string }; description: { description_data: { value: string }[] } };
    }[];
  };
  for (const { cve } of feed.CVE_Items) {
    const text = cve.description.description_data[0]?.value ?? '';
    nvd.set(cve.CVE_data_meta.ID, text.startsWith('** REJECT **'));
  }
  const cve5 = new Map<string, boolean>();
  const addCve5 = (value: unknown) => {
    const meta = (value as { cveMetadata: { cveId: string; state: string } }).cveMetadata;
    cve5.set(meta.cveId, meta.state === 'REJECTED');
  };
  for (const file of filesIn(join(cvesDir, 'cve-json-5'), true).filter((file) => file.endsWith('.json'))) {
    addCve5(jsonFile(file));
  }
  for (const record of jsonLines(join(cvesDir, 'cve-json-5', 'golang-vulndb-cna', 'cve5-records.jsonl.gz'))) {
    addCve5(record);
  }
  type Catalog = { vulnerabilities: { cveID: string }[] };
  const catalog = jsonFile(join(kevDir, 'known_exploited_vulnerabilities.json')) as Catalog;
  const history = jsonFile(
    join(kevDir, 'history', 'known_exploited_vulnerabilities.2025-01-29.json.gz'),
  ) as Catalog;
  const csvRows = readFileSync(join(kevDir, 'known_exploited_vulnerabilities.csv'), 'utf8')
    .split('\n')
    .filter((line) => /^CVE-\d+-\d+,/.test(line)).length;
  const records = [...osv.values()];
  return {
    osv: osv.size,
    nvd: nvd.size,
    cve5: cve5.size,
    csaf: csaf.size,
    kev: new Set(catalog.vulnerabilities.map((entry) => entry.cveID)).size,
    kevRows: catalog.vulnerabilities.length + csvRows + history.vulnerabilities.length,
    withdrawn:
      records.filter((record) => record.withdrawn !== undefined).length +
      [...nvd.values(), ...cve5.values()].filter(Boolean).length,
    jacksonDatabind: records.filter((record) =>
      (record.affected ?? []).some(
        (entry) =>
          entry.package?.ecosystem === 'Maven' &&
          entry.package.name === 'com.fasterxml.jackson.core:jackson-databind',
      ),
    ).length,
  };
}

function filesIn(dir: string, recursive = false): string[] {
  return readdirSync(dir, { recursive, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.json(\.gz)?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function readText(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

function jsonFile(file: string): unknown {
  return JSON.parse(readText(file));
}

function jsonLines(file: string): Record<string, unknown>[] {
  return readText(file)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

interface RawOsv {
  id?: string;
  withdrawn?: string;
  affected?: { package?: { ecosystem?: string; name?: string } }[];
}
