/**
 * Prioritisation as a scan stage: reads the user's assets file, policy and VEX documents, ranks
 * every finding of a report (SSVC, priority, due date, SLA state, explanation), applies triage
 * suppressions and evaluates the policy's CI gate. The pure work is in src/prioritize; this file
 * only reads files and maps the result onto the report.
 */
import { readFile } from 'node:fs/promises';
import type { Advisory } from '../advisories/types.js';
import type { Problem } from '../core/errors.js';
import { WardError } from '../core/errors.js';
import type { Finding } from '../matching/types.js';
import {
  type AssetContext,
  type AssetInventory,
  assetsFromCycloneDx,
  completeAsset,
  isCycloneDxDocument,
  parseAssets,
} from '../prioritize/assets.js';
import { type ExploitEvidence, exploitEvidenceFromAdvisory } from '../prioritize/exploitation.js';
import { evaluatePolicyGate, type GateResult } from '../prioritize/gate.js';
import {
  BUILTIN_POLICIES,
  type BuiltinPolicyName,
  builtinPolicyUrl,
  type Policy,
  parsePolicy,
} from '../prioritize/policy.js';
import { type PrioritizedFinding, prioritizeFinding } from '../prioritize/prioritize.js';
import { planRemediation } from '../prioritize/remediation.js';
import type { FindingRecord, TriageStatement } from '../prioritize/triage.js';
import { parseVex } from '../prioritize/vex/index.js';
import type { PolicySummary, RemediationSummary, ReportFinding } from '../report/types.js';
import { readText } from './read-text.js';

/** Everything prioritisation needs besides the findings; every part optional. */
export interface PrioritizationContext {
  assets?: AssetInventory;
  policy?: Policy;
  statements?: readonly TriageStatement[];
  /** Stored per-finding history (first seen, fixed); from the triage store. */
  records?: readonly FindingRecord[];
  /** Refs that stand for the scanned product as a whole, for VEX statements about it. */
  productRefs?: readonly string[];
  /**
   * Records this scan in the triage store and returns the findings' history (first seen; fixed
   * when a later scan no longer finds them). Takes precedence over `records`.
   */
  history?: (findings: readonly Finding[], scannedAt: string) => Promise<readonly FindingRecord[]>;
  /**
   * The advisories of each vulnerability id (the store's `advisoriesByIds`), to read exploit
   * evidence the findings do not carry: reference types (NVD "Exploit" tag, OSV EVIDENCE).
   */
  advisoryLookup?: (ids: readonly string[]) => Promise<Map<string, Advisory[]>>;
  /** Exploit evidence by vulnerability id (filled from `advisoryLookup`). */
  exploitEvidence?: ReadonlyMap<string, readonly ExploitEvidence[]>;
  /** Caveats from reading the VEX documents, passed on to the report. */
  problems?: readonly Problem[];
}

/** An assets file (YAML/JSON), or a CycloneDX SBOM whose metadata.component describes the asset. */
export async function loadAssets(path: string): Promise<AssetInventory> {
  const text = await readText(path, 'assets file');
  if (text.trimStart().startsWith('{') && text.includes('"bomFormat"')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined; // not JSON after all: let the assets parser report it with its line
    }
    if (isCycloneDxDocument(doc)) return assetsFromCycloneDx(doc as Record<string, unknown>, path);
  }
  return parseAssets(text, path);
}

/**
 * A policy by file path, or one of the built-in regimes by name (`pci-dss-4.0`,
 * `cisa-bod-22-01`, `ward-default`); a file of that name in the current folder wins.
 */
export async function loadPolicy(spec: string): Promise<Policy> {
  const name = spec.replace(/^builtin:/, '');
  if (
    (BUILTIN_POLICIES as readonly string[]).includes(name) &&
    (spec.startsWith('builtin:') || !(await exists(spec)))
  ) {
    const url = builtinPolicyUrl(name as BuiltinPolicyName);
    return parsePolicy(await readFile(url, 'utf8'), `builtin:${name}`);
  }
  if (!(await exists(spec))) {
    throw new WardError(
      'input.invalid',
      `no policy file ${spec} (built-in policies: ${BUILTIN_POLICIES.join(', ')})`,
      { file: spec },
    );
  }
  return parsePolicy(await readText(spec, 'policy'), spec);
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads VEX documents (CycloneDX, OpenVEX, CSAF); an invalid one is an input error naming the field. */
export async function loadVexStatements(
  paths: readonly string[],
): Promise<{ statements: TriageStatement[]; problems: Problem[] }> {
  const statements: TriageStatement[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    const doc = parseVex(await readText(path, 'VEX document'), path);
    statements.push(...doc.statements);
    problems.push(...doc.problems);
  }
  return { statements, problems };
}

/** Asset context from CLI flags (`--criticality`, `--exposure`, …): the default asset of the scan. */
export function assetFromFlags(
  flags: Partial<Pick<AssetContext, 'criticality' | 'environment' | 'exposure' | 'owner' | 'tags'>> & {
    id?: string;
  },
  base?: AssetInventory,
): AssetInventory | undefined {
  const given = Object.values(flags).some((value) => value !== undefined);
  if (!given) return base;
  const merged = completeAsset(
    { ...(base?.defaultAsset ?? {}), ...stripUndefined(flags) },
    flags.id ?? '(command line)',
  );
  return { assets: base?.assets ?? [], defaultAsset: merged };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function explanationLines(finding: PrioritizedFinding): string[] {
  return finding.explanation.map(
    (item) => `${item.input}: ${item.value}${item.effect ? ` [${item.effect}]` : ''}`,
  );
}

/**
 * Ranks every row in place (priority, ssvc, firstSeen, dueDate, slaState, explanation), marks
 * rows a triage/VEX statement suppresses, and returns the prioritised findings (for remediation
 * and the gate) in the rows' order.
 */
export function prioritizeRows(
  rows: ReportFinding[],
  context: PrioritizationContext,
  now: Date,
): PrioritizedFinding[] {
  return rows.map((row) => {
    const ranked = prioritizeFinding(row.finding, {
      now,
      ...(context.assets ? { assets: context.assets } : {}),
      ...(context.policy ? { policy: context.policy } : {}),
      ...(context.exploitEvidence ? { exploitEvidence: context.exploitEvidence } : {}),
      triage: {
        ...(context.statements ? { statements: context.statements } : {}),
        ...(context.records ? { records: context.records } : {}),
        ...(context.productRefs ? { productRefs: context.productRefs } : {}),
      },
    });
    row.priority = { level: ranked.priority, score: ranked.rankScore };
    row.ssvc = {
      decision: ranked.ssvc.decision,
      points: { ...ranked.ssvc.points },
      reasons: ranked.ssvc.reasons,
      vector: ranked.ssvc.vector,
    };
    row.firstSeen = ranked.firstSeen;
    if (ranked.dueDate) row.dueDate = ranked.dueDate;
    if (ranked.slaState === 'within' || ranked.slaState === 'due-soon' || ranked.slaState === 'breached') {
      row.slaState = ranked.slaState;
    }
    row.explanation = explanationLines(ranked);
    const { triage } = ranked;
    if (triage.suppressed && triage.statement && !row.suppression) {
      const statement = triage.statement;
      row.suppression = {
        state: triage.status,
        reason: triage.reason,
        source: statement.source,
        ...(statement.justification ? { justification: statement.justification } : {}),
        ...(statement.expires ? { expires: statement.expires } : {}),
      };
    }
    return ranked;
  });
}

/** The policy's CI gate over the prioritised findings (findings suppressed by ignore rules excluded). */
export function evaluateGate(
  rows: readonly ReportFinding[],
  ranked: readonly PrioritizedFinding[],
  policy: Policy,
): GateResult {
  const open = ranked.filter((_, index) => rows[index]?.suppression?.source !== 'ignore-file');
  return evaluatePolicyGate(open, policy);
}

/** The policy section of the report: its name and whether the gate failed, with the reasons. */
export function policySummary(
  rows: readonly ReportFinding[],
  ranked: readonly PrioritizedFinding[],
  policy: Policy,
): PolicySummary {
  const gate = evaluateGate(rows, ranked, policy);
  return {
    name: policy.name,
    ...(policy.title ? { title: policy.title } : {}),
    failed: gate.failed,
    reasons: gate.reasons,
  };
}

/** Remediation per component, from the prioritised findings (so KEV/Act ones are known). */
export function remediationSummaries(ranked: readonly PrioritizedFinding[]): RemediationSummary[] {
  return planRemediation(ranked.filter((finding) => !finding.triage.suppressed)).map((plan) => {
    const { component } = plan;
    const summary: RemediationSummary = {
      ecosystem: component.ecosystem,
      name: component.name,
      version: component.version,
      findings: plan.findings,
      kbArticles: plan.kbArticles,
      noFix: plan.noFix,
      summary: plan.summary,
    };
    if (component.purl) summary.purl = component.purl;
    if (component.asset) summary.asset = component.asset.id;
    if (plan.fixesAll) summary.fixesAll = plan.fixesAll.version;
    if (plan.fixesUrgent)
      summary.fixesUrgent = { version: plan.fixesUrgent.version, fixes: plan.fixesUrgent.fixes };
    if (plan.distroPackage) summary.distroPackage = plan.distroPackage;
    return summary;
  });
}

/**
 * Resolves the parts of the context that need the findings: records this scan in the history
 * (first seen, fixed) and reads exploit evidence from the findings' advisories.
 */
export async function preparePrioritization(
  given: PrioritizationContext,
  findings: readonly Finding[],
  now: Date,
): Promise<PrioritizationContext> {
  const context: PrioritizationContext = { ...given };
  if (given.history) context.records = await given.history(findings, now.toISOString());
  if (given.advisoryLookup && findings.length > 0) {
    const ids = [...new Set(findings.map((finding) => finding.vulnerabilityId))];
    const advisories = await given.advisoryLookup(ids);
    const evidence = new Map<string, ExploitEvidence[]>();
    for (const [id, list] of advisories) {
      const found = list.flatMap((advisory) => exploitEvidenceFromAdvisory(advisory));
      if (found.length > 0) evidence.set(id, found);
    }
    context.exploitEvidence = evidence;
  }
  return context;
}
