/**
 * Row shapes of the advisory database, as Kysely sees them. These are storage rows, never API
 * DTOs: callers get `Advisory`, `KevEntry`, `EpssScore` and the DTOs in `store.ts`.
 *
 * Booleans are stored as 0/1 integers and timestamps as RFC 3339 text so that one schema (and one
 * set of migrations) serves SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export interface AdvisoriesTable {
  /** Source the record came from ('osv', 'nvd', …): with `id`, the primary key. */
  source: string;
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  /**
   * The advisory as JSON text, in the row's `encoding`: 'advisory', Ward's normalised `Advisory`;
   * 'osv', the OSV record as it was read, normalised again whenever it is read (the import then
   * never re-encodes it: see prepared-advisory.ts).
   */
  json: string;
  encoding: AdvisoryEncoding;
}

/** See `AdvisoriesTable.json`. */
export type AdvisoryEncoding = 'advisory' | 'osv';

export interface AdvisoryIdsTable {
  /** Any vulnerability id seen (an advisory id or one of its aliases). */
  id: string;
  /** Canonical id of the vulnerability group the id belongs to (the CVE when one is known). */
  group_id: string;
}

export interface AffectedPackagesTable {
  /** Base ecosystem (`Debian`, not `Debian:12`). */
  ecosystem: string;
  normalized_name: string;
  source: string;
  advisory_id: string;
}

export interface CpeProductsTable {
  /** `vendor:product`, lowercase, as written in the CPE (escapes kept). */
  product: string;
  source: string;
  advisory_id: string;
}

export interface KevTable {
  cve_id: string;
  vendor_project: string;
  product: string;
  vulnerability_name: string;
  date_added: string;
  short_description: string;
  required_action: string;
  due_date: string;
  known_ransomware_campaign_use: string;
  notes: string;
  /** JSON array of CWE ids. */
  cwes: string;
  catalog_version: string | null;
}

export interface EpssTable {
  cve_id: string;
  epss: number;
  percentile: number;
  model_version: string | null;
  score_date: string | null;
}

export interface SourcesTable {
  /** 'osv:PyPI', 'nvd', 'kev', 'epss', 'file' … */
  name: string;
  last_sync_at: string | null;
  last_success_at: string | null;
  etag: string | null;
  last_modified: string | null;
  /** JSON, source-specific resume position; null when the last sync completed. */
  cursor: string | null;
  /** Records written by the last completed sync. */
  records: Generated<number>;
  updated_at: string;
}

/** Facts about the stored data as a whole, e.g. `overlay.digest`. */
export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  advisories: AdvisoriesTable;
  advisory_ids: AdvisoryIdsTable;
  affected_packages: AffectedPackagesTable;
  cpe_products: CpeProductsTable;
  kev: KevTable;
  epss: EpssTable;
  sources: SourcesTable;
  meta: MetaTable;
}
