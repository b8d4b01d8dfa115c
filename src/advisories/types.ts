/**
 * Ward's one advisory model, aligned with the OSV schema 1.6
 * (https://ossf.github.io/osv-schema/). Every source (OSV, NVD, CSAF, KEV, EPSS) is normalised
 * into these shapes once, by its importer; nothing downstream reads a source's raw format.
 *
 * Field names follow OSV but in camelCase; arrays are always present (possibly empty) so callers
 * never test for undefined.
 */
import type { Ecosystem } from '../core/ecosystem.js';

export type SeverityType = 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu';

export interface SeverityVector {
  type: SeverityType;
  /** The CVSS vector string (or Ubuntu priority word). */
  score: string;
  /** Base score the source published beside the vector, when it did (NVD does; OSV does not). */
  publishedBaseScore?: number;
  /** Who assigned it (e.g. `nvd@nist.gov`, the CNA), when the source says. */
  source?: string;
}

export type RangeEvent =
  | { introduced: string }
  | { fixed: string }
  | { lastAffected: string }
  | { limit: string };

export interface AffectedRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT';
  /** Repository URL for GIT ranges. */
  repo?: string;
  events: RangeEvent[];
}

export interface AffectedPackage {
  ecosystem: Ecosystem;
  /** Name exactly as the source spells it. */
  name: string;
  /** Name normalised for lookup (PEP 503 for PyPI, lowercase for NuGet/Composer, …). */
  normalizedName: string;
  purl?: string;
}

export interface Affected {
  package: AffectedPackage;
  ranges: AffectedRange[];
  versions: string[];
  /** Severity specific to this package (OSV 1.5+), overriding the top-level one. */
  severity: SeverityVector[];
  ecosystemSpecific?: Record<string, unknown>;
  databaseSpecific?: Record<string, unknown>;
}

export interface Reference {
  type: string;
  url: string;
}

export interface Credit {
  name: string;
  contact: string[];
  type?: string;
}

/** NVD CPE applicability statement (CVE API 2.0 `configurations`). */
export interface CpeMatch {
  vulnerable: boolean;
  /** CPE 2.3 formatted string, may contain ANY ('*') components. */
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
  matchCriteriaId?: string;
}

export interface CpeNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  cpeMatch: CpeMatch[];
}

export interface CpeConfiguration {
  operator: 'AND' | 'OR';
  negate: boolean;
  nodes: CpeNode[];
  /** Where the configuration came from: 'nvd' or an overlay rule id (e.g. `overlay:ms01-033-iis`). */
  origin: string;
}

/** A vendor remediation (CSAF `remediations`), e.g. "install KB2919355". */
export interface Remediation {
  category: 'vendor_fix' | 'workaround' | 'mitigation' | 'none_available' | 'no_fix_planned';
  details: string;
  url?: string;
  /** Product ids / CPEs / KB numbers the remediation applies to, as the source states them. */
  productIds: string[];
  /** Microsoft-style KB article numbers named by this remediation (digits only, e.g. '4012212'). */
  kbArticles: string[];
}

export interface Advisory {
  /** Primary id: the source's own (GHSA-…, PYSEC-…, CVE-…). */
  id: string;
  /** Every other id of the same vulnerability (CVE, GHSA, …). */
  aliases: string[];
  related: string[];
  summary?: string;
  details?: string;
  severity: SeverityVector[];
  affected: Affected[];
  references: Reference[];
  credits: Credit[];
  /** RFC 3339 timestamps. */
  published?: string;
  modified: string;
  withdrawn?: string;
  /** NVD/overlay CPE applicability, empty for package-ecosystem sources. */
  cpeConfigurations: CpeConfiguration[];
  remediations: Remediation[];
  /** CWE ids, e.g. 'CWE-119'. */
  weaknesses: string[];
  /** Source the record was imported from: 'osv', 'nvd', 'cve5', 'csaf', 'overlay'. */
  source: string;
  databaseSpecific?: Record<string, unknown>;
}

/** CISA Known Exploited Vulnerabilities catalog entry. */
export interface KevEntry {
  cveId: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  dateAdded: string; // YYYY-MM-DD
  shortDescription: string;
  requiredAction: string;
  dueDate: string; // YYYY-MM-DD
  knownRansomwareCampaignUse: 'Known' | 'Unknown';
  notes: string;
  cwes: string[];
}

/** FIRST EPSS score for one CVE on one model date. */
export interface EpssScore {
  cveId: string;
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  epss: number;
  /** Percentile among all scored CVEs, 0..1. */
  percentile: number;
  /** Model version/date from the file's header, e.g. `v2025.03.14` and `2026-09-29`. */
  modelVersion?: string;
  scoreDate?: string;
}

/** What an importer yields, one item at a time (importers stream; nothing is buffered whole). */
export type SourceItem =
  | {
      kind: 'advisory';
      advisory: Advisory;
      /**
       * The JSON text of the OSV record `advisory` was normalised from, when it was read as one
       * text (a JSON Lines line, a zip entry, an array element): the store keeps it as read.
       */
      osvRecord?: string;
    }
  | { kind: 'kev'; entry: KevEntry; catalogVersion?: string }
  | { kind: 'epss'; score: EpssScore }
  | {
      kind: 'skipped';
      file: string;
      line?: number;
      field?: string;
      reason: string;
      /**
       * 'error' (the default when absent): the record or entry named by `field` was left out;
       * 'warning': it was kept, with the caveat in `reason` (e.g. a malformed reference dropped).
       */
      severity?: 'error' | 'warning';
    };
