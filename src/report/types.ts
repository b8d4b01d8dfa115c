/**
 * The scan report: what every output format renders. Built once by the scan service from the
 * matching result (plus prioritisation, when it is applied) and never re-derived by a renderer.
 */
import type { Problem } from '../core/errors.js';
import type { UndeterminedMatch } from '../matching/engine.js';
import type { Finding } from '../matching/types.js';

export const SEVERITY_LEVELS = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** Rank for sorting and thresholds: critical = 4 … none = 0, unknown = -1. */
export function severityRank(level: SeverityLevel): number {
  return { critical: 4, high: 3, medium: 2, low: 1, none: 0, unknown: -1 }[level];
}

export interface CvssSummary {
  vector: string;
  score: number;
  /** '2.0' | '3.0' | '3.1' | '4.0' */
  version: string;
}

export interface PrioritySummary {
  /** Ward priority level, highest first: 'P1' … 'P4' style labels are avoided; words are clearer. */
  level: 'critical' | 'high' | 'medium' | 'low';
  /** 0..100, higher = patch sooner; ties broken by EPSS then CVSS. */
  score: number;
}

export interface SsvcSummary {
  decision: 'Track' | 'Track*' | 'Attend' | 'Act';
  points: Record<string, string>;
  reasons: string[];
  /** CERT/CC vector notation, e.g. `SSVCv2/E:A/A:Y/T:T/P:H/B:C/`. */
  vector?: string;
}

/** The policy a scan was checked against (`--policy`) and whether its CI gate failed. */
export interface PolicySummary {
  name: string;
  title?: string;
  failed: boolean;
  /** One line per (gate rule, finding) that failed the run. */
  reasons: string[];
}

/** Per component: the upgrade fixing all its findings, the one fixing the urgent ones, distro/KB. */
export interface RemediationSummary {
  purl?: string;
  ecosystem: string;
  name: string;
  version: string;
  asset?: string;
  findings: string[];
  fixesAll?: string;
  /** Smallest upgrade fixing the KEV-listed and SSVC Act findings. */
  fixesUrgent?: { version: string; fixes: string[] };
  distroPackage?: { distro: string; package: string; version?: string };
  kbArticles: string[];
  noFix: string[];
  summary: string;
}

export interface ReportFinding {
  finding: Finding;
  severity: SeverityLevel;
  cvss?: CvssSummary;
  priority?: PrioritySummary;
  ssvc?: SsvcSummary;
  firstSeen?: string;
  dueDate?: string;
  slaState?: 'within' | 'due-soon' | 'breached';
  explanation?: string[];
  /** Set when a triage/VEX statement or ignore rule applies; suppressed findings are not counted. */
  suppression?: { state: string; justification?: string; reason?: string; source: string; expires?: string };
}

export interface ScanStats {
  filesScanned: number;
  filesFailed: number;
  components: number;
  distinctPackages: number;
  advisoriesConsidered: number;
  findings: number;
  suppressed: number;
  undetermined: number;
  bySeverity: Record<SeverityLevel, number>;
  unsupportedEcosystems: Record<string, number>;
  durationMs: number;
}

export interface ScanReport {
  schemaVersion: string;
  tool: { name: 'ward'; version: string };
  generatedAt: string;
  targets: string[];
  database: { location: string; advisories: number; lastUpdated?: string };
  findings: ReportFinding[];
  undetermined: UndeterminedMatch[];
  problems: Problem[];
  stats: ScanStats;
  policy?: PolicySummary;
  remediation?: RemediationSummary[];
}

export interface RenderOptions {
  /** ANSI colour in table output (off when NO_COLOR is set or output is not a TTY). */
  color: boolean;
  /** Include suppressed findings in human formats (always present in JSON, flagged). */
  showSuppressed?: boolean;
}

export interface ReportRenderer {
  readonly format: string;
  readonly description: string;
  render(report: ScanReport, options: RenderOptions): string;
}
