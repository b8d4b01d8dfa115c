/**
 * CVSS v2, v3.0, v3.1 and v4.0 vectors: parsed strictly here, scored by ae-cvss-calculator
 * (FIRST's formulas and the v4.0 macro-vector lookup table are too easy to get subtly wrong by
 * hand; the library is tested against FIRST's own calculators).
 *
 * The strict parse exists because the library is lenient: it ignores unknown metrics and
 * happily scores a vector with missing base metrics. Ward must refuse those, not guess.
 */
import cvssLibrary from 'ae-cvss-calculator';
import type { SeverityVector } from '../advisories/types.js';

// The package ships a CommonJS webpack bundle whose named exports Node's ESM loader cannot see,
// so the classes are read off the default (module.exports) object.
const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvssLibrary;

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';
export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export interface CvssScore {
  version: CvssVersion;
  /** Normalised vector (v2 without parentheses, metrics in the order given). */
  vector: string;
  /** Base score (v4.0: CVSS-B, or CVSS-BT/BE/BTE when threat/environmental metrics are set). */
  baseScore: number;
  /** Score including temporal/threat/environmental metrics when the vector carries them. */
  overallScore: number;
  severity: CvssSeverity;
  /** Metric abbreviation → value letter, e.g. AV → N. Map: vectors are untrusted input. */
  metrics: ReadonlyMap<string, string>;
}

const BASE_METRICS: Record<CvssVersion, readonly string[]> = {
  '2.0': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

/** Result of a parse: the score, or why the vector was refused. */
export type CvssParseResult = { ok: true; score: CvssScore } | { ok: false; reason: string };

/**
 * Parses and scores one vector. `hint` is the version the source declared (OSV `CVSS_V2`,
 * NVD `version`, CycloneDX `method`) and is used only when the vector has no `CVSS:x.y/` prefix.
 */
export function parseCvss(raw: string, hint?: CvssVersion): CvssParseResult {
  // The same vectors recur across thousands of findings; results are immutable, so memoise.
  const key = `${hint ?? ''}|${raw}`;
  const cached = parsedVectors.get(key);
  if (cached) return cached;
  const result = parseCvssUncached(raw, hint);
  if (parsedVectors.size >= PARSE_CACHE_LIMIT) parsedVectors.clear();
  parsedVectors.set(key, result);
  return result;
}

const PARSE_CACHE_LIMIT = 50_000;
const parsedVectors = new Map<string, CvssParseResult>();

function parseCvssUncached(raw: string, hint?: CvssVersion): CvssParseResult {
  let text = raw.trim();
  if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1);
  let version: CvssVersion | undefined;
  const prefix = /^CVSS:(\d\.\d)\//.exec(text);
  if (prefix) {
    const declared = prefix[1];
    if (declared !== '3.0' && declared !== '3.1' && declared !== '4.0' && declared !== '2.0') {
      return { ok: false, reason: `unsupported CVSS version ${declared}` };
    }
    version = declared;
    text = text.slice(prefix[0].length);
  } else {
    version = hint ?? (/(^|\/)Au:/.test(text) ? '2.0' : undefined);
    if (version === undefined) return { ok: false, reason: 'no CVSS:x.y/ prefix and no version given' };
    if (version !== '2.0') text = text.replace(/^\//, '');
  }
  const metrics = new Map<string, string>();
  for (const part of text.split('/')) {
    const colon = part.indexOf(':');
    if (colon <= 0 || colon === part.length - 1) return { ok: false, reason: `malformed metric '${part}'` };
    const key = part.slice(0, colon);
    if (metrics.has(key)) return { ok: false, reason: `metric ${key} given twice` };
    metrics.set(key, part.slice(colon + 1));
  }
  const missing = BASE_METRICS[version].filter((key) => !metrics.has(key));
  if (missing.length > 0) return { ok: false, reason: `missing base metric(s) ${missing.join(', ')}` };
  const vector = version === '2.0' ? text : `CVSS:${version}/${text}`;
  // Unknown metric names are checked on a calculator built from the base metrics alone: the
  // library either drops them silently or throws its own terse message, depending on version.
  const baseOnly = BASE_METRICS[version].map((key) => `${key}:${metrics.get(key)}`).join('/');
  let unknown: string[];
  try {
    const probe = createCalculator(version, version === '2.0' ? baseOnly : `CVSS:${version}/${baseOnly}`);
    unknown = [...metrics.keys()].filter((key) => probe.findComponent(key) === undefined);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (unknown.length > 0)
    return { ok: false, reason: `unknown metric(s) ${unknown.join(', ')} for CVSS ${version}` };
  try {
    const calculator = createCalculator(version, vector);
    const scores = calculator.calculateScores();
    const baseScore = scores.base;
    if (typeof baseScore !== 'number' || Number.isNaN(baseScore)) {
      return { ok: false, reason: 'the base metrics do not produce a score' };
    }
    const overallScore = Number.isNaN(scores.overall) ? baseScore : scores.overall;
    return {
      ok: true,
      score: { version, vector, baseScore, overallScore, severity: severityFor(version, baseScore), metrics },
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function createCalculator(version: CvssVersion, vector: string) {
  switch (version) {
    case '2.0':
      return new Cvss2(vector);
    case '3.0':
      return new Cvss3P0(vector);
    case '3.1':
      return new Cvss3P1(vector);
    case '4.0':
      return new Cvss4P0(vector);
  }
}

/**
 * Qualitative rating. v3.x and v4.0 use FIRST's scale (none/low/medium/high/critical); v2 had
 * no 'critical' band — NVD rated 7.0–10.0 'high' — so v2 tops out at high.
 */
export function severityFor(version: CvssVersion, score: number): CvssSeverity {
  if (version === '2.0') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

const VERSION_RANK: Record<CvssVersion, number> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

/** Version hint from an OSV/Ward severity type. */
export function cvssHintFor(type: SeverityVector['type']): CvssVersion | undefined {
  if (type === 'CVSS_V2') return '2.0';
  if (type === 'CVSS_V4') return '4.0';
  return undefined; // CVSS_V3 vectors always carry their CVSS:3.x/ prefix
}

export interface ScoredSeverity {
  score: CvssScore;
  source?: string;
}

/**
 * Picks the vector a finding is ranked by: the newest CVSS version wins (v4 > v3.1 > v3.0 > v2),
 * then the highest base score, so a vendor's lower score never hides a higher one of the same
 * version. Unparsable vectors are returned separately so they can be explained, never dropped.
 */
export function selectCvss(severity: readonly SeverityVector[]): {
  primary?: ScoredSeverity;
  all: ScoredSeverity[];
  invalid: { vector: string; reason: string }[];
} {
  const all: ScoredSeverity[] = [];
  const invalid: { vector: string; reason: string }[] = [];
  for (const entry of severity) {
    if (entry.type === 'Ubuntu') continue;
    const parsed = parseCvss(entry.score, cvssHintFor(entry.type));
    if (parsed.ok)
      all.push(
        entry.source === undefined ? { score: parsed.score } : { score: parsed.score, source: entry.source },
      );
    else invalid.push({ vector: entry.score, reason: parsed.reason });
  }
  const sorted = [...all].sort(
    (a, b) =>
      VERSION_RANK[b.score.version] - VERSION_RANK[a.score.version] || b.score.baseScore - a.score.baseScore,
  );
  const primary = sorted[0];
  return primary === undefined ? { all, invalid } : { primary, all, invalid };
}
