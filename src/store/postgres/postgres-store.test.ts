import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticAdvisories } from '../../../test/fixtures/store/advisories.js';
import { killMidImport } from '../../../test/fixtures/store/kill-import.js';
import { PROJECT_ROOT } from '../../../test/support/cli.js';
import { createTestDatabase, postgresTestUrl, type TestDatabase } from '../../../test/support/postgres.js';
import { readAdvisoryFiles } from '../../services/advisory-files.js';
import { importAdvisoryFiles } from '../../services/advisory-import.js';
import { openStore } from '../store.js';
import { redactUrl } from './postgres-store.js';

const server = postgresTestUrl();

describe('src/store/postgres/postgres-store redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('postgres://ward:s3cret@db.example:5432/ward')).toBe(
      'postgres://ward:***@db.example:5432/ward',
    );
    expect(redactUrl('postgres://db.example/ward')).toBe('postgres://db.example/ward');
  });
});

describe.skipIf(server === undefined)('src/store/postgres/postgres-store (PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(server as string);
  });
  afterAll(() => database?.drop());

  it('leaves the database unchanged and usable when an import is SIGKILLed midway', async () => {
    const store = await openStore(database.url);
    const session = await store.beginImport();
    await session.writeAdvisories([...syntheticAdvisories(500, 'BEFORE')]);
    await session.commit();
    const before = await store.status();
    await store.close();

    const killed = await killMidImport(database.url, 5);

    expect(killed.batches).toBeGreaterThanOrEqual(5);
    const reopened = await openStore(database.url);
    const after = await reopened.status();
    const next = await reopened.beginImport();
    await next.writeAdvisories([...syntheticAdvisories(10, 'AFTER')]);
    const written = await next.commit();
    await reopened.close();
    expect(after).toEqual(before);
    expect(after.advisories).toBe(500);
    expect(written.imported).toBe(10);
  });

  it('stores OSV records as read and reads back the same advisories SQLite does', async () => {
    const files = [join(PROJECT_ROOT, 'data/snapshot/osv-pypi'), join(PROJECT_ROOT, 'data/snapshot/nvd')];
    const pgDatabase = await createTestDatabase(server as string);
    const dir = mkdtempSync(join(tmpdir(), 'ward-pg-encoding-'));
    try {
      const read = async (location: string): Promise<string> => {
        const store = await openStore(location);
        try {
          const result = await importAdvisoryFiles(store, files);
          expect(result.imported).toBeGreaterThan(50);
          const ids: string[] = [];
          for await (const item of readAdvisoryFiles(files))
            if (item.kind === 'advisory') ids.push(item.advisory.id);
          return JSON.stringify([...(await store.advisoriesByIds(ids))]);
        } finally {
          await store.close();
        }
      };

      const fromPostgres = await read(pgDatabase.url);
      const fromSqlite = await read(join(dir, 'ward.db'));

      expect(fromPostgres).toBe(fromSqlite);
      const client = new pg.Client({ connectionString: pgDatabase.url });
      await client.connect();
      const encodings = await client.query(
        'SELECT encoding, count(*)::int AS n FROM advisories GROUP BY encoding ORDER BY encoding',
      );
      await client.end();
      expect(encodings.rows.map((row) => row.encoding)).toEqual(['advisory', 'osv']);
    } finally {
      await pgDatabase.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
