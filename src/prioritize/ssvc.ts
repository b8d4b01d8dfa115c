/**
 * CISA's Stakeholder-Specific Vulnerability Categorization (SSVC): the CISA decision tree
 * (Exploitation × Automatable × Technical Impact × Mission & Well-being → Track / Track* / Attend /
 * Act), as published by CISA ("CISA SSVC Guide", 2022) and by CERT/CC in
 * data/csv/cisa/cisa_coordinator_2_0_3.csv of github.com/CERTCC/SSVC.
 *
 * The table is data, not arithmetic: SSVC is a lookup by design, so it is written out row by row
 * exactly as published and every row is covered by a test.
 */
import { BugError } from '../core/errors.js';
import type { CvssScore } from './cvss.js';

export type Exploitation = 'none' | 'poc' | 'active';
export type Automatable = 'yes' | 'no';
export type TechnicalImpact = 'partial' | 'total';
export type MissionPrevalence = 'minimal' | 'support' | 'essential';
export type PublicWellBeing = 'minimal' | 'material' | 'irreversible';
export type MissionWellBeing = 'low' | 'medium' | 'high';
export type SsvcDecision = 'Track' | 'Track*' | 'Attend' | 'Act';

export interface SsvcPoints {
  exploitation: Exploitation;
  automatable: Automatable;
  technicalImpact: TechnicalImpact;
  missionWellBeing: MissionWellBeing;
}

export interface SsvcOutcome {
  decision: SsvcDecision;
  points: SsvcPoints;
  /** One line per decision point saying which evidence chose its value, then the table row. */
  reasons: string[];
  /** Compact form, e.g. `SSVCv2/E:A/A:Y/T:T/P:H/B:A/` (CERT/CC's vector notation, without timestamp). */
  vector: string;
}

type Row = readonly [Exploitation, Automatable, TechnicalImpact, MissionWellBeing, SsvcDecision];

/** CISA coordinator tree v2.0.3, rows 0–35 in CERT/CC's order. */
export const SSVC_CISA_TABLE: readonly Row[] = [
  ['none', 'no', 'partial', 'low', 'Track'],
  ['none', 'no', 'partial', 'medium', 'Track'],
  ['none', 'no', 'partial', 'high', 'Track'],
  ['none', 'no', 'total', 'low', 'Track'],
  ['none', 'no', 'total', 'medium', 'Track'],
  ['none', 'no', 'total', 'high', 'Track*'],
  ['none', 'yes', 'partial', 'low', 'Track'],
  ['none', 'yes', 'partial', 'medium', 'Track'],
  ['none', 'yes', 'partial', 'high', 'Attend'],
  ['none', 'yes', 'total', 'low', 'Track'],
  ['none', 'yes', 'total', 'medium', 'Track'],
  ['none', 'yes', 'total', 'high', 'Attend'],
  ['poc', 'no', 'partial', 'low', 'Track'],
  ['poc', 'no', 'partial', 'medium', 'Track'],
  ['poc', 'no', 'partial', 'high', 'Track*'],
  ['poc', 'no', 'total', 'low', 'Track'],
  ['poc', 'no', 'total', 'medium', 'Track*'],
  ['poc', 'no', 'total', 'high', 'Attend'],
  ['poc', 'yes', 'partial', 'low', 'Track'],
  ['poc', 'yes', 'partial', 'medium', 'Track'],
  ['poc', 'yes', 'partial', 'high', 'Attend'],
  ['poc', 'yes', 'total', 'low', 'Track'],
  ['poc', 'yes', 'total', 'medium', 'Track*'],
  ['poc', 'yes', 'total', 'high', 'Attend'],
  ['active', 'no', 'partial', 'low', 'Track'],
  ['active', 'no', 'partial', 'medium', 'Track'],
  ['active', 'no', 'partial', 'high', 'Attend'],
  ['active', 'no', 'total', 'low', 'Track'],
  ['active', 'no', 'total', 'medium', 'Attend'],
  ['active', 'no', 'total', 'high', 'Act'],
  ['active', 'yes', 'partial', 'low', 'Attend'],
  ['active', 'yes', 'partial', 'medium', 'Attend'],
  ['active', 'yes', 'partial', 'high', 'Act'],
  ['active', 'yes', 'total', 'low', 'Attend'],
  ['active', 'yes', 'total', 'medium', 'Act'],
  ['active', 'yes', 'total', 'high', 'Act'],
];

function rowIndex(points: SsvcPoints): number {
  return SSVC_CISA_TABLE.findIndex(
    ([e, a, t, m]) =>
      e === points.exploitation &&
      a === points.automatable &&
      t === points.technicalImpact &&
      m === points.missionWellBeing,
  );
}

/** The tree's outcome for four decision-point values. */
export function decideSsvc(points: SsvcPoints): SsvcDecision {
  const row = SSVC_CISA_TABLE[rowIndex(points)];
  if (!row) throw new BugError(`no SSVC row for ${JSON.stringify(points)}`); // the table is complete
  return row[4];
}

/**
 * Mission & Well-being from Mission Prevalence × Public Well-being Impact (CISA SSVC Guide table:
 * any Irreversible or Essential → high; Minimal × Minimal → low; otherwise medium).
 */
export function deriveMissionWellBeing(
  prevalence: MissionPrevalence,
  wellBeing: PublicWellBeing,
): MissionWellBeing {
  if (prevalence === 'essential' || wellBeing === 'irreversible') return 'high';
  if (prevalence === 'minimal' && wellBeing === 'minimal') return 'low';
  return 'medium';
}

export interface PointWithReason<T> {
  value: T;
  reason: string;
}

function metric(score: CvssScore, key: string): string | undefined {
  return score.metrics.get(key);
}

/**
 * Automatable from the CVSS vector: an attacker can automate kill-chain steps 1–4 when the
 * vulnerability is reachable over the network with low complexity, no privileges and no user
 * interaction ("wormable"). CVSS v4's supplemental AU metric, when the vector sets it, wins.
 */
export function automatableFromCvss(score: CvssScore | undefined): PointWithReason<Automatable> {
  if (!score)
    return {
      value: 'no',
      reason: 'Automatable: no (no CVSS vector to show a network, no-interaction attack)',
    };
  const explicit = metric(score, 'AU');
  if (score.version === '4.0' && (explicit === 'Y' || explicit === 'N')) {
    return {
      value: explicit === 'Y' ? 'yes' : 'no',
      reason: `Automatable: ${explicit === 'Y' ? 'yes' : 'no'} (CVSS 4.0 AU:${explicit})`,
    };
  }
  const needed: [string, string][] =
    score.version === '2.0'
      ? [
          ['AV', 'N'],
          ['AC', 'L'],
          ['Au', 'N'],
        ]
      : score.version === '4.0'
        ? [
            ['AV', 'N'],
            ['AC', 'L'],
            ['AT', 'N'],
            ['PR', 'N'],
            ['UI', 'N'],
          ]
        : [
            ['AV', 'N'],
            ['AC', 'L'],
            ['PR', 'N'],
            ['UI', 'N'],
          ];
  const failing = needed.filter(([key, value]) => metric(score, key) !== value);
  const shown = needed.map(([key]) => `${key}:${metric(score, key)}`).join('/');
  if (failing.length === 0)
    return {
      value: 'yes',
      reason: `Automatable: yes (${shown} in CVSS ${score.version}: network, low complexity, no privileges, no user interaction)`,
    };
  return {
    value: 'no',
    reason: `Automatable: no (${shown} in CVSS ${score.version}; needs ${failing.map(([k, v]) => `${k}:${v}`).join(', ')})`,
  };
}

/**
 * Technical Impact from the CVSS impact metrics, following CERT/CC's CVSS-to-Technical-Impact
 * mapping (data/csv/ssvc/cvssv4_to_technical_impact_1_0_0.csv): total when confidentiality and
 * integrity are both High, or when no privileges are needed and one is High and the other at
 * least Low; partial otherwise. v2's Complete/Partial map to High/Low and Au to PR.
 */
export function technicalImpactFromCvss(score: CvssScore | undefined): PointWithReason<TechnicalImpact> {
  if (!score)
    return {
      value: 'partial',
      reason: 'Technical Impact: partial (no CVSS vector showing total control or disclosure)',
    };
  const level = (value: string | undefined): number =>
    value === 'H' || value === 'C' ? 2 : value === 'L' || value === 'P' ? 1 : 0;
  const [cKey, iKey, prKey] =
    score.version === '4.0'
      ? ['VC', 'VI', 'PR']
      : score.version === '2.0'
        ? ['C', 'I', 'Au']
        : ['C', 'I', 'PR'];
  const c = level(metric(score, cKey));
  const i = level(metric(score, iKey));
  const noPrivileges = metric(score, prKey) === 'N';
  const total = (c === 2 && i === 2) || (noPrivileges && Math.max(c, i) === 2 && Math.min(c, i) >= 1);
  const shown = `${cKey}:${metric(score, cKey)}/${iKey}:${metric(score, iKey)}/${prKey}:${metric(score, prKey)}`;
  return {
    value: total ? 'total' : 'partial',
    reason: `Technical Impact: ${total ? 'total' : 'partial'} (${shown} in CVSS ${score.version})`,
  };
}

const KEYS = {
  exploitation: { none: 'N', poc: 'P', active: 'A' },
  automatable: { yes: 'Y', no: 'N' },
  technicalImpact: { partial: 'P', total: 'T' },
  missionWellBeing: { low: 'L', medium: 'M', high: 'H' },
  decision: { Track: 'T', 'Track*': 'R', Attend: 'A', Act: 'C' },
} as const;

export interface SsvcInputs {
  exploitation: PointWithReason<Exploitation>;
  automatable: PointWithReason<Automatable>;
  technicalImpact: PointWithReason<TechnicalImpact>;
  missionWellBeing: PointWithReason<MissionWellBeing>;
}

/** Runs the tree and records why each point has its value. */
export function evaluateSsvc(inputs: SsvcInputs): SsvcOutcome {
  const points: SsvcPoints = {
    exploitation: inputs.exploitation.value,
    automatable: inputs.automatable.value,
    technicalImpact: inputs.technicalImpact.value,
    missionWellBeing: inputs.missionWellBeing.value,
  };
  const decision = decideSsvc(points);
  const vector =
    `SSVCv2/E:${KEYS.exploitation[points.exploitation]}/A:${KEYS.automatable[points.automatable]}` +
    `/T:${KEYS.technicalImpact[points.technicalImpact]}/P:${KEYS.missionWellBeing[points.missionWellBeing]}` +
    `/B:${KEYS.decision[decision]}/`;
  return {
    decision,
    points,
    vector,
    reasons: [
      inputs.exploitation.reason,
      inputs.automatable.reason,
      inputs.technicalImpact.reason,
      inputs.missionWellBeing.reason,
      `Decision: ${decision} (CISA SSVC tree row ${rowIndex(points)}: ${points.exploitation}, automatable ${points.automatable}, ${points.technicalImpact} impact, ${points.missionWellBeing} mission & well-being)`,
    ],
  };
}
