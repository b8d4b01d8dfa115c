/**
 * The matching contract: an advisory index to look packages up in (implemented by the store, or
 * in memory), and the finding that a match produces.
 */
import type { Advisory, EpssScore, KevEntry, SeverityVector } from '../advisories/types.js';
import type { Component } from '../inventory/types.js';

/** Lookup key: base ecosystem (`Debian`, not `Debian:12`) and normalised package name. */
export interface PackageKey {
  ecosystem: string;
  normalizedName: string;
}

export function packageKeyString(key: PackageKey): string {
  return `${key.ecosystem}\u0000${key.normalizedName}`;
}

/**
 * Read side of the advisory database. Batched and async so one implementation fits SQLite
 * (synchronous underneath) and PostgreSQL alike; callers ask once per distinct package.
 */
export interface AdvisoryIndex {
  /** Advisories affecting each key (withdrawn excluded), keyed by `packageKeyString`. */
  advisoriesForPackages(keys: readonly PackageKey[]): Promise<Map<string, Advisory[]>>;
  /** Advisories with a CPE configuration naming `vendor:product` (lowercase). */
  advisoriesForCpeProducts(products: readonly string[]): Promise<Map<string, Advisory[]>>;
  /** KEV entries by CVE id. */
  kevEntries(cveIds: readonly string[]): Promise<Map<string, KevEntry>>;
  /** Latest EPSS score by CVE id. */
  epssScores(cveIds: readonly string[]): Promise<Map<string, EpssScore>>;
}

/** Why a finding was raised: enough for a person to check it by hand. */
export interface MatchEvidence {
  /**
   * 'osv-range' (events evaluated), 'osv-versions' (explicit version list), 'cpe' (NVD
   * configuration), 'overlay:<rule-id>' (Ward's maintained overlay), 'kb' (missing KB article).
   */
  rule: string;
  /** Human-readable: "1.2.3 in [introduced 1.0.0, fixed 1.2.4) (PyPI, PEP 440)". */
  detail: string;
  /** Advisory record the match came from. */
  advisoryId: string;
  /** 'affected' = decided; 'unknown' = could not be decided (GIT-only ranges, unparsable version). */
  confidence: 'affected' | 'unknown';
}

export interface Finding {
  component: Component;
  /** Preferred id: the CVE when one exists, else the first advisory's id. */
  vulnerabilityId: string;
  /** Every other id of the vulnerability (advisory ids and their aliases), sorted. */
  aliases: string[];
  summary?: string;
  severity: SeverityVector[];
  /** Versions that fix this finding, ascending in the component's scheme. */
  fixedVersions: string[];
  /** Smallest version that fixes every finding on this component, when one exists. */
  recommendedVersion?: string;
  evidence: MatchEvidence[];
  kev?: KevEntry;
  epss?: EpssScore;
  /** CWE ids from the advisory. */
  weaknesses: string[];
  published?: string;
  references: string[];
}
