/**
 * PostgreSQL backend for shared, server-side deployments: the same schema and statements as
 * SQLite, through node-postgres with a small pool.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { KyselyStore } from '../kysely-store.js';
import type { Database } from '../schema.js';
import type { BackendOptions, Store } from '../store.js';

export async function openPostgresStore(url: string, options: BackendOptions = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStore({ ...options, kind: 'postgres', location: redactUrl(url), db });
}

/** The URL without its password, for messages and `ward db status`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
