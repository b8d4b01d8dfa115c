/**
 * Prioritisation: each finding's signals (CVSS, EPSS, KEV, exploit evidence) combined with its
 * asset's context into an SSVC decision, a priority, a rank score, a due date and an explanation
 * that lists every input, so a person can check the ranking by hand.
 */
import type { Finding } from '../matching/types.js';
import {
  type AssetContext,
  type AssetInventory,
  type AssetMatch,
  missionPrevalenceOf,
  resolveAsset,
} from './assets.js';
import { type CvssScore, type CvssSeverity, selectCvss } from './cvss.js';
import {
  cvssEvidence,
  decideExploitation,
  type ExploitEvidence,
  kevEvidence,
  referenceEvidence,
  textEvidence,
} from './exploitation.js';
import { evaluateSla, type Policy, type PolicyFacts, type Priority, type SlaState } from './policy.js';
import {
  type Automatable,
  automatableFromCvss,
  deriveMissionWellBeing,
  evaluateSsvc,
  type PointWithReason,
  type SsvcOutcome,
  technicalImpactFromCvss,
} from './ssvc.js';
import {
  type ApplyTriageOptions,
  type FindingRecord,
  findingKey,
  type TriageResult,
  type TriageStatement,
  triageFinding,
} from './triage.js';

/** One input to the ranking and what it did, in the order it was applied. */
export interface ExplanationItem {
  input: string;
  value: string;
  /** Contribution to the rank score ('+25') or to the decision, when it has one. */
  effect?: string;
}

export interface PrioritizedFinding extends Finding {
  priority: Priority;
  /** 0–100; higher first. Orders findings within a priority. */
  rankScore: number;
  /** The CVSS vector the finding is ranked by, when it has one. */
  cvss?: { version: string; vector: string; baseScore: number; severity: CvssSeverity; source?: string };
  exploitation: { level: 'none' | 'poc' | 'active'; evidence: ExploitEvidence[] };
  asset: Pick<AssetContext, 'id' | 'criticality' | 'environment' | 'exposure' | 'tags'> & {
    owner?: string;
    matchedBy: AssetMatch;
  };
  ssvc: {
    decision: SsvcOutcome['decision'];
    points: SsvcOutcome['points'];
    reasons: string[];
    vector: string;
  };
  triage: TriageResult;
  /** RFC 3339: when Ward first saw this finding (from the stored record, else `now`). */
  firstSeen: string;
  /** YYYY-MM-DD under the policy, when it sets one. */
  dueDate?: string;
  slaState: SlaState;
  slaRule?: string;
  explanation: ExplanationItem[];
}

export interface PrioritizeOptions {
  assets?: AssetInventory;
  policy?: Policy;
  triage?: {
    statements?: readonly TriageStatement[];
    /** Stored records (from reconcileScan) giving each finding's firstSeen. */
    records?: readonly FindingRecord[];
    productRefs?: ApplyTriageOptions['productRefs'];
  };
  /** Extra exploit evidence by vulnerability id (e.g. NVD "Exploit" reference tags, from the advisory). */
  exploitEvidence?: ReadonlyMap<string, readonly ExploitEvidence[]>;
  now: Date;
}

const PRIORITY_ORDER: Record<Priority, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/** Weights of the rank score; exported so docs and tests quote the same numbers. */
export const RANK_WEIGHTS = {
  cvssPerPoint: 6, // CVSS 0–10 → 0–60
  assumedCvss: 5, // no vector: ranked as a medium (5.0)
  exploitation: { none: 0, poc: 10, active: 25 },
  ransomware: 5,
  epss: 15, // × probability
  exposure: { internet: 10, internal: 0, isolated: -15 },
  criticality: { critical: 10, high: 5, medium: 0, low: -10 },
  environment: { production: 0, staging: -5, development: -10, test: -10, lab: -10 },
} as const;

/** Bands of the rank score; SSVC Act/Attend raise the priority to at least critical/high. */
export const PRIORITY_BANDS: readonly [Priority, number][] = [
  ['critical', 80],
  ['high', 60],
  ['medium', 35],
  ['low', 0],
];

function signed(value: number): string {
  return value >= 0 ? `+${round1(value)}` : `${round1(value)}`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function cvssLabel(score: CvssScore): string {
  return `${score.baseScore.toFixed(1)} ${score.severity} (${score.vector})`;
}

const recordIndexes = new WeakMap<readonly FindingRecord[], Map<string, FindingRecord>>();

/** Records by finding key, built once per records array (a scan passes the same array for every finding). */
function recordIndex(records: readonly FindingRecord[]): Map<string, FindingRecord> {
  let index = recordIndexes.get(records);
  if (!index) {
    index = new Map(records.map((record) => [record.key, record]));
    recordIndexes.set(records, index);
  }
  return index;
}

/** Prioritises one finding. */
export function prioritizeFinding(finding: Finding, options: PrioritizeOptions): PrioritizedFinding {
  const explanation: ExplanationItem[] = [];
  const { primary, invalid } = selectCvss(finding.severity);
  const cvss = primary?.score;

  // Exploitation evidence.
  const evidence: ExploitEvidence[] = [
    ...kevEvidence(finding.kev),
    ...cvssEvidence(finding.severity),
    ...referenceEvidence(finding.references),
    ...textEvidence(finding.summary),
  ];
  for (const id of [finding.vulnerabilityId, ...finding.aliases])
    evidence.push(...(options.exploitEvidence?.get(id) ?? []));
  const exploitation = decideExploitation(evidence);

  // Asset context.
  const { asset, matchedBy } = resolveAsset(finding.component, options.assets);
  const prevalence = missionPrevalenceOf(asset);
  const wellBeing = asset.publicWellBeing ?? 'minimal';
  const missionWellBeing = deriveMissionWellBeing(prevalence.value, wellBeing);

  // SSVC.
  let automatable: PointWithReason<Automatable> = automatableFromCvss(cvss);
  if (automatable.value === 'yes' && asset.exposure === 'isolated') {
    automatable = {
      value: 'no',
      reason: `Automatable: no (the vector would allow it, but asset ${asset.id} is isolated: automated exploitation has no network path to it)`,
    };
  }
  const ssvc = evaluateSsvc({
    exploitation,
    automatable,
    technicalImpact: technicalImpactFromCvss(cvss),
    missionWellBeing: {
      value: missionWellBeing,
      reason:
        `Mission & Well-being: ${missionWellBeing} (asset ${asset.id}: mission prevalence ${prevalence.value}` +
        `${prevalence.derived ? ` from ${asset.environment} environment and ${asset.criticality} criticality` : ''}` +
        `, public well-being impact ${wellBeing})`,
    },
  });

  // Rank score.
  const w = RANK_WEIGHTS;
  let score = 0;
  if (cvss) {
    const part = cvss.baseScore * w.cvssPerPoint;
    score += part;
    explanation.push({
      input: 'cvss',
      value: `${cvssLabel(cvss)}${primary?.source ? ` from ${primary.source}` : ''}`,
      effect: signed(part),
    });
  } else {
    const part = w.assumedCvss * w.cvssPerPoint;
    score += part;
    explanation.push({
      input: 'cvss',
      value: 'none: ranked as 5.0 (medium) until scored',
      effect: signed(part),
    });
  }
  for (const bad of invalid)
    explanation.push({ input: 'cvss-invalid', value: `${bad.vector}: ${bad.reason}` });
  score += w.exploitation[exploitation.value];
  explanation.push({
    input: 'exploitation',
    value: exploitation.reason.replace(/^Exploitation: /, ''),
    effect: signed(w.exploitation[exploitation.value]),
  });
  if (finding.kev) {
    const ransomware = finding.kev.knownRansomwareCampaignUse === 'Known';
    if (ransomware) score += w.ransomware;
    explanation.push({
      input: 'kev',
      value: `listed ${finding.kev.dateAdded}, due ${finding.kev.dueDate}, ransomware use ${finding.kev.knownRansomwareCampaignUse}`,
      ...(ransomware ? { effect: signed(w.ransomware) } : {}),
    });
  } else {
    explanation.push({ input: 'kev', value: 'not listed' });
  }
  if (finding.epss) {
    const part = finding.epss.epss * w.epss;
    score += part;
    explanation.push({
      input: 'epss',
      value: `${finding.epss.epss} (percentile ${finding.epss.percentile}${finding.epss.scoreDate ? `, ${finding.epss.scoreDate}` : ''})`,
      effect: signed(part),
    });
  } else {
    explanation.push({ input: 'epss', value: 'no score' });
  }
  const exposurePart = w.exposure[asset.exposure];
  const criticalityPart = w.criticality[asset.criticality];
  const environmentPart = w.environment[asset.environment];
  score += exposurePart + criticalityPart + environmentPart;
  explanation.push({
    input: 'asset',
    value: `${asset.id} (matched by ${matchedBy})${asset.owner ? `, owner ${asset.owner}` : ''}${asset.tags.length ? `, tags ${asset.tags.join(', ')}` : ''}`,
  });
  explanation.push({ input: 'exposure', value: asset.exposure, effect: signed(exposurePart) });
  explanation.push({ input: 'criticality', value: asset.criticality, effect: signed(criticalityPart) });
  explanation.push({ input: 'environment', value: asset.environment, effect: signed(environmentPart) });
  let rankScore = round1(Math.min(100, Math.max(0, score)));

  let priority: Priority = PRIORITY_BANDS.find(([, floor]) => rankScore >= floor)?.[0] ?? 'low';
  const band = priority;
  const floor: Priority | undefined =
    ssvc.decision === 'Act' ? 'critical' : ssvc.decision === 'Attend' ? 'high' : undefined;
  if (floor && PRIORITY_ORDER[floor] > PRIORITY_ORDER[priority]) {
    priority = floor;
    // The score is lifted to the floor of its new band, so ordering by score alone (the table
    // output does) agrees with ordering by level.
    rankScore = PRIORITY_BANDS.find(([level]) => level === floor)?.[1] ?? rankScore;
  }
  explanation.push({
    input: 'ssvc',
    value: `${ssvc.decision} (${ssvc.vector})`,
    ...(priority !== band ? { effect: `priority raised to ${priority}, rank score to ${rankScore}` } : {}),
  });
  explanation.push({
    input: 'priority',
    value: `${priority} (rank score ${rankScore}; bands critical ≥80, high ≥60, medium ≥35)`,
  });

  // Triage and SLA.
  const triage = triageFinding(finding, options.triage?.statements ?? [], options.now, {
    ...(options.triage?.productRefs ? { productRefs: options.triage.productRefs } : {}),
  });
  if (triage.statement || triage.expiredAcceptance)
    explanation.push({ input: 'triage', value: triage.reason.replace(/^Triage: /, '') });
  const key = findingKey(finding);
  const record = options.triage?.records ? recordIndex(options.triage.records).get(key) : undefined;
  const firstSeen = record?.firstSeen ?? options.now.toISOString();
  const seenNow = !record || record.firstSeen === options.now.toISOString();
  explanation.push({ input: 'first-seen', value: `${firstSeen}${seenNow ? ' (this scan)' : ''}` });

  const result: PrioritizedFinding = {
    ...finding,
    priority,
    rankScore,
    exploitation: { level: exploitation.value, evidence: exploitation.evidence },
    asset: {
      id: asset.id,
      criticality: asset.criticality,
      environment: asset.environment,
      exposure: asset.exposure,
      tags: asset.tags,
      matchedBy,
      ...(asset.owner ? { owner: asset.owner } : {}),
    },
    ssvc: { decision: ssvc.decision, points: ssvc.points, reasons: ssvc.reasons, vector: ssvc.vector },
    triage,
    firstSeen,
    slaState: 'no-sla',
    explanation,
  };
  if (cvss) {
    result.cvss = {
      version: cvss.version,
      vector: cvss.vector,
      baseScore: cvss.baseScore,
      severity: cvss.severity,
      ...(primary?.source ? { source: primary.source } : {}),
    };
  }
  if (options.policy) {
    const sla = evaluateSla(
      {
        facts: policyFacts(result),
        firstSeen,
        ...(finding.published ? { published: finding.published } : {}),
        ...(finding.kev ? { kevDueDate: finding.kev.dueDate } : {}),
        ...(triage.suppressed ? { exempt: `triage status ${triage.status}` } : {}),
      },
      options.policy,
      options.now,
    );
    result.slaState = sla.slaState;
    if (sla.dueDate) result.dueDate = sla.dueDate;
    if (sla.rule) result.slaRule = sla.rule;
    explanation.push({ input: 'sla', value: sla.reason.replace(/^SLA: /, '') });
  } else {
    explanation.push({ input: 'sla', value: 'no policy given' });
  }
  return result;
}

/** The facts policy conditions are evaluated against. */
export function policyFacts(finding: PrioritizedFinding): PolicyFacts {
  const facts: PolicyFacts = {
    priority: finding.priority,
    cvssSeverity: finding.cvss?.severity ?? 'unknown',
    ssvc: finding.ssvc.decision,
    kev: finding.kev !== undefined,
    ransomware: finding.kev?.knownRansomwareCampaignUse === 'Known',
    environment: finding.asset.environment,
    exposure: finding.asset.exposure,
    criticality: finding.asset.criticality,
    tags: finding.asset.tags,
    ecosystem: finding.component.ecosystem,
    slaState: finding.slaState,
  };
  if (finding.cvss) facts.cvssScore = finding.cvss.baseScore;
  if (finding.epss) {
    facts.epss = finding.epss.epss;
    facts.epssPercentile = finding.epss.percentile;
  }
  return facts;
}

/**
 * Prioritises every finding and returns them highest first (priority, then rank score, then KEV
 * due date, then id), so the top of the list is what to patch first.
 */
export function prioritizeFindings(
  findings: readonly Finding[],
  options: PrioritizeOptions,
): PrioritizedFinding[] {
  return findings
    .map((finding) => prioritizeFinding(finding, options))
    .sort(
      (a, b) =>
        PRIORITY_ORDER[b.priority] - PRIORITY_ORDER[a.priority] ||
        b.rankScore - a.rankScore ||
        (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
        a.vulnerabilityId.localeCompare(b.vulnerabilityId),
    );
}
