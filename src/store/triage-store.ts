/**
 * Triage state in the same database as the advisories (SQLite file or PostgreSQL URL): the
 * statements people and VEX documents make about findings, and each finding's history across
 * scans. Its own small Kysely handle over the tables of migration 20261123100000-triage, so the
 * advisory store's interface stays about advisories.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { WardError } from '../core/errors.js';
import type { Finding } from '../matching/types.js';
import { type FindingRecord, reconcileScan, type TriageStatement } from '../prioritize/triage.js';
import { migrationProvider } from './migrations/index.js';
import { isPostgresUrl } from './store.js';

interface TriageTables {
  triage_statements: {
    id: string;
    vulnerability_id: string;
    status: string;
    timestamp: string;
    source: string;
    json: string;
  };
  finding_records: {
    scope: string;
    key: string;
    vulnerability_id: string;
    first_seen: string;
    last_seen: string;
    fixed_at: string | null;
    reopened_at: string | null;
  };
}

/** Same statement content = same id, so importing one VEX document twice stores it once. */
export function statementId(statement: TriageStatement): string {
  const { source: _source, ...content } = statement;
  const canonical = JSON.stringify(content, Object.keys(content).sort());
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

export class TriageStore {
  readonly #db: Kysely<TriageTables>;

  constructor(db: Kysely<TriageTables>) {
    this.#db = db;
  }

  /** Adds statements (one transaction); returns how many were new. */
  async addStatements(statements: readonly TriageStatement[]): Promise<{ added: number; unchanged: number }> {
    let added = 0;
    await this.#db.transaction().execute(async (trx) => {
      for (const statement of statements) {
        const id = statementId(statement);
        const existing = await trx
          .selectFrom('triage_statements')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (existing) continue;
        await trx
          .insertInto('triage_statements')
          .values({
            id,
            vulnerability_id: statement.vulnerabilityId,
            status: statement.status,
            timestamp: statement.timestamp,
            source: statement.source,
            json: JSON.stringify(statement),
          })
          .execute();
        added++;
      }
    });
    return { added, unchanged: statements.length - added };
  }

  /** Every statement, oldest first (later ones win ties when applied). */
  async statements(): Promise<TriageStatement[]> {
    const rows = await this.#db
      .selectFrom('triage_statements')
      .select(['json'])
      .orderBy('timestamp')
      .orderBy('id')
      .execute();
    return rows.map((row) => JSON.parse(row.json) as TriageStatement);
  }

  async records(scope: string): Promise<FindingRecord[]> {
    const rows = await this.#db
      .selectFrom('finding_records')
      .selectAll()
      .where('scope', '=', scope)
      .orderBy('key')
      .execute();
    return rows.map((row) => {
      const record: FindingRecord = {
        key: row.key,
        vulnerabilityId: row.vulnerability_id,
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
      };
      if (row.fixed_at) record.fixedAt = row.fixed_at;
      if (row.reopened_at) record.reopenedAt = row.reopened_at;
      return record;
    });
  }

  /**
   * Records one scan of `scope` (the scanned targets): new findings get first-seen, missing ones
   * are marked fixed (verified by this scan), returning ones re-open. Returns the records before
   * this scan, which give each finding its first-seen date.
   */
  async recordScan(scope: string, findings: readonly Finding[], scannedAt: string): Promise<FindingRecord[]> {
    return this.#db.transaction().execute(async (trx) => {
      const store = new TriageStore(trx);
      const previous = await store.records(scope);
      const next = reconcileScan(previous, findings, scannedAt);
      await trx.deleteFrom('finding_records').where('scope', '=', scope).execute();
      for (let start = 0; start < next.length; start += 200) {
        await trx
          .insertInto('finding_records')
          .values(
            next.slice(start, start + 200).map((record) => ({
              scope,
              key: record.key,
              vulnerability_id: record.vulnerabilityId,
              first_seen: record.firstSeen,
              last_seen: record.lastSeen,
              fixed_at: record.fixedAt ?? null,
              reopened_at: record.reopenedAt ?? null,
            })),
          )
          .execute();
      }
      return next;
    });
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

/** Opens the triage tables of the database at `location`, migrating it first. */
export async function openTriageStore(location: string): Promise<TriageStore> {
  let db: Kysely<TriageTables>;
  if (isPostgresUrl(location)) {
    const pg = (await import('pg')).default;
    db = new Kysely<TriageTables>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 2 }) }),
    });
  } else {
    try {
      if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
      const database = new BetterSqlite3(location);
      database.pragma('journal_mode = WAL');
      database.pragma('busy_timeout = 10000');
      db = new Kysely<TriageTables>({ dialect: new SqliteDialect({ database }) });
    } catch (error) {
      throw new WardError(
        'store.failed',
        `could not open the SQLite database ${location}: ${(error as Error).message}`,
        {
          cause: error,
          file: location,
        },
      );
    }
  }
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw new WardError(
      'store.failed',
      `could not migrate ${location}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return new TriageStore(db);
}
