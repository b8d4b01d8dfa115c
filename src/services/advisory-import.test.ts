import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syntheticAdvisories } from '../../test/fixtures/store/advisories.js';
import { PROJECT_ROOT, runWard } from '../../test/support/cli.js';
import { sharedData } from '../../test/support/shared-data.js';
import type { SourceItem } from '../advisories/types.js';
import { WardError } from '../core/errors.js';
import type { Component } from '../inventory/types.js';
import { matchComponents } from '../matching/engine.js';
import { evaluateAffected } from '../matching/osv-range.js';
import { type Finding, packageKeyString } from '../matching/types.js';
import { openStore, type Store } from '../store/store.js';
import { readAdvisoryFiles } from './advisory-files.js';
import {
  ensureSnapshotLoaded,
  type ImportProgress,
  importAdvisoryFiles,
  writeSourceItems,
} from './advisory-import.js';

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

  it.each([false, true])(
    'stores OSV records as read, overlaid and non-OSV ones normalised (reader thread: %s)',
    async (readerThread) => {
      const overlaid = join(dir, 'code-red.jsonl');
      const record = {
        id: 'OSV-2099-500',
        modified: '2024-01-01T00:00:00Z',
        aliases: ['CVE-2001-0500'],
        affected: [],
      };
      writeFileSync(overlaid, `${JSON.stringify(record)}\n`);
      const nvd = join(PROJECT_ROOT, 'data/snapshot/nvd/CVE-2001-0500.json');

      await importAdvisoryFiles(store, [FIXTURE, overlaid, nvd], { readerThread });

      const database = new BetterSqlite3(join(dir, 'ward.db'), { readonly: true });
      const rows = database.prepare('SELECT id, encoding, json FROM advisories ORDER BY id').all() as {
        id: string;
        encoding: string;
        json: string;
      }[];
      database.close();
      const fixtureLines = readFileSync(FIXTURE, 'utf8').split('\n');
      expect(rows.map((row) => [row.id, row.encoding])).toEqual([
        ['CVE-2001-0500', 'advisory'],
        ['GHSA-fixt-0001-aaaa', 'osv'],
        ['OSV-2099-500', 'advisory'],
        ['PYSEC-2099-1', 'osv'],
        ['RUSTSEC-2099-0001', 'osv'],
      ]);
      for (const row of rows.filter((one) => one.encoding === 'osv'))
        expect(fixtureLines).toContain(row.json);
      const codeRed = (await store.advisoriesByIds(['OSV-2099-500']))
        .get('OSV-2099-500')
        ?.find((advisory) => advisory.id === 'OSV-2099-500');
      expect(codeRed?.cpeConfigurations.map((configuration) => configuration.origin)).toContain(
        'overlay:ms01-033-iis',
      );
    },
  );

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

describe('src/services/advisory-import overlay', () => {
  it('applies the bundled overlay for every writer (feed sync included) unless given other rules', async () => {
    const dir = mkdtempSync(join(root, 'overlay-'));
    const plain = await openStore(join(dir, 'plain.db'));
    const synced = await openStore(join(dir, 'synced.db'));
    const codeRed = join(PROJECT_ROOT, 'test/fixtures/advisories/nvd/CVE-2001-0500.json');
    const origins = async (store: Store) =>
      ((await store.advisoriesByIds(['CVE-2001-0500'])).get('CVE-2001-0500') ?? []).flatMap((advisory) =>
        advisory.cpeConfigurations.map((configuration) => configuration.origin),
      );

    try {
      await importAdvisoryFiles(plain, [codeRed], { overlayRules: [] });
      // What feed sync does: its own session, items from a reader, no rules passed.
      const session = await synced.beginImport();
      const items: SourceItem[] = [];
      for await (const item of readAdvisoryFiles([codeRed])) items.push(item);
      await writeSourceItems(session, items);
      await session.commit();

      expect(await origins(plain)).toEqual(['nvd']);
      expect(await origins(synced)).toEqual(['nvd', 'overlay:ms01-033-iis']);
    } finally {
      await plain.close();
      await synced.close();
    }
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

describe("ward demo on a fresh database (the README's first command)", () => {
  it('loads the snapshot offline and finds real vulnerabilities in every demo ecosystem, Code Red via MS01-033', async () => {
    const dir = mkdtempSync(join(root, 'demo-'));

    const run = await runWard(['demo', '--db', join(dir, 'ward.db'), '--format', 'json'], {
      timeoutMs: 120_000,
    });

    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      findings: {
        ecosystem: string;
        vulnerabilityId: string;
        evidence: { rule: string }[];
        asset: unknown;
      }[];
    };
    const ecosystems = new Set(result.findings.map((finding) => finding.ecosystem));
    expect([...ecosystems].sort()).toEqual(
      expect.arrayContaining(['CPE', 'Go', 'Maven', 'PyPI', 'crates.io']),
    );
    const codeRed = result.findings.filter((finding) => finding.vulnerabilityId === 'CVE-2001-0500');
    expect(codeRed.length).toBeGreaterThanOrEqual(3);
    for (const finding of codeRed) {
      expect(finding.evidence.map((evidence) => evidence.rule)).toContain('overlay:ms01-033-iis');
    }
  }, 150_000);
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

describe.skipIf(!advisories.present)('vulnerability groups of ../shared/data/advisories', () => {
  it('are the same whether a first import holds them in memory or links them through the stored rows', async () => {
    /** Imports the corpus into a new database and returns its `advisory_ids` rows. */
    const groupRows = async (name: string, sessionMemoryLimit?: number, seed?: boolean) => {
      const path = join(mkdtempSync(join(root, 'groups-')), `${name}.db`);
      const store = await openStore(path, sessionMemoryLimit === undefined ? {} : { sessionMemoryLimit });
      try {
        if (seed === true) {
          const session = await store.beginImport();
          await session.writeAdvisories([...syntheticAdvisories(3, 'WARD-SEED')]);
          await session.commit();
        }
        const result = await importAdvisoryFiles(store, [advisories.path]);
        expect(result.failed).toEqual([]);
      } finally {
        await store.close();
      }
      const db = new BetterSqlite3(path, { readonly: true });
      try {
        return db
          .prepare(
            "SELECT id, group_id FROM advisory_ids WHERE group_id NOT IN (SELECT group_id FROM advisory_ids WHERE id LIKE 'WARD-SEED-%') ORDER BY id",
          )
          .raw()
          .all() as [string, string][];
      } finally {
        db.close();
      }
    };

    const inMemory = await groupRows('in-memory');
    // Stored after the first batch (2,000 records), then linked through the stored rows.
    const acrossLimit = await groupRows('across-limit', 1_000);
    // Through the stored rows from the start: the database already holds ids.
    const intoStored = await groupRows('into-stored', undefined, true);

    const groups = new Set(inMemory.map(([, group]) => group));
    console.log(`shared advisories: ${inMemory.length} ids in ${groups.size} vulnerability groups`);
    expect(groups.size).toBeLessThan(inMemory.length);
    expect(acrossLimit).toEqual(inMemory);
    expect(intoStored).toEqual(inMemory);
  }, 120_000);
});

describe.skipIf(!advisories.present || !cves.present)(
  'range rules and NVD configurations on real records, imported into SQLite and matched',
  () => {
    // Real records from ../shared/data: PYSEC-2011-17 (celery, three introduced/fixed intervals
    // in one range), GHSA-2qrg-x229-3v8q (log4j 1.x, introduced 1.2 / last_affected 1.2.17),
    // PYSEC-2022-42969 (py, last_affected 1.11.0 plus a 65-entry versions list) and the withdrawn
    // PYSEC-2019-144 (arrayfire); the NVD records of the famous worms with the bundled overlay.
    const wanted = new Set(['PYSEC-2011-17', 'GHSA-2qrg-x229-3v8q', 'PYSEC-2022-42969', 'PYSEC-2019-144']);
    let store: Store;

    beforeAll(async () => {
      const dir = mkdtempSync(join(root, 'real-'));
      const records = [
        ...jsonLines(join(advisories.path, 'pypa-advisory-database', 'osv.jsonl.gz')),
        ...jsonLines(join(advisories.path, 'ghsa-subset-from-scalibr', 'osv.jsonl.gz')),
      ].filter((record) => wanted.has(String(record.id)));
      expect(records).toHaveLength(wanted.size);
      writeFileSync(
        join(dir, 'picked.jsonl'),
        `${records.map((record) => JSON.stringify(record)).join('\n')}\n`,
      );
      store = await openStore(join(dir, 'ward.db'));
      await importAdvisoryFiles(store, [join(dir, 'picked.jsonl'), join(cves.path, 'nvd-api-2.0')]);
    });
    afterAll(async () => {
      await store.close();
    });

    function component(ecosystem: string, name: string, version: string): Component {
      return { ecosystem, name, version, location: { file: 'real-records', line: 1 } };
    }
    async function affectedVersions(ecosystem: string, name: string, advisoryId: string, versions: string[]) {
      const result = await matchComponents(
        versions.map((version) => component(ecosystem, name, version)),
        store,
      );
      return result.findings
        .filter((finding) => finding.evidence.some((evidence) => evidence.advisoryId === advisoryId))
        .map((finding) => finding.component.version)
        .sort();
    }

    it('introduced is inclusive, fixed exclusive, across three intervals of one range (celery)', async () => {
      const hits = await affectedVersions('PyPI', 'celery', 'PYSEC-2011-17', [
        '2.0',
        '2.1',
        '2.2.7',
        '2.2.8',
        '2.3',
        '2.3.3',
        '2.3.4',
        '2.4',
        '2.4.3',
        '2.4.4',
        '2.5',
      ]);

      expect(hits).toEqual(['2.1', '2.2.7', '2.3', '2.3.3', '2.4', '2.4.3']);
    });

    it('last_affected is inclusive and introduced bounds from below (log4j 1.x, Maven ordering)', async () => {
      const hits = await affectedVersions('Maven', 'log4j:log4j', 'GHSA-2qrg-x229-3v8q', [
        '1.1.3',
        '1.2',
        '1.2.8',
        '1.2.17',
        '1.2.18',
        '1.3',
      ]);

      expect(hits).toEqual(['1.2', '1.2.17', '1.2.8']);
    });

    it('a versions list decides on its own; last_affected bounds the range (py)', async () => {
      const [record] = jsonLines(join(advisories.path, 'pypa-advisory-database', 'osv.jsonl.gz')).filter(
        (candidate) => candidate.id === 'PYSEC-2022-42969',
      ) as { affected: { versions: string[] }[] }[];
      const listed = record?.affected[0]?.versions ?? [];
      const evaluation = evaluateAffected(
        {
          package: { ecosystem: 'PyPI', name: 'py', normalizedName: 'py' },
          ranges: [],
          versions: listed,
          severity: [],
        },
        '1.4.0',
      );

      const hits = await affectedVersions('PyPI', 'py', 'PYSEC-2022-42969', [
        '1.4.0',
        '1.11.0',
        '1.11.1',
        '1.12.0',
      ]);

      expect(listed).toContain('1.4.0');
      expect(evaluation).toMatchObject({ status: 'affected', rule: 'osv-versions' });
      expect(hits).toEqual(['1.11.0', '1.4.0']);
    });

    it('a withdrawn record matches nothing, although its range covers the version (arrayfire)', async () => {
      const hits = await affectedVersions('PyPI', 'arrayfire', 'PYSEC-2019-144', ['3.0.20150914', '3.5']);
      const stored = (await store.advisoriesByIds(['PYSEC-2019-144'])).get('PYSEC-2019-144') ?? [];

      expect(stored[0]?.withdrawn).toBe('2022-09-09T05:28:00Z');
      expect(hits).toEqual([]);
    });

    it('NVD configurations: Log4Shell version bounds, EternalBlue only with its Windows platform', async () => {
      const cpe = (part: string, vendor: string, product: string, version: string, rest = '*:*:*:*:*:*:*') =>
        ({
          ecosystem: 'CPE',
          name: product,
          version,
          cpe: `cpe:2.3:${part}:${vendor}:${product}:${version}:${rest}`,
          location: { file: 'hosts', line: 1 },
          asset: { id: `host-${product}-${version}`, address: '10.9.9.9' },
        }) as Component;

      const log4j = await matchComponents(
        ['2.0.1', '2.3.1', '2.12.1', '2.12.2', '2.14.1', '2.15.0'].map((version) =>
          cpe('a', 'apache', 'log4j', version),
        ),
        store,
      );
      const smbAlone = await matchComponents([cpe('a', 'microsoft', 'server_message_block', '1.0')], store);
      const smbOnWindows = await matchComponents(
        [
          cpe('a', 'microsoft', 'server_message_block', '1.0'),
          {
            ...cpe('o', 'microsoft', 'windows_10_1507', '-', '*:*:*:*:*:x64:*'),
            asset: { id: 'host-server_message_block-1.0', address: '10.9.9.9' },
          },
        ],
        store,
      );

      const log4shell = (finding: Finding) => finding.vulnerabilityId === 'CVE-2021-44228';
      expect(
        log4j.findings
          .filter(log4shell)
          .map((finding) => finding.component.version)
          .sort(),
      ).toEqual(['2.0.1', '2.12.1', '2.14.1']);
      expect(smbAlone.findings.filter((finding) => finding.vulnerabilityId === 'CVE-2017-0144')).toEqual([]);
      expect(smbOnWindows.findings.map((finding) => finding.vulnerabilityId)).toContain('CVE-2017-0144');
    });

    it("CVE-2001-0500: NVD's configuration misses IIS 5.0, the MS01-033 overlay rule catches it and is named", async () => {
      const iis = (product: string, version: string): Component => ({
        ecosystem: 'CPE',
        name: product,
        version,
        cpe: `cpe:2.3:a:microsoft:${product}:${version}:*:*:*:*:*:*:*`,
        location: { file: 'fleet.xml', line: 1 },
        asset: { id: `web-${version}`, address: '10.1.0.10', port: 80, protocol: 'tcp' },
      });

      const result = await matchComponents(
        [
          iis('internet_information_server', '5.0'),
          iis('internet_information_services', '4.0'),
          iis('internet_information_server', '6.0'),
        ],
        store,
      );

      const codeRed = result.findings.filter((finding) => finding.vulnerabilityId === 'CVE-2001-0500');
      expect(codeRed.map((finding) => finding.component.version).sort()).toEqual(['4.0', '5.0']);
      for (const finding of codeRed) {
        expect(finding.evidence.map((evidence) => evidence.rule)).toEqual(['overlay:ms01-033-iis']);
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
