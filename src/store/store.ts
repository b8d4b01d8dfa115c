/**
 * The advisory database: one interface over SQLite (default, a file) and PostgreSQL (a
 * `postgres://` URL). Reads implement the matching contract `AdvisoryIndex`; writes go through an
 * import session, which is one transaction: a failed or interrupted import leaves the database
 * exactly as it was.
 *
 * Everything here speaks the domain model (`Advisory`, `KevEntry`, `EpssScore`) and the DTOs
 * below; table rows stay inside the store (see schema.ts).
 */
import type { Advisory, EpssScore, KevEntry } from '../advisories/types.js';
import type { AdvisoryIndex } from '../matching/types.js';
import type { PreparedAdvisory } from './prepared-advisory.js';

export type StoreKind = 'sqlite' | 'postgres';

/** An item the reader could not turn into a record (reported, counted, never dropped silently). */
export interface SkippedItem {
  file: string;
  line?: number;
  field?: string;
  reason: string;
  /** 'error' (default): the item was left out; 'warning': it was kept with the caveat in `reason`. */
  severity?: 'error' | 'warning';
}

/** A record the store refused (e.g. no id or no `modified`). */
export interface FailedItem {
  source: string;
  id: string;
  reason: string;
}

/** What one import run did. Counts refer to advisory records unless named otherwise. */
export interface ImportResult {
  /** New records. */
  imported: number;
  /** Records replaced by a newer `modified`. */
  updated: number;
  /** Records already present with the same or a newer `modified` (the stored one is kept). */
  unchanged: number;
  kev: number;
  epss: number;
  /** Items left out by the reader (severity 'error'). */
  skipped: SkippedItem[];
  /** Items kept with a caveat (severity 'warning'). */
  warnings: SkippedItem[];
  failed: FailedItem[];
}

/** Sync bookkeeping of one source ('osv:PyPI', 'nvd', 'kev', 'epss', 'file'). */
export interface SourceState {
  name: string;
  lastSyncAt?: string;
  lastSuccessAt?: string;
  etag?: string;
  lastModified?: string;
  /**
   * Source-specific sync position: a resume point while a sync is unfinished (NVD: window and
   * startIndex, cleared on completion) or a lasting incremental watermark (OSV: the newest
   * `modified_id.csv` row stored).
   */
  cursor?: unknown;
  records: number;
}

/** Fields to change; `null` clears a field, `undefined` keeps it. */
export interface SourceStatePatch {
  lastSyncAt?: string | null;
  lastSuccessAt?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  cursor?: unknown;
  records?: number;
}

/**
 * Writes of one import run, all inside one transaction. Call `commit()` to make them visible or
 * `rollback()` to discard them; until then nothing is visible to other connections.
 */
export interface ImportSession {
  writeAdvisories(advisories: readonly Advisory[]): Promise<void>;
  /** `writeAdvisories` for records already encoded by `prepareAdvisory` (e.g. on a reader thread). */
  writePreparedAdvisories(advisories: readonly PreparedAdvisory[]): Promise<void>;
  writeKev(entries: readonly KevEntry[], catalogVersion?: string): Promise<void>;
  writeEpss(scores: readonly EpssScore[]): Promise<void>;
  /** Records a reader problem: into `skipped`, or `warnings` when its severity is 'warning'. */
  noteSkipped(item: SkippedItem): void;
  /** Saved in the same transaction, so a cursor only moves with the data it describes. */
  saveSourceState(name: string, patch: SourceStatePatch): Promise<void>;
  /** A fact about the stored data (see the `meta` table), as this transaction sees it. */
  meta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /**
   * Stored advisories (any source) whose id is one of `ids` or shares a vulnerability group with
   * one (aliases), or whose JSON contains `jsonContains`
   * (a plain substring), as this transaction sees them.
   */
  findAdvisories(query: { ids?: readonly string[]; jsonContains?: string }): Promise<Advisory[]>;
  /**
   * Rewrites stored advisories whatever their `modified` (a derived change such as a new overlay,
   * not a newer record): JSON and lookup rows are replaced; counts are left alone.
   */
  replaceAdvisories(advisories: readonly Advisory[]): Promise<void>;
  /** Counts so far (a copy). */
  result(): ImportResult;
  commit(): Promise<ImportResult>;
  rollback(): Promise<void>;
}

export interface CountBy {
  key: string;
  count: number;
}

export interface StoreStatus {
  kind: StoreKind;
  /** File path, or the URL with any password removed. */
  location: string;
  advisories: number;
  withdrawn: number;
  /** Distinct vulnerabilities: advisories sharing an id or alias count once. */
  vulnerabilities: number;
  bySource: CountBy[];
  /** Advisories per base ecosystem (an advisory naming two ecosystems counts in both). */
  byEcosystem: CountBy[];
  kevEntries: number;
  kevCatalogVersion?: string;
  epssScores: number;
  epssScoreDate?: string;
  sources: SourceState[];
  /** Newest `modified` among the advisories: how fresh the data is. */
  newestModified?: string;
  /** Most recent successful sync or import of any source. */
  lastSuccessAt?: string;
}

export interface MigrationOutcome {
  /** Names of the migrations applied by this call (empty when already up to date). */
  applied: string[];
}

export interface Store extends AdvisoryIndex {
  readonly kind: StoreKind;
  readonly location: string;
  migrate(): Promise<MigrationOutcome>;
  beginImport(): Promise<ImportSession>;
  /** True when no advisory, KEV entry or EPSS score is stored. */
  isEmpty(): Promise<boolean>;
  /**
   * Every advisory of the vulnerability each id belongs to (through aliases: asking for a CVE
   * returns its GHSA and PYSEC records too), withdrawn ones included. Keyed by the id asked.
   */
  advisoriesByIds(ids: readonly string[]): Promise<Map<string, Advisory[]>>;
  /** All ids (advisory ids and aliases) of the vulnerability each id belongs to, sorted. */
  vulnerabilityIds(ids: readonly string[]): Promise<Map<string, string[]>>;
  sourceState(name: string): Promise<SourceState | undefined>;
  status(): Promise<StoreStatus>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /**
   * Keys an import into an empty store keeps in memory (its vulnerability groups, and the
   * `modified` of what it wrote) before it goes through the stored rows instead; default
   * 100,000. The result is the same either way: tests set a small one to cross it.
   */
  sessionMemoryLimit?: number;
}

/** What the backends take from OpenStoreOptions. */
export type BackendOptions = Pick<OpenStoreOptions, 'sessionMemoryLimit'>;

/** `postgres://` / `postgresql://` URLs select PostgreSQL; anything else is a SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens (and by default migrates) the database at `location`. The PostgreSQL driver is loaded
 * only when a PostgreSQL URL is given.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const backend: BackendOptions = {};
  if (options.sessionMemoryLimit !== undefined) backend.sessionMemoryLimit = options.sessionMemoryLimit;
  const store = isPostgresUrl(location)
    ? await (await import('./postgres/postgres-store.js')).openPostgresStore(location, backend)
    : await (await import('./sqlite/sqlite-store.js')).openSqliteStore(location, backend);
  if (options.migrate ?? true) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
