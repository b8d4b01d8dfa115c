import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticAdvisories } from '../../../test/fixtures/store/advisories.js';
import { killMidImport } from '../../../test/fixtures/store/kill-import.js';
import { createTestDatabase, postgresTestUrl, type TestDatabase } from '../../../test/support/postgres.js';
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
});
