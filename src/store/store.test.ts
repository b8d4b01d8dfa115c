import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAdvisory } from '../../test/fixtures/store/advisories.js';
import { createTestDatabase, postgresTestUrl, type TestDatabase } from '../../test/support/postgres.js';
import { packageKeyString } from '../matching/types.js';
import { cpeProduct } from './prepared-advisory.js';
import { openStore, type Store } from './store.js';

interface Backend {
  name: string;
  open(): Promise<{ location: string; dispose(): Promise<void> }>;
}

const tempRoot = mkdtempSync(join(tmpdir(), 'ward-store-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tempRoot, 'db-'));
      return {
        location: join(dir, 'nested', 'ward.db'),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
const pgUrl = postgresTestUrl();
if (pgUrl !== undefined) {
  backends.push({
    name: 'postgres',
    async open() {
      const database: TestDatabase = await createTestDatabase(pgUrl);
      return { location: database.url, dispose: () => database.drop() };
    },
  });
}

async function importAll(store: Store, advisories: Parameters<typeof makeAdvisory>[0][]) {
  const session = await store.beginImport();
  await session.writeAdvisories(advisories.map(makeAdvisory));
  return session.commit();
}

describe.each(backends)('src/store ($name)', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    store = await openStore(opened.location);
  });

  afterEach(async () => {
    await store.close();
    await dispose();
  });

  it('applies migrations once and reports nothing pending afterwards', async () => {
    const again = await store.migrate();

    expect(again.applied).toEqual([]);
    expect(await store.isEmpty()).toBe(true);
    expect(store.kind).toBe(backend.name);
  });

  it('imports advisories and finds them by package key, excluding withdrawn ones', async () => {
    const result = await importAll(store, [
      { id: 'GHSA-aaaa', packages: [['PyPI', 'Django']] },
      {
        id: 'PYSEC-1',
        packages: [
          ['PyPI', 'django'],
          ['PyPI', 'Zope.Interface'],
        ],
      },
      { id: 'GHSA-gone', packages: [['PyPI', 'django']], withdrawn: '2024-02-01T00:00:00Z' },
      {
        id: 'DSA-1',
        packages: [
          ['Debian:12', 'openssl'],
          ['Debian:11', 'openssl'],
        ],
      },
    ]);

    expect(result).toMatchObject({ imported: 4, updated: 0, unchanged: 0, failed: [], skipped: [] });
    const found = await store.advisoriesForPackages([
      { ecosystem: 'PyPI', normalizedName: 'django' },
      { ecosystem: 'PyPI', normalizedName: 'zope-interface' },
      { ecosystem: 'Debian', normalizedName: 'openssl' },
      { ecosystem: 'npm', normalizedName: 'left-pad' },
    ]);
    const ids = (ecosystem: string, normalizedName: string) =>
      (found.get(packageKeyString({ ecosystem, normalizedName })) ?? []).map((advisory) => advisory.id);
    expect(ids('PyPI', 'django')).toEqual(['GHSA-aaaa', 'PYSEC-1']);
    expect(ids('PyPI', 'zope-interface')).toEqual(['PYSEC-1']);
    expect(ids('Debian', 'openssl')).toEqual(['DSA-1']);
    expect(found.get(packageKeyString({ ecosystem: 'npm', normalizedName: 'left-pad' }))).toEqual([]);
    expect(found.get(packageKeyString({ ecosystem: 'PyPI', normalizedName: 'django' }))?.[0]).toEqual(
      makeAdvisory({ id: 'GHSA-aaaa', packages: [['PyPI', 'Django']] }),
    );
  });

  it('re-imports idempotently: same modified is unchanged, newer replaces, older is ignored', async () => {
    await importAll(store, [
      { id: 'GHSA-x', modified: '2024-01-01T00:00:00Z', packages: [['npm', 'old-name']] },
    ]);

    const same = await importAll(store, [
      { id: 'GHSA-x', modified: '2024-01-01T00:00:00Z', packages: [['npm', 'old-name']] },
    ]);
    const newer = await importAll(store, [
      { id: 'GHSA-x', modified: '2024-03-01T10:00:00+02:00', packages: [['npm', 'new-name']] },
    ]);
    const older = await importAll(store, [
      { id: 'GHSA-x', modified: '2023-01-01T00:00:00Z', packages: [['npm', 'older-name']] },
    ]);

    expect(same).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
    expect(newer).toMatchObject({ imported: 0, updated: 1, unchanged: 0 });
    expect(older).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
    const found = await store.advisoriesForPackages([
      { ecosystem: 'npm', normalizedName: 'old-name' },
      { ecosystem: 'npm', normalizedName: 'new-name' },
      { ecosystem: 'npm', normalizedName: 'older-name' },
    ]);
    expect([...found.values()].map((list) => list.map((advisory) => advisory.modified))).toEqual([
      [],
      ['2024-03-01T10:00:00+02:00'],
      [],
    ]);
    expect((await store.status()).advisories).toBe(1);
  });

  it('keeps the newest copy when one batch holds the same record twice', async () => {
    const result = await importAll(store, [
      { id: 'GHSA-dup', modified: '2024-05-01T00:00:00Z', summary: 'new' },
      { id: 'GHSA-dup', modified: '2024-01-01T00:00:00Z', summary: 'old' },
    ]);

    expect(result).toMatchObject({ imported: 1, unchanged: 1 });
    expect(
      (await store.advisoriesByIds(['GHSA-dup'])).get('GHSA-dup')?.map((advisory) => advisory.summary),
    ).toEqual(['new']);
  });

  it('merges advisories sharing ids into one vulnerability group, across batches and sources', async () => {
    await importAll(store, [
      { id: 'GHSA-1111', aliases: ['CVE-2024-0001'], packages: [['PyPI', 'a']] },
      { id: 'PYSEC-2024-9', aliases: ['GHSA-2222'], packages: [['PyPI', 'a']] },
    ]);
    // This record bridges the two groups above; the NVD record has the same id as an alias.
    await importAll(store, [
      { id: 'OSV-2024-7', aliases: ['GHSA-2222', 'CVE-2024-0001'] },
      { id: 'CVE-2024-0001', source: 'nvd', cpes: ['cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*'] },
    ]);

    const groups = await store.vulnerabilityIds(['PYSEC-2024-9', 'CVE-2024-0001', 'UNKNOWN-1']);
    const all = ['CVE-2024-0001', 'GHSA-1111', 'GHSA-2222', 'OSV-2024-7', 'PYSEC-2024-9'];
    expect(groups.get('PYSEC-2024-9')).toEqual(all);
    expect(groups.get('CVE-2024-0001')).toEqual(all);
    expect(groups.get('UNKNOWN-1')).toEqual([]);
    const byId = await store.advisoriesByIds(['GHSA-2222']);
    expect(byId.get('GHSA-2222')?.map((advisory) => `${advisory.source}:${advisory.id}`)).toEqual([
      'nvd:CVE-2024-0001',
      'osv:GHSA-1111',
      'osv:OSV-2024-7',
      'osv:PYSEC-2024-9',
    ]);
    const status = await store.status();
    expect(status.vulnerabilities).toBe(1);
    expect(status.advisories).toBe(4);
  });

  it('links the same groups and counts updates alike in a first import, across its memory limit, and into stored data', async () => {
    // Three batches of one session: groups that a later record bridges (named by the CVE it
    // brings), a record updated in a later batch (newer) and one repeated older.
    const batches: Parameters<typeof makeAdvisory>[0][][] = [
      [
        { id: 'GHSA-1111', aliases: ['PYSEC-2024-1'], packages: [['PyPI', 'a']] },
        { id: 'PYSEC-2024-9', aliases: ['GHSA-2222'] },
        { id: 'RUSTSEC-2024-0001', modified: '2024-02-01T00:00:00Z' },
      ],
      [
        { id: 'OSV-2024-7', aliases: ['GHSA-2222', 'CVE-2024-0001', 'PYSEC-2024-1'] },
        { id: 'GO-2024-0001', aliases: ['CVE-2024-0002'] },
      ],
      [
        { id: 'CVE-2024-0001', source: 'nvd' },
        { id: 'GHSA-3333', aliases: ['CVE-2024-0002', 'CVE-2023-9999'] },
        {
          id: 'GHSA-1111',
          aliases: ['PYSEC-2024-1'],
          modified: '2024-06-01T00:00:00Z',
          packages: [['PyPI', 'b']],
        },
        { id: 'RUSTSEC-2024-0001', modified: '2024-01-01T00:00:00Z' },
      ],
    ];
    const ids = [
      ...new Set(batches.flat().flatMap((sketch) => [sketch.id, ...(sketch.aliases ?? [])])),
    ].sort();
    /** One session of the batches into a new database, opened with `options`, after `seed`. */
    const importInto = async (options: { sessionMemoryLimit?: number }, seed: boolean) => {
      const opened = await backend.open();
      const other = await openStore(opened.location, options);
      try {
        if (seed) await importAll(other, [{ id: 'SEED-0001', aliases: ['SEED-0002'] }]);
        const session = await other.beginImport();
        for (const batch of batches) await session.writeAdvisories(batch.map(makeAdvisory));
        const result = await session.commit();
        const status = await other.status();
        const packages = await other.advisoriesForPackages([
          { ecosystem: 'PyPI', normalizedName: 'a' },
          { ecosystem: 'PyPI', normalizedName: 'b' },
        ]);
        return {
          counts: { imported: result.imported, updated: result.updated, unchanged: result.unchanged },
          groups: await other.vulnerabilityIds(ids),
          vulnerabilities: status.vulnerabilities - (seed ? 1 : 0),
          packages: [...packages.values()].map((list) => list.map((advisory) => advisory.modified)),
        };
      } finally {
        await other.close();
        await opened.dispose();
      }
    };

    // In memory: the store held no id when the session began.
    const inMemory = await importInto({}, false);
    // Three ids held at most: stored after the first batch, then linked through the stored rows.
    const acrossLimit = await importInto({ sessionMemoryLimit: 3 }, false);
    // Through the stored rows from the start: the store already held a group.
    const intoStored = await importInto({}, true);

    const bridged = ['CVE-2024-0001', 'GHSA-1111', 'GHSA-2222', 'OSV-2024-7', 'PYSEC-2024-1', 'PYSEC-2024-9'];
    expect(inMemory.groups.get('PYSEC-2024-9')).toEqual(bridged);
    expect(inMemory.groups.get('GO-2024-0001')).toEqual([
      'CVE-2023-9999',
      'CVE-2024-0002',
      'GHSA-3333',
      'GO-2024-0001',
    ]);
    expect(inMemory.groups.get('RUSTSEC-2024-0001')).toEqual(['RUSTSEC-2024-0001']);
    expect(inMemory.vulnerabilities).toBe(3);
    expect(inMemory.counts).toEqual({ imported: 7, updated: 1, unchanged: 1 });
    expect(inMemory.packages).toEqual([[], ['2024-06-01T00:00:00Z']]);
    expect(acrossLimit).toEqual(inMemory);
    expect(intoStored).toEqual(inMemory);
  });

  it('finds the aliases a first import wrote, within its session, before it commits', async () => {
    const session = await store.beginImport();
    await session.writeAdvisories(
      [
        { id: 'GHSA-4444', aliases: ['CVE-2024-0004'] },
        { id: 'PYSEC-2024-4', aliases: ['CVE-2024-0004'] },
      ].map(makeAdvisory),
    );
    const found = await session.findAdvisories({ ids: ['CVE-2024-0004'] });
    // It goes on linking after the read: a later record joins the same group.
    await session.writeAdvisories([makeAdvisory({ id: 'OSV-2024-4', aliases: ['PYSEC-2024-4'] })]);
    await session.commit();

    expect(found.map((advisory) => advisory.id).sort()).toEqual(['GHSA-4444', 'PYSEC-2024-4']);
    expect((await store.vulnerabilityIds(['OSV-2024-4'])).get('OSV-2024-4')).toEqual([
      'CVE-2024-0004',
      'GHSA-4444',
      'OSV-2024-4',
      'PYSEC-2024-4',
    ]);
  });

  it('finds advisories by CPE vendor:product, lowercase, vulnerable matches only', async () => {
    await importAll(store, [
      { id: 'CVE-2001-0500', source: 'nvd', cpes: ['cpe:2.3:a:Microsoft:IIS:4.0:*:*:*:*:*:*:*'] },
      { id: 'CVE-2020-1', source: 'nvd', cpes: ['cpe:2.3:a:acme:we\\:ird:1:*:*:*:*:*:*:*'] },
    ]);

    const found = await store.advisoriesForCpeProducts(['microsoft:iis', 'acme:we\\:ird', 'acme:none']);

    expect(found.get('microsoft:iis')?.map((advisory) => advisory.id)).toEqual(['CVE-2001-0500']);
    expect(found.get('acme:we\\:ird')?.map((advisory) => advisory.id)).toEqual(['CVE-2020-1']);
    expect(found.get('acme:none')).toEqual([]);
  });

  it('rolls back a session: nothing of it is visible', async () => {
    const session = await store.beginImport();
    await session.writeAdvisories([makeAdvisory({ id: 'GHSA-rb', packages: [['npm', 'x']] })]);
    await session.writeKev([]);
    await session.saveSourceState('file', { cursor: { n: 1 } });

    await session.rollback();

    expect(await store.isEmpty()).toBe(true);
    expect(await store.sourceState('file')).toBeUndefined();
  });

  it('reports records it cannot store as failed, with their id', async () => {
    const broken = makeAdvisory({ id: 'GHSA-bad' });
    broken.modified = 'yesterday';

    const result = await (async () => {
      const session = await store.beginImport();
      await session.writeAdvisories([broken, makeAdvisory({ id: 'GHSA-ok' })]);
      session.noteSkipped({ file: 'x.json', line: 3, reason: 'not OSV' });
      return session.commit();
    })();

    expect(result.imported).toBe(1);
    expect(result.failed).toEqual([
      { source: 'osv', id: 'GHSA-bad', reason: `expected an RFC 3339 'modified' timestamp, got "yesterday"` },
    ]);
    expect(result.skipped).toEqual([{ file: 'x.json', line: 3, reason: 'not OSV' }]);
  });

  it('stores KEV entries and keeps the latest EPSS score', async () => {
    const session = await store.beginImport();
    await session.writeKev(
      [
        {
          cveId: 'CVE-2021-44228',
          vendorProject: 'Apache',
          product: 'Log4j2',
          vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
          dateAdded: '2021-12-10',
          shortDescription: 'JNDI features…',
          requiredAction: 'Apply updates per vendor instructions.',
          dueDate: '2021-12-24',
          knownRansomwareCampaignUse: 'Known',
          notes: '',
          cwes: ['CWE-20', 'CWE-400'],
        },
      ],
      '2025.08.25',
    );
    await session.writeEpss([
      {
        cveId: 'CVE-2021-44228',
        epss: 0.99999,
        percentile: 1,
        scoreDate: '2026-09-29',
        modelVersion: 'v2026.06.15',
      },
    ]);
    await session.writeEpss([
      { cveId: 'CVE-2021-44228', epss: 0.5, percentile: 0.5, scoreDate: '2020-01-01' },
    ]);
    await session.commit();

    const kev = await store.kevEntries(['CVE-2021-44228', 'CVE-1999-0001']);
    const epss = await store.epssScores(['CVE-2021-44228']);

    expect(kev.get('CVE-2021-44228')).toMatchObject({
      product: 'Log4j2',
      cwes: ['CWE-20', 'CWE-400'],
      knownRansomwareCampaignUse: 'Known',
    });
    expect(kev.has('CVE-1999-0001')).toBe(false);
    expect(epss.get('CVE-2021-44228')).toEqual({
      cveId: 'CVE-2021-44228',
      epss: 0.99999,
      percentile: 1,
      scoreDate: '2026-09-29',
      modelVersion: 'v2026.06.15',
    });
    const status = await store.status();
    expect(status).toMatchObject({
      kevEntries: 1,
      kevCatalogVersion: '2025.08.25',
      epssScores: 1,
      epssScoreDate: '2026-09-29',
    });
  });

  it('answers KEV and EPSS questions about thousands of CVE ids at once, repeats included', async () => {
    // A scan asks about every CVE id it found in one call: 1,200 ids here, past the 500-value
    // lists the lookups once went in, with every scored id asked twice.
    const scored = Array.from({ length: 600 }, (_, i) => `CVE-2024-${String(10000 + i)}`);
    const session = await store.beginImport();
    await session.writeEpss(
      scored.map((cveId, i) => ({ cveId, epss: i / 1000, percentile: i / 600, scoreDate: '2026-11-01' })),
    );
    await session.commit();
    const unknown = Array.from({ length: 600 }, (_, i) => `CVE-1999-${String(10000 + i)}`);
    const asked = [...scored, ...unknown, ...scored.slice().reverse()];

    const epss = await store.epssScores(asked);
    const kev = await store.kevEntries(asked);

    expect(epss.size).toBe(600);
    expect(epss.get('CVE-2024-10599')).toEqual({
      cveId: 'CVE-2024-10599',
      epss: 0.599,
      percentile: 599 / 600,
      scoreDate: '2026-11-01',
    });
    expect(unknown.some((id) => epss.has(id))).toBe(false);
    expect(kev.size).toBe(0);
    expect((await store.epssScores([])).size).toBe(0);
  });

  it('saves source state in the import transaction and reads it back', async () => {
    const session = await store.beginImport();
    await session.saveSourceState('nvd', {
      etag: '"abc"',
      cursor: { startIndex: 2000 },
      lastSyncAt: '2026-11-23T09:00:00Z',
    });
    await session.saveSourceState('nvd', { records: 42, lastSuccessAt: '2026-11-23T09:05:00Z' });
    await session.commit();

    const state = await store.sourceState('nvd');

    expect(state).toEqual({
      name: 'nvd',
      etag: '"abc"',
      cursor: { startIndex: 2000 },
      lastSyncAt: '2026-11-23T09:00:00Z',
      lastSuccessAt: '2026-11-23T09:05:00Z',
      records: 42,
    });
    const cleared = await store.beginImport();
    await cleared.saveSourceState('nvd', { cursor: null });
    await cleared.commit();
    expect((await store.sourceState('nvd'))?.cursor).toBeUndefined();
  });

  it('reports counts per source and ecosystem in status', async () => {
    await importAll(store, [
      {
        id: 'GHSA-1',
        packages: [
          ['PyPI', 'a'],
          ['npm', 'a'],
        ],
      },
      { id: 'GHSA-2', packages: [['npm', 'b']], modified: '2025-06-01T00:00:00Z' },
      { id: 'CVE-1', source: 'nvd', withdrawn: '2025-01-01T00:00:00Z' },
    ]);

    const status = await store.status();

    expect(status.bySource).toEqual([
      { key: 'nvd', count: 1 },
      { key: 'osv', count: 2 },
    ]);
    expect(status.byEcosystem).toEqual([
      { key: 'PyPI', count: 1 },
      { key: 'npm', count: 2 },
    ]);
    expect(status).toMatchObject({ advisories: 3, withdrawn: 1, newestModified: '2025-06-01T00:00:00Z' });
  });

  it('serves an updated record after commit, not a cached copy', async () => {
    await importAll(store, [{ id: 'GHSA-c', summary: 'first', packages: [['npm', 'c']] }]);
    const key = { ecosystem: 'npm', normalizedName: 'c' };
    expect((await store.advisoriesForPackages([key])).get(packageKeyString(key))?.[0]?.summary).toBe('first');

    await importAll(store, [
      { id: 'GHSA-c', summary: 'second', modified: '2025-01-01T00:00:00Z', packages: [['npm', 'c']] },
    ]);

    expect((await store.advisoriesForPackages([key])).get(packageKeyString(key))?.[0]?.summary).toBe(
      'second',
    );
  });

  it('answers batched lookups of many keys in one call', async () => {
    const sketches = Array.from({ length: 1500 }, (_, index) => ({
      id: `GHSA-${index}`,
      packages: [['npm', `p${index}`]] as [string, string][],
    }));
    await importAll(store, sketches);

    const keys = Array.from({ length: 3000 }, (_, index) => ({
      ecosystem: 'npm',
      normalizedName: `p${index}`,
    }));
    const found = await store.advisoriesForPackages(keys);

    expect(found.size).toBe(3000);
    expect([...found.values()].filter((list) => list.length === 1).length).toBe(1500);
  });
});

describe('src/store/prepared-advisory cpeProduct', () => {
  it.each([
    ['cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*', 'apache:log4j'],
    ['cpe:2.3:o:Microsoft:Windows_2000:-:sp4:*:*:*:*:*:*', 'microsoft:windows_2000'],
    ['cpe:2.3:a:a\\:b:c:*:*:*:*:*:*:*:*', 'a\\:b:c'],
    ['cpe:2.3:a:*:*:*:*:*:*:*:*:*:*', undefined],
    ['cpe:/a:apache:log4j', undefined],
    ['', undefined],
  ])('%s → %s', (criteria, expected) => {
    expect(cpeProduct(criteria)).toBe(expected);
  });
});
