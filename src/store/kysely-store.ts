/**
 * The store over Kysely, shared by both backends: the statements here are portable SQL
 * (multi-row INSERT, ON CONFLICT, IN lists), so SQLite and PostgreSQL differ in how the
 * connection is made (see sqlite/ and postgres/) and in one place only, how a long id list is
 * bound as a single parameter (`#rowsByCve`).
 */
import {
  type ControlledTransaction,
  type Insertable,
  type Kysely,
  Migrator,
  type Selectable,
  sql,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { Advisory, EpssScore, KevEntry } from '../advisories/types.js';
import { WardError } from '../core/errors.js';
import { type PackageKey, packageKeyString } from '../matching/types.js';
import { IdGroups, preferId } from './id-groups.js';
import { migrationProvider } from './migrations/index.js';
import { decodeStoredAdvisory, type PreparedAdvisory, prepareAdvisory } from './prepared-advisory.js';
import type { AdvisoriesTable, Database, SourcesTable } from './schema.js';
import type {
  CountBy,
  ImportResult,
  ImportSession,
  MigrationOutcome,
  SkippedItem,
  SourceState,
  SourceStatePatch,
  Store,
  StoreKind,
  StoreStatus,
} from './store.js';

/** Rows per multi-row statement, kept under SQLite's and PostgreSQL's bound-parameter limits. */
const PARAMETER_BUDGET = 8000;
/** Values per IN list. */
const IN_CHUNK = 500;
/** Parsed advisories kept in memory between lookups. */
const CACHE_LIMIT = 20_000;
/**
 * Keys an import into an empty store keeps in memory (its vulnerability groups, see
 * `KyselyImportSession.#linkIds`, and the `modified` of what it wrote, see `#storedModified`)
 * before it goes through the stored rows instead: about 12 MB each, so that peak memory stays
 * bounded on any input.
 */
const SESSION_MEMORY_LIMIT = 100_000;

export interface KyselyStoreOptions {
  kind: StoreKind;
  location: string;
  db: Kysely<Database>;
  /** Runs after the Kysely instance is destroyed. */
  onClose?: () => Promise<void>;
  /**
   * Backend-specific bulk insert for the hot import tables; the default goes through Kysely.
   * (SQLite passes one that reuses prepared single-row statements, see sqlite-store.ts.)
   */
  bulkInserter?: BulkInserter;
  /**
   * A number that changes whenever another connection commits (SQLite's `PRAGMA data_version`).
   * When given, package lookups are answered from an in-memory copy of the package index,
   * rebuilt when the number changes or this store commits an import; without it (PostgreSQL,
   * where a network round trip per batch is the cost anyway) every lookup goes to SQL.
   */
  dataVersion?: () => number;
  /**
   * Runs just before an import transaction begins on an empty store (`isEmpty`) and says what the
   * session does around that transaction. (SQLite writes the first import into an empty database
   * through a rollback journal and builds the lookup indexes once, at the end: sqlite-store.ts.)
   */
  beforeFirstImport?: () => FirstImportHooks;
  /** Overrides SESSION_MEMORY_LIMIT (tests use a small one to cross it). */
  sessionMemoryLimit?: number;
}

/** What a backend does around the transaction of a first import; see `beforeFirstImport`. */
export interface FirstImportHooks {
  /** Inside the transaction, before anything is written. */
  begin?(): void;
  /**
   * Inside the transaction, when the session starts linking ids into vulnerability groups
   * through the stored rows (renaming a group by `group_id`), having stored any it held in memory.
   */
  idsStored?(): void;
  /** Inside the transaction, just before it commits (not when it rolls back). */
  beforeCommit?(): void;
  /** Once the transaction has ended, committed or rolled back. */
  end?(): void;
}

interface PackageHit {
  source: string;
  id: string;
  modified: string;
  /** cacheKey(source, id), computed once when the index is built. */
  cacheKey: string;
}

/** Hot tables written in bulk on import. */
export type BulkTable = 'advisories' | 'affected_packages' | 'cpe_products' | 'advisory_ids';
export type BulkRow<T extends BulkTable> = Insertable<Database[T]>;

/**
 * Inserts rows into one of the hot tables inside the open import transaction. `advisories` rows
 * replace an existing row with the same (source, id); the other tables only ever get new rows.
 */
export interface BulkInserter {
  insert<T extends BulkTable>(
    trx: Transaction<Database>,
    table: T,
    rows: readonly BulkRow<T>[],
  ): Promise<void>;
  /** Stored `modified` of each (source, id) that exists, keyed by id. */
  modifiedOf?(
    trx: Transaction<Database>,
    source: string,
    ids: readonly string[],
  ): Promise<Map<string, string>>;
  /** Stored vulnerability group of each id that has one. */
  groupsOf?(trx: Transaction<Database>, ids: readonly string[]): Promise<Map<string, string>>;
  /** Renames groups (old group id → new group id) in advisory_ids. */
  regroup?(trx: Transaction<Database>, renames: ReadonlyMap<string, string>): Promise<void>;
}

const BULK_COLUMNS: { [T in BulkTable]: readonly (keyof Database[T] & string)[] } = {
  advisories: ['source', 'id', 'modified', 'published', 'withdrawn', 'json', 'encoding'],
  affected_packages: ['ecosystem', 'normalized_name', 'source', 'advisory_id'],
  cpe_products: ['product', 'source', 'advisory_id'],
  advisory_ids: ['id', 'group_id'],
};

/** Column lists of the hot tables, for backends that build their own statements. */
export function bulkColumns(table: BulkTable): readonly string[] {
  return BULK_COLUMNS[table];
}

/** Portable bulk insert: multi-row INSERT statements sized to the parameter budget. */
export const kyselyBulkInserter: BulkInserter = {
  async insert(trx, table, rows) {
    const size = Math.floor(PARAMETER_BUDGET / BULK_COLUMNS[table].length);
    for (const chunk of chunks(rows, size)) {
      if (table === 'advisories') {
        await trx
          .insertInto('advisories')
          .values(chunk as BulkRow<'advisories'>[])
          .onConflict((conflict) =>
            conflict.columns(['source', 'id']).doUpdateSet((eb) => ({
              modified: eb.ref('excluded.modified'),
              published: eb.ref('excluded.published'),
              withdrawn: eb.ref('excluded.withdrawn'),
              json: eb.ref('excluded.json'),
              encoding: eb.ref('excluded.encoding'),
            })),
          )
          .execute();
      } else {
        // `never`: TypeScript cannot narrow the generic row type per table; rows are typed by
        // BulkRow<T> at the call site.
        await trx
          .insertInto(table)
          .values(chunk as never)
          .execute();
      }
    }
  },
};

async function kyselyModifiedOf(
  trx: Transaction<Database>,
  source: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const chunk of chunks(ids, IN_CHUNK)) {
    const rows = await trx
      .selectFrom('advisories')
      .select(['id', 'modified'])
      .where('source', '=', source)
      .where('id', 'in', chunk)
      .execute();
    for (const row of rows) result.set(row.id, row.modified);
  }
  return result;
}

async function kyselyGroupsOf(
  trx: Transaction<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const chunk of chunks(ids, IN_CHUNK)) {
    const rows = await trx.selectFrom('advisory_ids').selectAll().where('id', 'in', chunk).execute();
    for (const row of rows) result.set(row.id, row.group_id);
  }
  return result;
}

async function kyselyRegroup(
  trx: Transaction<Database>,
  renames: ReadonlyMap<string, string>,
): Promise<void> {
  for (const [oldGroup, groupId] of renames) {
    await trx
      .updateTable('advisory_ids')
      .set({ group_id: groupId })
      .where('group_id', '=', oldGroup)
      .execute();
  }
}

interface CachedAdvisory {
  modified: string;
  advisory: Advisory;
}

type Executor = Kysely<Database> | Transaction<Database>;

export class KyselyStore implements Store {
  readonly kind: StoreKind;
  readonly location: string;
  readonly #db: Kysely<Database>;
  readonly #onClose: (() => Promise<void>) | undefined;
  readonly #bulk: BulkInserter;
  // Insertion-ordered Map as a small LRU: re-inserted on hit, oldest evicted first.
  readonly #cache = new Map<string, CachedAdvisory>();
  readonly #dataVersion: (() => number) | undefined;
  readonly #beforeFirstImport: (() => FirstImportHooks) | undefined;
  readonly #sessionMemoryLimit: number;
  /** Package key string → non-withdrawn advisories naming it; see KyselyStoreOptions.dataVersion. */
  #packageIndex: { version: number; hits: Map<string, PackageHit[]>; ecosystems: Set<string> } | undefined;
  #closed = false;

  constructor(options: KyselyStoreOptions) {
    this.kind = options.kind;
    this.location = options.location;
    this.#db = options.db;
    this.#onClose = options.onClose;
    this.#bulk = options.bulkInserter ?? kyselyBulkInserter;
    this.#dataVersion = options.dataVersion;
    this.#beforeFirstImport = options.beforeFirstImport;
    this.#sessionMemoryLimit = options.sessionMemoryLimit ?? SESSION_MEMORY_LIMIT;
  }

  async migrate(): Promise<MigrationOutcome> {
    if (await this.#upToDate()) return { applied: [] };
    const migrator = new Migrator({ db: this.#db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName;
      throw new WardError(
        'store.failed',
        `could not migrate ${this.location}${failed ? ` (${failed})` : ''}: ${describe(error)}`,
        {
          cause: error,
        },
      );
    }
    return {
      applied: (results ?? [])
        .filter((result) => result.status === 'Success')
        .map((result) => result.migrationName),
    };
  }

  /**
   * One read of Kysely's migration table: when every known migration is recorded there is
   * nothing to do, and the Migrator (lock table, lock, full comparison) is skipped. That is
   * the common case on every open; any doubt (no table yet, a missing name) takes the full path.
   */
  async #upToDate(): Promise<boolean> {
    const known = Object.keys(await migrationProvider.getMigrations());
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(this.#db);
      const applied = new Set(rows.map((row) => row.name));
      return known.every((name) => applied.has(name));
    } catch {
      return false;
    }
  }

  async beginImport(): Promise<ImportSession> {
    const first = this.#beforeFirstImport !== undefined && (await this.isEmpty());
    const hooks = (first ? this.#beforeFirstImport?.() : undefined) ?? {};
    let trx: ControlledTransaction<Database>;
    try {
      trx = await this.#db.startTransaction().execute();
    } catch (error) {
      hooks.end?.();
      throw error;
    }
    try {
      hooks.begin?.();
    } catch (error) {
      await trx.rollback().execute();
      hooks.end?.();
      throw error;
    }
    const committed = (): void => {
      this.#cache.clear();
      this.#packageIndex = undefined;
    };
    return new KyselyImportSession(trx, this.#bulk, committed, hooks, this.#sessionMemoryLimit);
  }

  async isEmpty(): Promise<boolean> {
    for (const table of ['advisories', 'kev', 'epss'] as const)
      if (await hasRows(this.#db, table)) return false;
    return true;
  }

  async advisoriesForPackages(keys: readonly PackageKey[]): Promise<Map<string, Advisory[]>> {
    if (this.#dataVersion !== undefined) return this.#advisoriesFromIndex(keys, this.#dataVersion);
    const result = new Map<string, Advisory[]>();
    const namesByEcosystem = new Map<string, Set<string>>();
    for (const key of keys) {
      result.set(packageKeyString(key), []);
      const names = getOrCreate(namesByEcosystem, key.ecosystem, () => new Set());
      names.add(key.normalizedName);
    }
    const hits: { key: string; source: string; id: string; modified: string }[] = [];
    for (const [ecosystem, names] of namesByEcosystem) {
      for (const chunk of chunks([...names], IN_CHUNK)) {
        const rows = await this.#db
          .selectFrom('affected_packages as p')
          .innerJoin('advisories as a', (join) =>
            join.onRef('a.source', '=', 'p.source').onRef('a.id', '=', 'p.advisory_id'),
          )
          .select(['p.normalized_name', 'a.source', 'a.id', 'a.modified'])
          .where('p.ecosystem', '=', ecosystem)
          .where('p.normalized_name', 'in', chunk)
          .where('a.withdrawn', 'is', null)
          .execute();
        for (const row of rows) {
          hits.push({
            key: packageKeyString({ ecosystem, normalizedName: row.normalized_name }),
            source: row.source,
            id: row.id,
            modified: row.modified,
          });
        }
      }
    }
    return this.#collect(result, hits);
  }

  /**
   * Lookups against the in-memory copy of (ecosystem, normalised name) → advisory refs: a Map
   * probe per key instead of a SQL statement, which is what makes scans of thousands of
   * packages cheap. The copy comes from an indexed join over the same tables, one ecosystem at
   * a time, and is dropped when the data version moves, so it never serves data older than the
   * last commit it could see.
   */
  async #advisoriesFromIndex(
    keys: readonly PackageKey[],
    dataVersion: () => number,
  ): Promise<Map<string, Advisory[]>> {
    const version = dataVersion();
    let index = this.#packageIndex;
    if (index === undefined || index.version !== version) {
      index = { version, hits: new Map(), ecosystems: new Set() };
      this.#packageIndex = index;
    }
    // Loaded per ecosystem on first use, so memory follows the ecosystems a scan actually has.
    const unloaded = new Set<string>();
    for (const key of keys) if (!index.ecosystems.has(key.ecosystem)) unloaded.add(key.ecosystem);
    for (const ecosystem of unloaded) {
      const rows = await this.#db
        .selectFrom('affected_packages as p')
        .innerJoin('advisories as a', (join) =>
          join.onRef('a.source', '=', 'p.source').onRef('a.id', '=', 'p.advisory_id'),
        )
        .select(['p.normalized_name', 'a.source', 'a.id', 'a.modified'])
        .where('p.ecosystem', '=', ecosystem)
        .where('a.withdrawn', 'is', null)
        .execute();
      const loaded = new Map<string, PackageHit[]>();
      for (const row of rows) {
        const key = packageKeyString({ ecosystem, normalizedName: row.normalized_name });
        getOrCreate(loaded, key, () => []).push({
          source: row.source,
          id: row.id,
          modified: row.modified,
          cacheKey: cacheKey(row.source, row.id),
        });
      }
      // Sorted once here, in the order results are returned (byAdvisoryKey), and deduplicated.
      for (const [key, list] of loaded) index.hits.set(key, sortHits(list));
      index.ecosystems.add(ecosystem);
    }
    // Fast path: every advisory already parsed and cached, so no SQL and no sorting.
    const result = new Map<string, Advisory[]>();
    let complete = true;
    for (const key of keys) {
      const text = packageKeyString(key);
      const list = index.hits.get(text);
      if (list === undefined) {
        result.set(text, []);
        continue;
      }
      const advisories: Advisory[] = [];
      for (const hit of list) {
        const cached = this.#cache.get(hit.cacheKey);
        if (cached === undefined || cached.modified !== hit.modified) {
          complete = false;
          break;
        }
        advisories.push(cached.advisory);
      }
      if (!complete) break;
      result.set(text, advisories);
    }
    if (complete) return result;
    const slow = new Map<string, Advisory[]>();
    const hits: { key: string; source: string; id: string; modified: string }[] = [];
    for (const key of keys) {
      const text = packageKeyString(key);
      slow.set(text, []);
      for (const hit of index.hits.get(text) ?? []) hits.push({ key: text, ...hit });
    }
    return this.#collect(slow, hits);
  }

  async advisoriesForCpeProducts(products: readonly string[]): Promise<Map<string, Advisory[]>> {
    const result = new Map<string, Advisory[]>();
    for (const product of products) result.set(product, []);
    const hits: { key: string; source: string; id: string; modified: string }[] = [];
    for (const chunk of chunks([...new Set(products)], IN_CHUNK)) {
      const rows = await this.#db
        .selectFrom('cpe_products as c')
        .innerJoin('advisories as a', (join) =>
          join.onRef('a.source', '=', 'c.source').onRef('a.id', '=', 'c.advisory_id'),
        )
        .select(['c.product', 'a.source', 'a.id', 'a.modified'])
        .where('c.product', 'in', chunk)
        .where('a.withdrawn', 'is', null)
        .execute();
      for (const row of rows)
        hits.push({ key: row.product, source: row.source, id: row.id, modified: row.modified });
    }
    return this.#collect(result, hits);
  }

  /**
   * Rows of a CVE-keyed table for the given ids, bound as one parameter however many there are:
   * SQLite walks them as a JSON array (json_each) and probes the primary key per id; PostgreSQL
   * takes a text array. A scan asks KEV and EPSS about thousands of CVE ids at once; as 500-value
   * IN lists each chunk was a new statement to build, compile and prepare (measured on the scan
   * benchmark's 5,777 ids: 22 ms for both tables, 7 ms now).
   */
  async #rowsByCve<T extends 'kev' | 'epss'>(
    table: T,
    cveIds: readonly string[],
  ): Promise<Selectable<Database[T]>[]> {
    if (cveIds.length === 0) return [];
    const ids = [...new Set(cveIds)];
    const query =
      this.kind === 'postgres'
        ? sql<Selectable<Database[T]>>`select * from ${sql.table(table)} where cve_id = any(${ids})`
        : sql<
            Selectable<Database[T]>
          >`select t.* from json_each(${JSON.stringify(ids)}) as j join ${sql.table(table)} as t on t.cve_id = j.value`;
    return (await query.execute(this.#db)).rows;
  }

  async kevEntries(cveIds: readonly string[]): Promise<Map<string, KevEntry>> {
    const result = new Map<string, KevEntry>();
    for (const row of await this.#rowsByCve('kev', cveIds)) {
      result.set(row.cve_id, {
        cveId: row.cve_id,
        vendorProject: row.vendor_project,
        product: row.product,
        vulnerabilityName: row.vulnerability_name,
        dateAdded: row.date_added,
        shortDescription: row.short_description,
        requiredAction: row.required_action,
        dueDate: row.due_date,
        knownRansomwareCampaignUse: row.known_ransomware_campaign_use === 'Known' ? 'Known' : 'Unknown',
        notes: row.notes,
        cwes: JSON.parse(row.cwes) as string[],
      });
    }
    return result;
  }

  async epssScores(cveIds: readonly string[]): Promise<Map<string, EpssScore>> {
    const result = new Map<string, EpssScore>();
    for (const row of await this.#rowsByCve('epss', cveIds)) {
      const score: EpssScore = {
        cveId: row.cve_id,
        epss: Number(row.epss),
        percentile: Number(row.percentile),
      };
      if (row.model_version !== null) score.modelVersion = row.model_version;
      if (row.score_date !== null) score.scoreDate = row.score_date;
      result.set(row.cve_id, score);
    }
    return result;
  }

  async vulnerabilityIds(ids: readonly string[]): Promise<Map<string, string[]>> {
    const groupOf = new Map<string, string>();
    for (const chunk of chunks([...new Set(ids)], IN_CHUNK)) {
      const rows = await this.#db.selectFrom('advisory_ids').selectAll().where('id', 'in', chunk).execute();
      for (const row of rows) groupOf.set(row.id, row.group_id);
    }
    const members = new Map<string, string[]>();
    for (const chunk of chunks([...new Set(groupOf.values())], IN_CHUNK)) {
      const rows = await this.#db
        .selectFrom('advisory_ids')
        .selectAll()
        .where('group_id', 'in', chunk)
        .execute();
      for (const row of rows) {
        const list = getOrCreate(members, row.group_id, () => []);
        list.push(row.id);
      }
    }
    const result = new Map<string, string[]>();
    for (const id of ids) {
      const group = groupOf.get(id);
      result.set(id, group === undefined ? [] : [...(members.get(group) ?? [])].sort());
    }
    return result;
  }

  async advisoriesByIds(ids: readonly string[]): Promise<Map<string, Advisory[]>> {
    const groups = await this.vulnerabilityIds(ids);
    const wanted = new Set<string>();
    for (const [id, members] of groups) {
      wanted.add(id);
      for (const member of members) wanted.add(member);
    }
    const found = new Map<string, Advisory[]>();
    for (const chunk of chunks([...wanted], IN_CHUNK)) {
      const rows = await this.#db
        .selectFrom('advisories')
        .select(['source', 'id', 'modified', 'encoding', 'json'])
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) {
        const list = getOrCreate(found, row.id, () => []);
        list.push(this.#remember(row));
      }
    }
    const result = new Map<string, Advisory[]>();
    for (const id of ids) {
      const members = groups.get(id) ?? [];
      const advisories = (members.length > 0 ? members : [id]).flatMap((member) => found.get(member) ?? []);
      result.set(id, advisories.sort(byAdvisoryKey));
    }
    return result;
  }

  async sourceState(name: string): Promise<SourceState | undefined> {
    const row = await this.#db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : toSourceState(row);
  }

  async status(): Promise<StoreStatus> {
    const db = this.#db;
    const bySourceRows = await db
      .selectFrom('advisories')
      .select(['source', sql<number>`count(*)`.as('total'), sql<number>`count(withdrawn)`.as('withdrawn')])
      .groupBy('source')
      .orderBy('source')
      .execute();
    const byEcosystemRows = await db
      .selectFrom('affected_packages')
      .select(['ecosystem', sql<number>`count(distinct source || ':' || advisory_id)`.as('total')])
      .groupBy('ecosystem')
      .orderBy('ecosystem')
      .execute();
    const groups = await db
      .selectFrom('advisory_ids')
      .select(sql<number>`count(distinct group_id)`.as('total'))
      .executeTakeFirst();
    const newest = await db
      .selectFrom('advisories')
      .select(sql<string | null>`max(modified)`.as('newest'))
      .executeTakeFirst();
    const kev = await db
      .selectFrom('kev')
      .select([sql<number>`count(*)`.as('total'), sql<string | null>`max(catalog_version)`.as('version')])
      .executeTakeFirst();
    const epss = await db
      .selectFrom('epss')
      .select([sql<number>`count(*)`.as('total'), sql<string | null>`max(score_date)`.as('date')])
      .executeTakeFirst();
    const sources = (await db.selectFrom('sources').selectAll().orderBy('name').execute()).map(toSourceState);

    const bySource: CountBy[] = bySourceRows.map((row) => ({ key: row.source, count: Number(row.total) }));
    const status: StoreStatus = {
      kind: this.kind,
      location: this.location,
      advisories: bySource.reduce((sum, entry) => sum + entry.count, 0),
      withdrawn: bySourceRows.reduce((sum, row) => sum + Number(row.withdrawn), 0),
      vulnerabilities: Number(groups?.total ?? 0),
      bySource,
      byEcosystem: byEcosystemRows.map((row) => ({ key: row.ecosystem, count: Number(row.total) })),
      kevEntries: Number(kev?.total ?? 0),
      epssScores: Number(epss?.total ?? 0),
      sources,
    };
    if (kev?.version) status.kevCatalogVersion = kev.version;
    if (epss?.date) status.epssScoreDate = epss.date;
    if (newest?.newest) status.newestModified = newest.newest;
    const lastSuccess = sources
      .map((source) => source.lastSuccessAt)
      .filter((value): value is string => value !== undefined)
      .sort()
      .at(-1);
    if (lastSuccess !== undefined) status.lastSuccessAt = lastSuccess;
    return status;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cache.clear();
    this.#packageIndex = undefined;
    await this.#db.destroy();
    await this.#onClose?.();
  }

  /** Turns (key, advisory row) hits into advisories, reading JSON only for cache misses. */
  async #collect(
    result: Map<string, Advisory[]>,
    hits: readonly { key: string; source: string; id: string; modified: string }[],
  ): Promise<Map<string, Advisory[]>> {
    const missing = new Map<string, Set<string>>();
    for (const hit of hits) {
      const cached = this.#cache.get(cacheKey(hit.source, hit.id));
      if (cached === undefined || cached.modified !== hit.modified) {
        const ids = getOrCreate(missing, hit.source, () => new Set());
        ids.add(hit.id);
      }
    }
    const fetched = new Map<string, Advisory>();
    for (const [source, ids] of missing) {
      for (const chunk of chunks([...ids], IN_CHUNK)) {
        const rows = await this.#db
          .selectFrom('advisories')
          .select(['source', 'id', 'modified', 'encoding', 'json'])
          .where('source', '=', source)
          .where('id', 'in', chunk)
          .execute();
        for (const row of rows) fetched.set(cacheKey(source, row.id), this.#remember(row));
      }
    }
    for (const hit of hits) {
      const key = cacheKey(hit.source, hit.id);
      const advisory = fetched.get(key) ?? this.#touch(key);
      // A row deleted between the two reads is simply not reported.
      if (advisory !== undefined) result.get(hit.key)?.push(advisory);
    }
    for (const list of result.values()) if (list.length > 1) list.sort(byAdvisoryKey);
    return result;
  }

  #remember(row: Pick<AdvisoriesTable, 'source' | 'id' | 'modified' | 'encoding' | 'json'>): Advisory {
    const { modified } = row;
    const key = cacheKey(row.source, row.id);
    const cached = this.#cache.get(key);
    if (cached !== undefined && cached.modified === modified) return cached.advisory;
    const advisory = decodeStoredAdvisory(row);
    this.#cache.delete(key);
    this.#cache.set(key, { modified, advisory });
    if (this.#cache.size > CACHE_LIMIT) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    return advisory;
  }

  #touch(key: string): Advisory | undefined {
    return this.#cache.get(key)?.advisory;
  }
}

class KyselyImportSession implements ImportSession {
  readonly #trx: ControlledTransaction<Database>;
  readonly #bulk: BulkInserter;
  readonly #onCommit: () => void;
  readonly #hooks: FirstImportHooks;
  readonly #result: ImportResult = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    kev: 0,
    epss: 0,
    skipped: [],
    warnings: [],
    failed: [],
  };
  #state: 'open' | 'committed' | 'rolled-back' = 'open';
  readonly #memoryLimit: number;
  /**
   * `modified` of every advisory this session wrote, by cacheKey: kept while the store held no
   * advisory when the session began, null once it looks them up in the stored rows, undefined
   * until the first write decides. See `#storedModified`.
   */
  #written: Map<string, string> | null | undefined;
  /**
   * Vulnerability groups written by this session and not yet stored: kept while the store held no
   * id when the session began (a first import), null once the session links through the stored
   * rows, undefined until the first link decides. See `#linkIds`.
   */
  #pendingIds: IdGroups | null | undefined;

  constructor(
    trx: ControlledTransaction<Database>,
    bulk: BulkInserter,
    onCommit: () => void,
    hooks: FirstImportHooks,
    memoryLimit: number,
  ) {
    this.#trx = trx;
    this.#bulk = bulk;
    this.#onCommit = onCommit;
    this.#hooks = hooks;
    this.#memoryLimit = memoryLimit;
  }

  async writeAdvisories(advisories: readonly Advisory[]): Promise<void> {
    await this.#writeRecords(advisories, (advisory) => prepareAdvisory(advisory));
  }

  async writePreparedAdvisories(advisories: readonly PreparedAdvisory[]): Promise<void> {
    await this.#writeRecords(advisories, (advisory) => advisory);
  }

  /**
   * Inserts new records, replaces stored ones with an older `modified`, counts the rest as
   * unchanged. Records are encoded (`prepare`) only once they are known to be written.
   */
  async #writeRecords<T extends { source: string; id: string; modified: string }>(
    advisories: readonly T[],
    prepare: (advisory: T) => PreparedAdvisory,
  ): Promise<void> {
    this.#assertOpen();
    // Within one batch the newest `modified` of a key wins, as it does against the database.
    const incoming = new Map<string, T>();
    for (const advisory of advisories) {
      const problem = validateAdvisory(advisory);
      if (problem !== undefined) {
        this.#result.failed.push({
          source: String(advisory.source ?? ''),
          id: String(advisory.id ?? ''),
          reason: problem,
        });
        continue;
      }
      const key = cacheKey(advisory.source, advisory.id);
      const previous = incoming.get(key);
      if (previous === undefined || compareTimestamps(advisory.modified, previous.modified) > 0)
        incoming.set(key, advisory);
      else this.#result.unchanged += 1;
    }
    if (incoming.size === 0) return;

    const existing = await this.#storedModified(incoming.values());
    const inserts: PreparedAdvisory[] = [];
    const updates: PreparedAdvisory[] = [];
    for (const [key, advisory] of incoming) {
      const stored = existing.get(key);
      if (stored === undefined) inserts.push(prepare(advisory));
      else if (compareTimestamps(advisory.modified, stored) > 0) updates.push(prepare(advisory));
      else this.#result.unchanged += 1;
    }
    if (inserts.length === 0 && updates.length === 0) return;
    await this.#write(inserts, updates);
    this.#result.imported += inserts.length;
    this.#result.updated += updates.length;
  }

  /**
   * Stored `modified` of the advisories that exist, by cacheKey. While the store held no advisory
   * when the session began, every stored one is this session's own, so they are answered from
   * memory (`#written`) instead of a lookup per batch, until SESSION_MEMORY_LIMIT keys.
   */
  async #storedModified(
    advisories: Iterable<{ source: string; id: string }>,
  ): Promise<ReadonlyMap<string, string>> {
    if (this.#written === undefined)
      this.#written = (await hasRows(this.#trx, 'advisories')) ? null : new Map();
    if (this.#written !== null) return this.#written;
    const existing = new Map<string, string>();
    const idsBySource = new Map<string, string[]>();
    for (const advisory of advisories) {
      const ids = getOrCreate(idsBySource, advisory.source, () => []);
      ids.push(advisory.id);
    }
    const modifiedOf = this.#bulk.modifiedOf ?? kyselyModifiedOf;
    for (const [source, ids] of idsBySource) {
      for (const [id, modified] of await modifiedOf(this.#trx, source, ids))
        existing.set(cacheKey(source, id), modified);
    }
    return existing;
  }

  async replaceAdvisories(advisories: readonly Advisory[]): Promise<void> {
    this.#assertOpen();
    if (advisories.length > 0)
      await this.#write(
        [],
        advisories.map((advisory) => prepareAdvisory(advisory)),
      );
  }

  /** Writes new rows (`inserts`) and replaces stored ones (`updates`) with their lookup rows. */
  async #write(inserts: readonly PreparedAdvisory[], updates: readonly PreparedAdvisory[]): Promise<void> {
    const trx = this.#trx;
    if (updates.length > 0) await deleteDerivedRows(trx, updates);
    const changed = [...updates, ...inserts];
    const rows = changed.map((advisory) => ({
      source: advisory.source,
      id: advisory.id,
      modified: advisory.modified,
      published: advisory.published,
      withdrawn: advisory.withdrawn,
      json: advisory.json,
      encoding: advisory.encoding,
    }));
    await this.#bulk.insert(trx, 'advisories', rows);
    const written = this.#written;
    if (written !== undefined && written !== null) {
      for (const advisory of changed) written.set(cacheKey(advisory.source, advisory.id), advisory.modified);
      if (written.size >= this.#memoryLimit) this.#written = null;
    }
    await insertDerivedRows(trx, this.#bulk, changed);
    await this.#linkIds(changed);
  }

  /**
   * Puts the advisories' ids into vulnerability groups. While the store held no id when the
   * session began, every group is this session's own, so they are built in memory and written
   * once (`#flushIds`: at commit, before a read of the groups, or when SESSION_MEMORY_LIMIT ids
   * are held): linking batch by batch through the stored rows looked up every id and inserted each
   * batch's rows at random places in the two `advisory_ids` indexes, which took a third of a
   * first import's writing time (measured on the OSV benchmark import: ~130–170 of ~430 ms).
   * The groups come out the same either way (test).
   */
  async #linkIds(advisories: readonly PreparedAdvisory[]): Promise<void> {
    if (this.#pendingIds === undefined) {
      this.#pendingIds = (await hasRows(this.#trx, 'advisory_ids')) ? null : new IdGroups();
      if (this.#pendingIds === null) this.#hooks.idsStored?.();
    }
    if (this.#pendingIds === null) {
      await linkVulnerabilityIds(this.#trx, this.#bulk, advisories);
      return;
    }
    for (const advisory of advisories) this.#pendingIds.link(advisory.ids);
    if (this.#pendingIds.size >= this.#memoryLimit) await this.#flushIds();
  }

  /** Stores the groups held in memory; from then on the session links through the stored rows. */
  async #flushIds(): Promise<void> {
    const pending = this.#pendingIds;
    if (pending === undefined || pending === null || pending.size === 0) return;
    this.#pendingIds = null;
    await this.#bulk.insert(this.#trx, 'advisory_ids', pending.rows());
    this.#hooks.idsStored?.();
  }

  async meta(key: string): Promise<string | undefined> {
    this.#assertOpen();
    const row = await this.#trx.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#assertOpen();
    await this.#trx
      .insertInto('meta')
      .values({ key, value })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
      .execute();
  }

  async findAdvisories(query: { ids?: readonly string[]; jsonContains?: string }): Promise<Advisory[]> {
    this.#assertOpen();
    await this.#flushIds();
    const found = new Map<string, Advisory>();
    const add = (rows: readonly Pick<AdvisoriesTable, 'source' | 'id' | 'encoding' | 'json'>[]): void => {
      for (const row of rows) found.set(cacheKey(row.source, row.id), decodeStoredAdvisory(row));
    };
    // Through the alias groups: a GHSA record aliasing a wanted CVE is found by the CVE.
    const members = new Set(query.ids ?? []);
    const groups = new Set<string>();
    for (const chunk of chunks([...members], IN_CHUNK)) {
      const rows = await this.#trx
        .selectFrom('advisory_ids')
        .select('group_id')
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) groups.add(row.group_id);
    }
    for (const chunk of chunks([...groups], IN_CHUNK)) {
      const rows = await this.#trx
        .selectFrom('advisory_ids')
        .select('id')
        .where('group_id', 'in', chunk)
        .execute();
      for (const row of rows) members.add(row.id);
    }
    for (const chunk of chunks([...members], IN_CHUNK)) {
      add(
        await this.#trx
          .selectFrom('advisories')
          .select(['source', 'id', 'encoding', 'json'])
          .where('id', 'in', chunk)
          .execute(),
      );
    }
    if (query.jsonContains !== undefined && query.jsonContains !== '') {
      // LIKE with `\` as the escape character, so `%` and `_` in the text match themselves.
      const pattern = `%${query.jsonContains.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      add(
        await this.#trx
          .selectFrom('advisories')
          .select(['source', 'id', 'encoding', 'json'])
          .where(sql<boolean>`json like ${pattern} escape '\\'`)
          .execute(),
      );
    }
    return [...found.values()];
  }

  async writeKev(entries: readonly KevEntry[], catalogVersion?: string): Promise<void> {
    this.#assertOpen();
    const rows = dedupeBy(entries, (entry) => entry.cveId).map((entry) => ({
      cve_id: entry.cveId,
      vendor_project: entry.vendorProject,
      product: entry.product,
      vulnerability_name: entry.vulnerabilityName,
      date_added: entry.dateAdded,
      short_description: entry.shortDescription,
      required_action: entry.requiredAction,
      due_date: entry.dueDate,
      known_ransomware_campaign_use: entry.knownRansomwareCampaignUse,
      notes: entry.notes,
      cwes: JSON.stringify(entry.cwes),
      catalog_version: catalogVersion ?? null,
    }));
    for (const chunk of chunks(rows, Math.floor(PARAMETER_BUDGET / 12))) {
      await this.#trx
        .insertInto('kev')
        .values(chunk)
        .onConflict((conflict) =>
          conflict.column('cve_id').doUpdateSet((eb) => ({
            vendor_project: eb.ref('excluded.vendor_project'),
            product: eb.ref('excluded.product'),
            vulnerability_name: eb.ref('excluded.vulnerability_name'),
            date_added: eb.ref('excluded.date_added'),
            short_description: eb.ref('excluded.short_description'),
            required_action: eb.ref('excluded.required_action'),
            due_date: eb.ref('excluded.due_date'),
            known_ransomware_campaign_use: eb.ref('excluded.known_ransomware_campaign_use'),
            notes: eb.ref('excluded.notes'),
            cwes: eb.ref('excluded.cwes'),
            catalog_version: eb.ref('excluded.catalog_version'),
          })),
        )
        .execute();
    }
    this.#result.kev += rows.length;
  }

  async writeEpss(scores: readonly EpssScore[]): Promise<void> {
    this.#assertOpen();
    const rows = dedupeBy(scores, (score) => score.cveId).map((score) => ({
      cve_id: score.cveId,
      epss: score.epss,
      percentile: score.percentile,
      model_version: score.modelVersion ?? null,
      score_date: score.scoreDate ?? null,
    }));
    for (const chunk of chunks(rows, Math.floor(PARAMETER_BUDGET / 5))) {
      await this.#trx
        .insertInto('epss')
        .values(chunk)
        .onConflict((conflict) =>
          conflict
            .column('cve_id')
            .doUpdateSet((eb) => ({
              epss: eb.ref('excluded.epss'),
              percentile: eb.ref('excluded.percentile'),
              model_version: eb.ref('excluded.model_version'),
              score_date: eb.ref('excluded.score_date'),
            }))
            // Keep the latest score: an older file imported later does not overwrite a newer one.
            .where(sql<boolean>`coalesce(excluded.score_date, '') >= coalesce(epss.score_date, '')`),
        )
        .execute();
    }
    this.#result.epss += rows.length;
  }

  noteSkipped(item: SkippedItem): void {
    if (item.severity === 'warning') this.#result.warnings.push(item);
    else this.#result.skipped.push(item);
  }

  async saveSourceState(name: string, patch: SourceStatePatch): Promise<void> {
    this.#assertOpen();
    const now = new Date().toISOString();
    const values: Updateable<SourcesTable> & { updated_at: string } = { updated_at: now };
    if (patch.lastSyncAt !== undefined) values.last_sync_at = patch.lastSyncAt;
    if (patch.lastSuccessAt !== undefined) values.last_success_at = patch.lastSuccessAt;
    if (patch.etag !== undefined) values.etag = patch.etag;
    if (patch.lastModified !== undefined) values.last_modified = patch.lastModified;
    if (patch.cursor !== undefined)
      values.cursor = patch.cursor === null ? null : JSON.stringify(patch.cursor);
    if (patch.records !== undefined) values.records = patch.records;
    await this.#trx
      .insertInto('sources')
      .values({ name, ...values })
      .onConflict((conflict) => conflict.column('name').doUpdateSet(values))
      .execute();
  }

  result(): ImportResult {
    return {
      ...this.#result,
      skipped: [...this.#result.skipped],
      warnings: [...this.#result.warnings],
      failed: [...this.#result.failed],
    };
  }

  async commit(): Promise<ImportResult> {
    this.#assertOpen();
    try {
      await this.#flushIds();
      this.#hooks.beforeCommit?.();
    } catch (error) {
      await this.rollback();
      throw error;
    }
    this.#state = 'committed';
    try {
      await this.#trx.commit().execute();
    } finally {
      this.#hooks.end?.();
    }
    this.#onCommit();
    return this.result();
  }

  async rollback(): Promise<void> {
    if (this.#state !== 'open') return;
    this.#state = 'rolled-back';
    try {
      await this.#trx.rollback().execute();
    } finally {
      this.#hooks.end?.();
    }
  }

  #assertOpen(): void {
    if (this.#state !== 'open') throw new WardError('store.failed', `import session already ${this.#state}`);
  }
}

async function deleteDerivedRows(
  trx: Executor,
  advisories: readonly { source: string; id: string }[],
): Promise<void> {
  const idsBySource = new Map<string, string[]>();
  for (const advisory of advisories) {
    const ids = getOrCreate(idsBySource, advisory.source, () => []);
    ids.push(advisory.id);
  }
  for (const [source, ids] of idsBySource) {
    for (const chunk of chunks(ids, IN_CHUNK)) {
      await trx
        .deleteFrom('affected_packages')
        .where('source', '=', source)
        .where('advisory_id', 'in', chunk)
        .execute();
      await trx
        .deleteFrom('cpe_products')
        .where('source', '=', source)
        .where('advisory_id', 'in', chunk)
        .execute();
    }
  }
}

async function insertDerivedRows(
  trx: Transaction<Database>,
  bulk: BulkInserter,
  advisories: readonly PreparedAdvisory[],
): Promise<void> {
  const packages: { ecosystem: string; normalized_name: string; source: string; advisory_id: string }[] = [];
  const products: { product: string; source: string; advisory_id: string }[] = [];
  for (const advisory of advisories) {
    const pairs = advisory.packages;
    for (let index = 0; index + 1 < pairs.length; index += 2) {
      packages.push({
        ecosystem: pairs[index]!,
        normalized_name: pairs[index + 1]!,
        source: advisory.source,
        advisory_id: advisory.id,
      });
    }
    for (const product of advisory.products)
      products.push({ product, source: advisory.source, advisory_id: advisory.id });
  }
  await bulk.insert(trx, 'affected_packages', packages);
  await bulk.insert(trx, 'cpe_products', products);
}

/**
 * Puts every id and alias of the advisories into one vulnerability group, merging groups that an
 * advisory bridges (GHSA-x aliases CVE-y, PYSEC-z aliases both: one group). Union-find over the
 * batch plus the groups already stored; the group's id is its preferred member (see preferId).
 */
async function linkVulnerabilityIds(
  trx: Transaction<Database>,
  bulk: BulkInserter,
  advisories: readonly PreparedAdvisory[],
): Promise<void> {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    while (true) {
      const next = parent.get(root);
      if (next === undefined || next === root) break;
      root = next;
    }
    let current = node;
    while (current !== root) {
      const next = parent.get(current) ?? root;
      parent.set(current, root);
      current = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent.set(rootA, rootB);
  };
  const ids = new Set<string>();
  for (const advisory of advisories) {
    const members = advisory.ids;
    for (const id of members) {
      ids.add(id);
      if (!parent.has(id)) parent.set(id, id);
    }
    for (const id of members.slice(1)) union(members[0]!, id);
  }
  // Existing groups join as nodes in their own namespace ('\u0000' cannot occur in an id).
  const existingGroup = await (bulk.groupsOf ?? kyselyGroupsOf)(trx, [...ids]);
  for (const [id, group] of existingGroup) {
    const groupNode = `\u0000${group}`;
    if (!parent.has(groupNode)) parent.set(groupNode, groupNode);
    union(id, groupNode);
  }
  const components = new Map<string, string[]>();
  for (const node of parent.keys()) {
    const root = find(node);
    const list = getOrCreate(components, root, () => []);
    list.push(node);
  }
  const newIds: { id: string; group_id: string }[] = [];
  const regroup = new Map<string, string>();
  for (const nodes of components.values()) {
    const names = nodes.map((node) => (node.startsWith('\u0000') ? node.slice(1) : node));
    const groupId = names.reduce((best, name) => (preferId(name, best) ? name : best));
    for (const node of nodes) {
      if (node.startsWith('\u0000')) {
        const oldGroup = node.slice(1);
        if (oldGroup !== groupId) regroup.set(oldGroup, groupId);
      } else if (!existingGroup.has(node)) {
        newIds.push({ id: node, group_id: groupId });
      }
    }
  }
  if (regroup.size > 0) await (bulk.regroup ?? kyselyRegroup)(trx, regroup);
  await bulk.insert(trx, 'advisory_ids', newIds);
}

/** True when `table` holds a row, as `db` (the store, or an import's transaction) sees it. */
async function hasRows(
  db: Executor,
  table: 'advisories' | 'advisory_ids' | 'kev' | 'epss',
): Promise<boolean> {
  const row = await db.selectFrom(table).select(sql<number>`1`.as('one')).limit(1).executeTakeFirst();
  return row !== undefined;
}

function validateAdvisory(advisory: { source: string; id: string; modified: string }): string | undefined {
  if (typeof advisory.id !== 'string' || advisory.id === '') return 'advisory has no id';
  if (typeof advisory.source !== 'string' || advisory.source === '') return 'advisory has no source';
  if (typeof advisory.modified !== 'string' || Number.isNaN(Date.parse(advisory.modified))) {
    return `expected an RFC 3339 'modified' timestamp, got ${JSON.stringify(advisory.modified)}`;
  }
  return undefined;
}

/** Compares RFC 3339 timestamps by instant (text order breaks across time zones and precisions). */
function compareTimestamps(a: string, b: string): number {
  const diff = Date.parse(a) - Date.parse(b);
  if (Number.isNaN(diff)) return a < b ? -1 : a > b ? 1 : 0;
  return Math.sign(diff);
}

function toSourceState(row: Selectable<SourcesTable>): SourceState {
  const state: SourceState = { name: row.name, records: Number(row.records) };
  if (row.last_sync_at !== null) state.lastSyncAt = row.last_sync_at;
  if (row.last_success_at !== null) state.lastSuccessAt = row.last_success_at;
  if (row.etag !== null) state.etag = row.etag;
  if (row.last_modified !== null) state.lastModified = row.last_modified;
  if (row.cursor !== null) state.cursor = JSON.parse(row.cursor) as unknown;
  return state;
}

function sortHits(list: PackageHit[]): PackageHit[] {
  const unique = dedupeBy(list, (hit) => hit.cacheKey);
  return unique.sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0,
  );
}

function byAdvisoryKey(a: Advisory, b: Advisory): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function cacheKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return [...map.values()];
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
