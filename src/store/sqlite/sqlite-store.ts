/**
 * SQLite backend: one file, WAL journal (readers never block the writer and an interrupted write
 * leaves the last committed state), through better-sqlite3. The one exception is the first import
 * into an empty database, which goes through a rollback journal (see `firstImportJournal`).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { BugError, WardError } from '../../core/errors.js';
import {
  type BulkInserter,
  type BulkTable,
  bulkColumns,
  type FirstImportHooks,
  KyselyStore,
} from '../kysely-store.js';
import type { Database } from '../schema.js';
import type { BackendOptions, Store } from '../store.js';

export async function openSqliteStore(path: string, options: BackendOptions = {}): Promise<Store> {
  let database: BetterSqlite3.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new BetterSqlite3(path);
    // 16 KiB pages for a new file (a no-op on an existing one): the advisories table is 85% of the
    // file and its rows (the JSON, 1.8 KB on average for OSV) left a fifth of each 4 KiB page
    // empty. Measured on the OSV benchmark import: a 20% smaller file and a third less commit
    // (WAL write plus checkpoint) time. Must precede the first write, hence before WAL mode.
    database.pragma('page_size = 16384');
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power loss may lose the last commits but never corrupts the file.
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('temp_store = MEMORY');
    database.pragma('cache_size = -65536');
  } catch (error) {
    throw new WardError(
      'store.failed',
      `could not open the SQLite database ${path}: ${(error as Error).message}`,
      {
        cause: error,
        file: path,
      },
    );
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // Prepared once: `database.pragma()` would compile the statement on every lookup.
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  return new KyselyStore({
    ...options,
    kind: 'sqlite',
    location: path,
    db,
    bulkInserter: sqliteBulkInserter(database),
    dataVersion: () => dataVersion.get() as number,
    beforeFirstImport: () => firstImportHooks(database, path !== ':memory:'),
  });
}

/** Busy timeout (ms) of every connection: how long a statement waits for another's lock. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The first import into an empty database (a fresh install, a CI job's new file, `ward db
 * import` into a new path) is written through a rollback journal instead of the WAL. Through the
 * WAL every page is written twice (into the WAL, then by the checkpoint into the database, each
 * followed by an fsync), and an import of the OSV benchmark is 22 MB of pages; a rollback journal
 * holds only the pages that existed before the transaction (here: the empty schema), so the data
 * is written once, into the database file. Measured on the OSV benchmark import: commit and close
 * 133–163 + 18–21 ms through the WAL, 54–76 + 0–2 ms this way (BENCHMARKS.md, advisories). It is as crash
 * safe: a killed import leaves a hot journal that the next connection rolls back.
 *
 * The store calls this only when nothing is stored yet (`isEmpty`: no advisory, KEV entry or
 * EPSS score); it is taken only when no other connection has the file open, since leaving WAL mode needs the file to itself; it is tried
 * without waiting and otherwise the import goes through the WAL as usual. While such an import
 * runs, another connection cannot open the file (it waits for the busy timeout): a first import
 * has nothing to read yet. WAL mode is restored when the import ends, committed or rolled back.
 * Returns the function that restores it, or undefined when the import goes through the WAL.
 */
function firstImportJournal(database: BetterSqlite3.Database): (() => void) | undefined {
  if (!setJournalMode(database, 'delete', 0)) return undefined;
  // FULL, not NORMAL: with a rollback journal NORMAL leaves a small window in which a power loss
  // can corrupt the file (https://www.sqlite.org/pragma.html#pragma_synchronous).
  database.pragma('synchronous = FULL');
  return () => {
    // Waits for readers that opened the file since (they block the switch, not the reverse).
    if (setJournalMode(database, 'wal', BUSY_TIMEOUT_MS)) database.pragma('synchronous = NORMAL');
  };
}

/**
 * Lookup indexes that a first import builds once its rows are in, instead of updating them row by
 * row: `CREATE INDEX` sorts the keys in one pass, where an import into an empty database spent
 * about as long inserting into them one row at a time as writing the rows (measured on the OSV
 * benchmark import, median of 8 in eight alternations: ~462 against ~506 ms; building the five
 * at the end takes ~20 ms). Nothing reads them while an import writes: it finds records and ids
 * by primary key. An update within the first import (the same record twice, the later one newer)
 * then deletes its old package rows by scanning `affected_packages` once per batch of updates.
 */
const DEFERRED_INDEXES = [
  'advisories_id_idx',
  'affected_packages_key_idx',
  'affected_packages_advisory_idx',
  'cpe_products_product_idx',
  'cpe_products_advisory_idx',
];

/**
 * The index by which ids move from one vulnerability group to another, deferred too: a first
 * import keeps its groups in memory and stores them when it commits (kysely-store.ts,
 * `#linkIds`), so the index is built after them, or as soon as the import stores its groups
 * early and goes on linking through the stored rows (`idsStored`), which renames by it.
 */
const GROUP_INDEX = 'advisory_ids_group_idx';

/**
 * What the session does around the transaction of a first import: the rollback journal (files
 * only, see firstImportJournal) and the deferred indexes, dropped inside the transaction and
 * built again just before it commits. A rollback, or a killed import's hot journal, brings them
 * back with everything else.
 */
function firstImportHooks(database: BetterSqlite3.Database, file: boolean): FirstImportHooks {
  const restoreWal = file ? firstImportJournal(database) : undefined;
  /** `CREATE INDEX` statement of each index dropped and not built yet, as the schema held it. */
  let dropped = new Map<string, string>();
  const create = (name: string): void => {
    const statement = dropped.get(name);
    if (statement === undefined) return;
    database.exec(statement);
    dropped.delete(name);
  };
  return {
    begin() {
      const deferred = [...DEFERRED_INDEXES, GROUP_INDEX];
      const indexes = database
        .prepare(
          `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN (${deferred.map(() => '?').join(', ')})`,
        )
        .all(...deferred) as { name: string; sql: string }[];
      // The names are the constants above, through the schema: never input.
      for (const index of indexes) database.exec(`DROP INDEX ${index.name}`);
      dropped = new Map(indexes.map((index) => [index.name, index.sql]));
    },
    idsStored() {
      create(GROUP_INDEX);
    },
    beforeCommit() {
      for (const name of [...dropped.keys()]) create(name);
    },
    end() {
      restoreWal?.();
    },
  };
}

/** Switches the journal mode, waiting at most `waitMs` for other connections; false when it could not. */
function setJournalMode(database: BetterSqlite3.Database, mode: 'wal' | 'delete', waitMs: number): boolean {
  database.pragma(`busy_timeout = ${waitMs}`);
  try {
    return database.pragma(`journal_mode = ${mode}`, { simple: true }) === mode;
  } catch {
    return false;
  } finally {
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** Rows bound per multi-row INSERT (at most 6 columns: far below SQLite's 32,766 parameters). */
const ROWS_PER_STATEMENT = 64;

/**
 * Column whose order the rows are inserted in: the key of the table's busiest index, so that
 * B-tree inserts land on the page written just before instead of on a random one (measured: a
 * quarter less time for the 21,619 `advisory_ids` rows of the OSV benchmark).
 */
const INSERT_ORDER: { [T in BulkTable]: string } = {
  advisories: 'id',
  affected_packages: 'normalized_name',
  cpe_products: 'product',
  advisory_ids: 'id',
};

/**
 * Bulk insert for SQLite through better-sqlite3 directly: prepared multi-row statements of
 * ROWS_PER_STATEMENT rows (and a single-row one for the remainder), reused for every chunk.
 * Kysely would build and prepare a new statement per chunk, which costs more than SQLite's insert
 * itself; a reused 64-row statement makes one native call per 64 rows instead of one per row. It
 * runs on the same connection, inside the transaction the Kysely session opened (SQLite
 * transactions belong to the connection), and the statement text comes only from the constant
 * table and column names below.
 */
function sqliteBulkInserter(database: BetterSqlite3.Database): BulkInserter {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statementFor = (table: BulkTable, rowCount: number): BetterSqlite3.Statement => {
    const key = `${table}/${rowCount}`;
    let statement = statements.get(key);
    if (statement === undefined) {
      const columns = bulkColumns(table);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const upsert =
        table === 'advisories'
          ? ' ON CONFLICT (source, id) DO UPDATE SET modified = excluded.modified, published = excluded.published, withdrawn = excluded.withdrawn, json = excluded.json, encoding = excluded.encoding'
          : '';
      statement = database.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${new Array<string>(rowCount).fill(tuple).join(', ')}${upsert}`,
      );
      statements.set(key, statement);
    }
    return statement;
  };
  // Point lookups by primary key, one prepared statement each: cheaper than building, compiling
  // and binding a 500-value IN list per chunk through Kysely, with the same index work.
  // Prepared on first use: the tables exist only once the store is migrated.
  const lazy = (text: string, pluck: boolean): (() => BetterSqlite3.Statement) => {
    let statement: BetterSqlite3.Statement | undefined;
    return () => {
      statement ??= pluck ? database.prepare(text).pluck() : database.prepare(text);
      return statement;
    };
  };
  // The ids go in as one JSON array walked by json_each: one statement per batch probing the
  // primary key per id, instead of one native call per id (measured: ~40% less time on the
  // 30,000 lookups of the OSV benchmark import).
  const modifiedStatement = lazy(
    'SELECT a.id, a.modified FROM json_each(?) AS j CROSS JOIN advisories AS a ON a.source = ? AND a.id = j.value',
    false,
  );
  const groupStatement = lazy(
    'SELECT i.id, i.group_id FROM json_each(?) AS j CROSS JOIN advisory_ids AS i ON i.id = j.value',
    false,
  );
  const regroupStatement = lazy('UPDATE advisory_ids SET group_id = ? WHERE group_id = ?', false);
  const assertInTransaction = (): void => {
    if (!database.inTransaction) throw new BugError('import write outside the import transaction');
  };
  return {
    async modifiedOf(_trx, source, ids) {
      assertInTransaction();
      const rows = modifiedStatement().raw().all(JSON.stringify(ids), source) as [string, string][];
      return new Map(rows);
    },
    async groupsOf(_trx, ids) {
      assertInTransaction();
      const rows = groupStatement().raw().all(JSON.stringify(ids)) as [string, string][];
      return new Map(rows);
    },
    async regroup(_trx, renames) {
      assertInTransaction();
      const statement = regroupStatement();
      for (const [oldGroup, groupId] of renames) statement.run(groupId, oldGroup);
    },
    async insert(_trx, table, rows) {
      if (rows.length === 0) return;
      if (!database.inTransaction) throw new BugError('bulk insert outside the import transaction');
      const columns = bulkColumns(table);
      const order = INSERT_ORDER[table];
      // Within one statement a later row with the same advisories key overwrites an earlier one
      // (ON CONFLICT DO UPDATE), as single-row statements in order would; the sort is stable.
      const sorted = [...(rows as readonly Record<string, unknown>[])].sort((a, b) => {
        const left = a[order] as string;
        const right = b[order] as string;
        return left < right ? -1 : left > right ? 1 : 0;
      });
      const many = statementFor(table, ROWS_PER_STATEMENT);
      const values: unknown[] = new Array(columns.length * ROWS_PER_STATEMENT);
      let start = 0;
      for (; start + ROWS_PER_STATEMENT <= sorted.length; start += ROWS_PER_STATEMENT) {
        let slot = 0;
        for (let index = start; index < start + ROWS_PER_STATEMENT; index += 1) {
          const record = sorted[index]!;
          for (const column of columns) values[slot++] = record[column] ?? null;
        }
        many.run(values);
      }
      const one = statementFor(table, 1);
      const single: unknown[] = new Array(columns.length);
      for (; start < sorted.length; start += 1) {
        const record = sorted[start]!;
        for (let index = 0; index < columns.length; index += 1)
          single[index] = record[columns[index]!] ?? null;
        one.run(single);
      }
    },
  };
}
