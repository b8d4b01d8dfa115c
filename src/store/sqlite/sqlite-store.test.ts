import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticAdvisories } from '../../../test/fixtures/store/advisories.js';
import { killMidImport } from '../../../test/fixtures/store/kill-import.js';
import { packageKeyString } from '../../matching/types.js';
import { openStore } from '../store.js';

const dir = mkdtempSync(join(tmpdir(), 'ward-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tableCounts(path: string): Record<string, number> {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
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
  } finally {
    db.close();
  }
}

describe('src/store/sqlite/sqlite-store', () => {
  it('uses the WAL journal', async () => {
    const path = join(dir, 'wal.db');
    const store = await openStore(path);
    await store.close();

    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('leaves the database unchanged and usable when an import is SIGKILLed midway', async () => {
    const path = join(dir, 'killed.db');
    const store = await openStore(path);
    const session = await store.beginImport();
    await session.writeAdvisories([...syntheticAdvisories(500, 'BEFORE')]);
    await session.commit();
    await store.close();
    const before = tableCounts(path);

    const killed = await killMidImport(path, 10);

    expect(killed.batches).toBeGreaterThanOrEqual(10);
    const reopened = await openStore(path);
    const status = await reopened.status();
    await reopened.close();
    const db = new BetterSqlite3(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(tableCounts(path)).toEqual(before);
    expect(status.advisories).toBe(500);
    expect(before.advisories).toBe(500);
    // Still writable after the crash.
    const again = await openStore(path);
    const next = await again.beginImport();
    await next.writeAdvisories([...syntheticAdvisories(10, 'AFTER')]);
    expect((await next.commit()).imported).toBe(10);
    await again.close();
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
});
