import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { makeAdvisory, syntheticAdvisories } from '../../../test/fixtures/store/advisories.js';
import { killMidImport } from '../../../test/fixtures/store/kill-import.js';
import { packageKeyString } from '../../matching/types.js';
import { migrationProvider } from '../migrations/index.js';
import { openStore, type StoreStatus } from '../store.js';

const dir = mkdtempSync(join(tmpdir(), 'ward-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `read` on a read-only connection of its own to the file, closed afterwards. */
function readDatabase<T>(path: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The value of `PRAGMA name` on the file (journal_mode, integrity_check). */
function pragmaOf(path: string, name: string): unknown {
  return readDatabase(path, (db) => db.pragma(name, { simple: true }));
}

function tableCounts(path: string): Record<string, number> {
  return readDatabase(path, (db) => {
    const counts: Record<string, number> = {};
    for (const table of [
      'advisories',
      'advisory_ids',
      'affected_packages',
      'cpe_products',
      'kev',
      'epss',
      'sources',
    ]) {
      counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    }
    return counts;
  });
}

/** Every table and index of the database with its SQL, in a stable order. */
function schemaOf(path: string): unknown[] {
  return readDatabase(path, (db) =>
    db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name').all(),
  );
}

/**
 * After an import was killed: the database reopens with the same rows and schema (indexes
 * included) as before, passes an integrity check, is in WAL mode again and still takes an
 * import. Returns the reopened status.
 */
async function expectUnchangedAndWritable(
  path: string,
  before: Record<string, number>,
  schemaBefore: unknown[],
): Promise<StoreStatus> {
  const reopened = await openStore(path);
  const status = await reopened.status();
  await reopened.close();
  expect(pragmaOf(path, 'integrity_check')).toBe('ok');
  expect(pragmaOf(path, 'journal_mode')).toBe('wal');
  expect(tableCounts(path)).toEqual(before);
  expect(schemaOf(path)).toEqual(schemaBefore);
  const again = await openStore(path);
  const next = await again.beginImport();
  await next.writeAdvisories([...syntheticAdvisories(10, 'AFTER')]);
  expect((await next.commit()).imported).toBe(10);
  await again.close();
  expect(tableCounts(path).advisories).toBe((before.advisories ?? 0) + 10);
  return status;
}

describe('src/store/sqlite/sqlite-store', () => {
  it('uses the WAL journal', async () => {
    const path = join(dir, 'wal.db');
    const store = await openStore(path);
    await store.close();

    expect(pragmaOf(path, 'journal_mode')).toBe('wal');
  });

  it('leaves the database unchanged and usable when an import is SIGKILLed midway', async () => {
    const path = join(dir, 'killed.db');
    const store = await openStore(path);
    const session = await store.beginImport();
    await session.writeAdvisories([...syntheticAdvisories(500, 'BEFORE')]);
    await session.commit();
    await store.close();
    const before = tableCounts(path);
    const schemaBefore = schemaOf(path);

    const killed = await killMidImport(path, 10);

    expect(killed.batches).toBeGreaterThanOrEqual(10);
    expect(before.advisories).toBe(500);
    expect((await expectUnchangedAndWritable(path, before, schemaBefore)).advisories).toBe(500);
  });

  it('writes the first import into an empty database through a rollback journal, then is back in WAL mode', async () => {
    const path = join(dir, 'first-import.db');
    const store = await openStore(path);
    const freshSchema = schemaOf(path);
    const first = await store.beginImport();
    await first.writeAdvisories([...syntheticAdvisories(300, 'FIRST')]);
    // The rollback journal of the open transaction, and no WAL being written.
    expect(existsSync(`${path}-journal`)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect((await first.commit()).imported).toBe(300);
    expect(existsSync(`${path}-journal`)).toBe(false);
    // The lookup indexes it built at the end, exactly as the migrations define them.
    expect(schemaOf(path)).toEqual(freshSchema);
    expect(freshSchema.filter((row) => (row as { type: string }).type === 'index').length).toBeGreaterThan(5);

    // Data is stored now: the next import goes through the WAL as usual.
    const second = await store.beginImport();
    await second.writeAdvisories([...syntheticAdvisories(5, 'SECOND')]);
    expect(existsSync(`${path}-journal`)).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await second.commit();
    await store.close();

    expect(pragmaOf(path, 'journal_mode')).toBe('wal');
    expect(pragmaOf(path, 'integrity_check')).toBe('ok');
    expect(tableCounts(path).advisories).toBe(305);
  });

  it('is back in WAL mode, empty and with every index, when a first import is rolled back', async () => {
    const path = join(dir, 'first-rollback.db');
    const store = await openStore(path);
    const freshSchema = schemaOf(path);
    const session = await store.beginImport();
    await session.writeAdvisories([...syntheticAdvisories(300, 'GONE')]);
    await session.rollback();
    expect(await store.isEmpty()).toBe(true);
    expect(schemaOf(path)).toEqual(freshSchema);
    // A reader can open the file again: no lock is left behind.
    const reader = await openStore(path);
    expect((await reader.status()).advisories).toBe(0);
    await reader.close();
    await store.close();
    expect(pragmaOf(path, 'journal_mode')).toBe('wal');
  });

  it('imports through the WAL when another connection has the empty database open, without blocking it', async () => {
    const path = join(dir, 'first-import-shared.db');
    const reader = await openStore(path);
    const writer = await openStore(path);
    const session = await writer.beginImport();
    await session.writeAdvisories([...syntheticAdvisories(50, 'SHARED')]);
    expect(existsSync(`${path}-journal`)).toBe(false);
    // The other connection reads the last committed state while the import is open.
    expect((await reader.status()).advisories).toBe(0);
    await session.commit();
    expect((await reader.status()).advisories).toBe(50);
    await writer.close();
    await reader.close();
  });

  it('leaves an empty database empty and usable when its first import (rollback journal) is SIGKILLed midway', async () => {
    const path = join(dir, 'killed-first.db');
    await (await openStore(path)).close();
    const before = tableCounts(path);
    const schemaBefore = schemaOf(path);

    const killed = await killMidImport(path, 5);

    expect(killed.batches).toBeGreaterThanOrEqual(5);
    // The killed import was writing through a rollback journal: it is left behind, hot. It had
    // dropped the lookup indexes it builds at the end: the rollback brings them back.
    expect(existsSync(`${path}-journal`)).toBe(true);
    expect((await expectUnchangedAndWritable(path, before, schemaBefore)).advisories).toBe(0);
  });

  it('sees advisories another connection committed after this one built its package index', async () => {
    const path = join(dir, 'two-connections.db');
    const reader = await openStore(path);
    const writer = await openStore(path);
    const key = { ecosystem: 'npm', normalizedName: 'pkg-1' };
    expect((await reader.advisoriesForPackages([key])).get(packageKeyString(key))).toEqual([]);

    const session = await writer.beginImport();
    await session.writeAdvisories([...syntheticAdvisories(1, 'OTHER')]);
    await session.commit();
    const after = (await reader.advisoriesForPackages([key])).get(packageKeyString(key));
    await writer.close();
    await reader.close();

    expect(after?.map((advisory) => advisory.id)).toEqual(['OTHER-000001']);
  });

  it('reads advisories stored before the encoding column existed, as they were written', async () => {
    const path = join(dir, 'before-encoding.db');
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    const migrated = await new Migrator({ db: old, provider: migrationProvider }).migrateTo(
      '20261123113000-meta',
    );
    expect(migrated.error).toBeUndefined();
    await old.destroy();
    const advisory = makeAdvisory({ id: 'GHSA-fixt-0009-old0', packages: [['PyPI', 'fixture-pkg']] });
    const raw = new BetterSqlite3(path);
    raw
      .prepare("INSERT INTO advisories (source, id, modified, json) VALUES ('osv', ?, ?, ?)")
      .run(advisory.id, advisory.modified, JSON.stringify(advisory));
    raw.close();

    const store = await openStore(path);
    const found = await store.advisoriesByIds([advisory.id]);
    await store.close();

    expect(JSON.stringify(found.get(advisory.id))).toBe(JSON.stringify([advisory]));
    expect(readDatabase(path, (db) => db.prepare('SELECT encoding FROM advisories').pluck().all())).toEqual([
      'advisory',
    ]);
  });

  it('replaces the package rows of a record updated within the first import (its lookup indexes not built yet)', async () => {
    const path = join(dir, 'first-update.db');
    const store = await openStore(path);
    const session = await store.beginImport();
    const old = makeAdvisory({
      id: 'GHSA-fixt-0010-upd0',
      modified: '2024-01-01T00:00:00Z',
      packages: [['PyPI', 'old-name']],
    });
    const renamed = {
      ...makeAdvisory({ id: old.id, modified: '2024-06-01T00:00:00Z', packages: [['PyPI', 'new-name']] }),
    };
    await session.writeAdvisories([old, ...syntheticAdvisories(100, 'FILL')]);
    await session.writeAdvisories([renamed]);
    const result = await session.commit();

    expect(result).toMatchObject({ imported: 101, updated: 1 });
    const oldKey = { ecosystem: 'PyPI', normalizedName: 'old-name' };
    const newKey = { ecosystem: 'PyPI', normalizedName: 'new-name' };
    const found = await store.advisoriesForPackages([oldKey, newKey]);
    expect(found.get(packageKeyString(oldKey))).toEqual([]);
    expect(found.get(packageKeyString(newKey))?.map((advisory) => advisory.modified)).toEqual([
      '2024-06-01T00:00:00Z',
    ]);
    await store.close();
    expect(tableCounts(path).affected_packages).toBe(tableCounts(path).advisories);
  });

  it.each([
    { held: 'in memory until the commit', sessionMemoryLimit: undefined, name: 'first-regroup.db' },
    // Stored after the first batch: the second renames the stored groups by their group index,
    // built at that point.
    { held: 'stored midway', sessionMemoryLimit: 10, name: 'first-regroup-stored.db' },
  ])(
    'merges vulnerability groups within the first import, $held (lookup indexes not built yet)',
    async ({ sessionMemoryLimit, name }) => {
      const path = join(dir, name);
      const store = await openStore(path, sessionMemoryLimit === undefined ? {} : { sessionMemoryLimit });
      const freshSchema = schemaOf(path);
      const session = await store.beginImport();
      await session.writeAdvisories([
        makeAdvisory({ id: 'GHSA-fixt-0020-aaaa', aliases: ['CVE-2099-2001'] }),
        makeAdvisory({ id: 'PYSEC-2099-20', aliases: ['GHSA-fixt-0021-bbbb'] }),
        ...syntheticAdvisories(100, 'FILL'),
      ]);
      // Bridges the two groups written above: their stored rows are renamed to one group.
      await session.writeAdvisories([
        makeAdvisory({ id: 'OSV-2099-20', aliases: ['GHSA-fixt-0021-bbbb', 'CVE-2099-2001'] }),
      ]);
      await session.commit();

      const groups = await store.vulnerabilityIds(['PYSEC-2099-20']);
      const byId = await store.advisoriesByIds(['CVE-2099-2001']);
      await store.close();
      expect(groups.get('PYSEC-2099-20')).toEqual([
        'CVE-2099-2001',
        'GHSA-fixt-0020-aaaa',
        'GHSA-fixt-0021-bbbb',
        'OSV-2099-20',
        'PYSEC-2099-20',
      ]);
      expect(byId.get('CVE-2099-2001')?.map((advisory) => advisory.id)).toEqual([
        'GHSA-fixt-0020-aaaa',
        'OSV-2099-20',
        'PYSEC-2099-20',
      ]);
      expect(schemaOf(path)).toEqual(freshSchema);
    },
  );
});
