/**
 * The reader thread (advisory-import-worker.ts) against the in-thread reader on the same input:
 * part of the bundled snapshot, which holds every item kind (OSV, NVD, CVE 5, KEV, EPSS) and the overlay
 * rule's record. Same counts, same progress reports, same stored rows; errors and aborts roll
 * back the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../test/support/cli.js';
import { WardError } from '../core/errors.js';
import { openStore } from '../store/store.js';
import { type ImportProgress, importAdvisoryFiles } from './advisory-import.js';

const SNAPSHOT = join(PROJECT_ROOT, 'data/snapshot');
/** A part of the snapshot with every item kind, a third of its size (the tests stay short). */
const SAMPLE = ['cve5', 'epss', 'kev', 'nvd', 'osv-crates-io'].map((name) => join(SNAPSHOT, name));
const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/store/osv/mixed-with-bad-line.jsonl');
const root = mkdtempSync(join(tmpdir(), 'ward-import-thread-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NOW = () => new Date('2026-11-23T00:00:00Z');

/** Every row of the tables an import writes, in a stable order. */
function dump(path: string): Record<string, unknown[]> {
  const database = new BetterSqlite3(path, { readonly: true });
  try {
    const tables: Record<string, string> = {
      advisories: 'source, id',
      advisory_ids: 'id',
      affected_packages: 'ecosystem, normalized_name, source, advisory_id',
      cpe_products: 'product, source, advisory_id',
      kev: 'cve_id',
      epss: 'cve_id',
      sources: 'name',
      meta: 'key',
    };
    return Object.fromEntries(
      Object.entries(tables).map(([table, order]) => [
        table,
        database.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all(),
      ]),
    );
  } finally {
    database.close();
  }
}

async function importInto(file: string, readerThread: boolean) {
  const store = await openStore(file);
  const progress: ImportProgress[] = [];
  try {
    const result = await importAdvisoryFiles(store, [...SAMPLE, FIXTURE], {
      readerThread,
      batchSize: 700,
      now: NOW,
      onProgress: (update) => progress.push(update),
    });
    return { result, progress };
  } finally {
    await store.close();
  }
}

describe('src/services/advisory-import reader thread', () => {
  it('imports exactly what the in-thread reader imports: counts, progress, rows', async () => {
    const inThread = join(root, 'in-thread.db');
    const threaded = join(root, 'threaded.db');

    const expected = await importInto(inThread, false);
    const actual = await importInto(threaded, true);

    expect(expected.result.imported).toBeGreaterThan(500);
    expect(expected.result.kev).toBeGreaterThan(0);
    expect(expected.result.epss).toBeGreaterThan(0);
    expect(actual.result).toEqual(expected.result);
    expect(actual.progress).toEqual(expected.progress);
    const rows = dump(threaded);
    const expectedRows = dump(inThread);
    // Only the bookkeeping time of the sources row differs.
    for (const table of [rows, expectedRows]) {
      for (const source of table.sources as { updated_at: string }[]) source.updated_at = '';
    }
    expect(rows).toEqual(expectedRows);
  });

  it('rolls back and names the file when a file cannot be read on the reader thread', async () => {
    const dir = mkdtempSync(join(root, 'broken-'));
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, 'PK\u0003\u0004 this is not a zip archive');
    const store = await openStore(join(dir, 'ward.db'));
    try {
      const attempt = importAdvisoryFiles(store, [FIXTURE, broken], { readerThread: true, batchSize: 1 });

      await expect(attempt).rejects.toBeInstanceOf(WardError);
      await expect(attempt).rejects.toMatchObject({ code: 'input.invalid', file: broken });
      expect(await store.isEmpty()).toBe(true);
      // The thread is usable again: the next import works.
      expect((await importAdvisoryFiles(store, [FIXTURE], { readerThread: true })).imported).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('fails on a missing path after reading the paths before it, like the in-thread reader', async () => {
    const dir = mkdtempSync(join(root, 'missing-'));
    const store = await openStore(join(dir, 'ward.db'));
    const missing = join(dir, 'absent.jsonl');
    const attempt = async (readerThread: boolean) => {
      const progress: ImportProgress[] = [];
      const outcome = importAdvisoryFiles(store, [...SAMPLE, missing], {
        readerThread,
        onProgress: (update) => progress.push(update),
      });
      await expect(outcome).rejects.toMatchObject({ code: 'not-found', file: missing });
      return progress;
    };
    try {
      const expected = await attempt(false);
      const actual = await attempt(true);

      expect(expected.at(-1)?.read).toBeGreaterThan(500);
      expect(actual).toEqual(expected);
      expect(await store.isEmpty()).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('stops when aborted and leaves the database unchanged', async () => {
    const dir = mkdtempSync(join(root, 'abort-'));
    const store = await openStore(join(dir, 'ward.db'));
    try {
      await importAdvisoryFiles(store, [FIXTURE], { readerThread: true });
      const before = await store.status();
      const controller = new AbortController();

      const attempt = importAdvisoryFiles(store, SAMPLE, {
        readerThread: true,
        batchSize: 100,
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.written >= 300) controller.abort();
        },
      });

      await expect(attempt).rejects.toMatchObject({ code: 'aborted' });
      expect(await store.status()).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('writes what the reader threads have delivered instead of idling until a batch is full', async () => {
    const dir = mkdtempSync(join(root, 'early-'));
    const importWithWrites = async (readerThread: boolean) => {
      const store = await openStore(join(dir, `${readerThread}.db`));
      /** Advisories per writePreparedAdvisories call, and all advisories written either way. */
      const writes: number[] = [];
      let written = 0;
      const begin = store.beginImport.bind(store);
      store.beginImport = async () => {
        const session = await begin();
        const writePrepared = session.writePreparedAdvisories.bind(session);
        const writeParsed = session.writeAdvisories.bind(session);
        session.writePreparedAdvisories = (advisories) => {
          writes.push(advisories.length);
          written += advisories.length;
          return writePrepared(advisories);
        };
        session.writeAdvisories = (advisories) => {
          written += advisories.length;
          return writeParsed(advisories);
        };
        return session;
      };
      const progress: ImportProgress[] = [];
      try {
        const result = await importAdvisoryFiles(store, SAMPLE, {
          readerThread,
          batchSize: 1_000_000,
          now: NOW,
          onProgress: (update) => progress.push(update),
        });
        return { result, writes, written, progress };
      } finally {
        await store.close();
      }
    };

    const inThread = await importWithWrites(false);
    const threaded = await importWithWrites(true);

    // One batch of 1,000,000 in this thread; as the reader threads deliver (500 items a message).
    expect(inThread.writes).toHaveLength(1);
    expect(threaded.writes.length).toBeGreaterThan(1);
    expect(threaded.written).toBe(inThread.written);
    expect(inThread.written).toBeGreaterThan(1000);
    expect(threaded.result).toEqual(inThread.result);
    expect(threaded.progress).toEqual(inThread.progress);
  });

  it('stores each JSON Lines record as the text it was read as, whichever thread reads it', async () => {
    const dir = mkdtempSync(join(root, 'text-'));
    const record = (id: string, summary: string): string =>
      JSON.stringify({ schema_version: '1.6.0', id, modified: '2024-05-01T00:00:00Z', summary });
    // ASCII, other characters (2, 3 and 4 bytes), a CRLF line ending and, in the last record, a
    // byte that is not UTF-8, which the reader decodes as U+FFFD like any text it reads.
    const bytes = Buffer.concat([
      Buffer.from(`${record('OSV-TEXT-1', 'plain')}\n`),
      Buffer.from(`${record('OSV-TEXT-2', 'é € 😀')}\r\n`),
      Buffer.from(record('OSV-TEXT-3', 'bad ')),
    ]);
    const bad = bytes.lastIndexOf(Buffer.from('bad ')) + 3;
    bytes[bad] = 0xff;
    const file = join(dir, 'records.jsonl');
    writeFileSync(file, bytes);
    const expected = bytes
      .toString('utf8')
      .split(/\r?\n/)
      // The stored bytes too: a record that is not UTF-8 must not reach the database as it was.
      .map((text) => ({ id: JSON.parse(text).id, type: 'text', json: text, stored: Buffer.from(text) }));
    expect(expected[2]?.json).toContain('bad\ufffd');

    for (const readerThread of [false, true]) {
      const path = join(dir, `${readerThread}.db`);
      const store = await openStore(path);
      try {
        expect((await importAdvisoryFiles(store, [file], { readerThread })).imported).toBe(3);
      } finally {
        await store.close();
      }
      const database = new BetterSqlite3(path, { readonly: true });
      try {
        const rows = database
          .prepare(
            'SELECT id, typeof(json) AS type, json, CAST(json AS BLOB) AS stored FROM advisories ORDER BY id',
          )
          .all();
        expect(rows, `readerThread: ${readerThread}`).toEqual(expected);
      } finally {
        database.close();
      }
    }
  });
});
