/**
 * SQLite backend: one file, WAL journal (readers never block the writer and an interrupted write
 * leaves the last committed state), through better-sqlite3.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { WardError } from '../../core/errors.js';
import { KyselyStore } from '../kysely-store.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';

export async function openSqliteStore(path: string): Promise<Store> {
  let database: BetterSqlite3.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    database = new BetterSqlite3(path);
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power loss may lose the last commits but never corrupts the file.
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 10000');
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
  return new KyselyStore({ kind: 'sqlite', location: path, db });
}
