/**
 * Remediation policy: a declarative file mapping findings to due dates (SLAs) and to CI failure.
 * Rules are tried in order and the first whose `when` matches decides the due date, so a policy
 * reads top-down like the regulation it encodes. Built-in regimes live in data/policies/*.yaml.
 */
import type { SchemaObject } from 'ajv';
import { CRITICALITIES, ENVIRONMENTS, EXPOSURES } from './assets.js';
import { readStructuredInput } from './structured-input.js';

export type Priority = 'critical' | 'high' | 'medium' | 'low';
export type SlaState = 'within' | 'due-soon' | 'breached' | 'no-sla' | 'exempt';

export const PRIORITIES: readonly Priority[] = ['critical', 'high', 'medium', 'low'];
export const SLA_STATES: readonly SlaState[] = ['within', 'due-soon', 'breached', 'no-sla', 'exempt'];

/** Every field optional; all given fields must match; a list matches any of its values. */
export interface PolicyCondition {
  priority?: Priority[];
  cvssSeverity?: ('critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown')[];
  cvssAtLeast?: number;
  ssvc?: ('Track' | 'Track*' | 'Attend' | 'Act')[];
  kev?: boolean;
  ransomware?: boolean;
  epssAtLeast?: number;
  epssPercentileAtLeast?: number;
  environment?: string[];
  exposure?: string[];
  criticality?: string[];
  /** Matches when the asset carries any of these tags. */
  tags?: string[];
  ecosystem?: string[];
  /** Gate conditions only: the finding's SLA state. */
  slaState?: SlaState[];
}

export interface PolicyRule {
  name: string;
  when: PolicyCondition;
  /** Time allowed from the clock start. */
  dueIn?: { days?: number; months?: number };
  /** Use the KEV entry's due date (CISA BOD 22-01); with `dueIn`, the earlier of the two. */
  useKevDueDate?: boolean;
  description?: string;
}

export interface GateRule {
  name: string;
  when: PolicyCondition;
  description?: string;
}

export interface Policy {
  name: string;
  title?: string;
  reference?: string;
  /** When the SLA clock starts: when Ward first saw the finding, or when the advisory was published. */
  clockStart: 'first-seen' | 'published';
  /** A finding is 'due-soon' within this many days of its due date. */
  dueSoonDays: number;
  rules: PolicyRule[];
  gate: GateRule[];
}

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } as const;

const conditionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    priority: { type: 'array', items: { enum: PRIORITIES }, minItems: 1 },
    cvssSeverity: {
      type: 'array',
      items: { enum: ['critical', 'high', 'medium', 'low', 'none', 'unknown'] },
      minItems: 1,
    },
    cvssAtLeast: { type: 'number', minimum: 0, maximum: 10 },
    ssvc: { type: 'array', items: { enum: ['Track', 'Track*', 'Attend', 'Act'] }, minItems: 1 },
    kev: { type: 'boolean' },
    ransomware: { type: 'boolean' },
    epssAtLeast: { type: 'number', minimum: 0, maximum: 1 },
    epssPercentileAtLeast: { type: 'number', minimum: 0, maximum: 1 },
    environment: { type: 'array', items: { enum: ENVIRONMENTS }, minItems: 1 },
    exposure: { type: 'array', items: { enum: EXPOSURES }, minItems: 1 },
    criticality: { type: 'array', items: { enum: CRITICALITIES }, minItems: 1 },
    tags: stringList,
    ecosystem: stringList,
    slaState: { type: 'array', items: { enum: SLA_STATES }, minItems: 1 },
  },
} as const;

/** JSON Schema of a policy file; schemas/policy.schema.json is this object, kept equal by a test. */
export const POLICY_SCHEMA: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://ward.dev/schemas/policy.schema.json',
  title: 'Ward remediation policy',
  description:
    'Maps findings to due dates (first matching rule wins) and to CI failure (any matching gate rule fails the run).',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'rules'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$' },
    title: { type: 'string' },
    reference: { type: 'string', format: 'uri' },
    clockStart: { enum: ['first-seen', 'published'] },
    dueSoonDays: { type: 'integer', minimum: 0, maximum: 365 },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'when'],
        properties: {
          name: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          when: conditionSchema,
          dueIn: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              days: { type: 'integer', minimum: 0, maximum: 3650 },
              months: { type: 'integer', minimum: 0, maximum: 120 },
            },
          },
          useKevDueDate: { type: 'boolean' },
        },
      },
    },
    gate: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'when'],
        properties: {
          name: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          when: conditionSchema,
        },
      },
    },
  },
};

/** Reads a policy file (YAML or JSON). Throws WardError('input.invalid') naming file, line and field. */
export function parsePolicy(text: string, path: string): Policy {
  const raw = readStructuredInput(text, path, POLICY_SCHEMA, 'policy') as Omit<
    Policy,
    'clockStart' | 'dueSoonDays' | 'gate'
  > &
    Partial<Pick<Policy, 'clockStart' | 'dueSoonDays' | 'gate'>>;
  return {
    ...raw,
    clockStart: raw.clockStart ?? 'first-seen',
    dueSoonDays: raw.dueSoonDays ?? 7,
    gate: raw.gate ?? [],
  };
}

/** Names of the regimes shipped in data/policies/ (file = `<name>.yaml`). */
export const BUILTIN_POLICIES = ['cisa-bod-22-01', 'pci-dss-4.0', 'ward-default'] as const;
export type BuiltinPolicyName = (typeof BUILTIN_POLICIES)[number];

/** Location of a built-in policy file; valid from src/ and from dist/ alike (both sit beside data/). */
export function builtinPolicyUrl(name: BuiltinPolicyName): URL {
  return new URL(`../../data/policies/${name}.yaml`, import.meta.url);
}

/** The facts a condition is evaluated against, one per finding. */
export interface PolicyFacts {
  priority: Priority;
  cvssSeverity: 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';
  cvssScore?: number;
  ssvc: 'Track' | 'Track*' | 'Attend' | 'Act';
  kev: boolean;
  ransomware: boolean;
  epss?: number;
  epssPercentile?: number;
  environment: string;
  exposure: string;
  criticality: string;
  tags: readonly string[];
  ecosystem: string;
  slaState?: SlaState;
}

/** True when every field the condition sets matches the facts. */
export function matchesCondition(condition: PolicyCondition, facts: PolicyFacts): boolean {
  const inList = <T>(list: readonly T[] | undefined, value: T | undefined) =>
    list === undefined || (value !== undefined && list.includes(value));
  const atLeast = (threshold: number | undefined, value: number | undefined) =>
    threshold === undefined || (value !== undefined && value >= threshold);
  const ecosystemBase = facts.ecosystem.split(':')[0] ?? facts.ecosystem;
  return (
    inList(condition.priority, facts.priority) &&
    inList(condition.cvssSeverity, facts.cvssSeverity) &&
    atLeast(condition.cvssAtLeast, facts.cvssScore) &&
    inList(condition.ssvc, facts.ssvc) &&
    (condition.kev === undefined || condition.kev === facts.kev) &&
    (condition.ransomware === undefined || condition.ransomware === facts.ransomware) &&
    atLeast(condition.epssAtLeast, facts.epss) &&
    atLeast(condition.epssPercentileAtLeast, facts.epssPercentile) &&
    inList(condition.environment, facts.environment) &&
    inList(condition.exposure, facts.exposure) &&
    inList(condition.criticality, facts.criticality) &&
    (condition.tags === undefined || condition.tags.some((tag) => facts.tags.includes(tag))) &&
    (condition.ecosystem === undefined ||
      condition.ecosystem.includes(facts.ecosystem) ||
      condition.ecosystem.includes(ecosystemBase)) &&
    inList(condition.slaState, facts.slaState)
  );
}

export interface SlaInput {
  facts: PolicyFacts;
  /** RFC 3339; when Ward first saw this finding. */
  firstSeen: string;
  /** RFC 3339; when the advisory was published, if known. */
  published?: string;
  /** KEV due date (YYYY-MM-DD), if listed. */
  kevDueDate?: string;
  /** Closed findings (fixed, accepted, not affected) are exempt from the clock. */
  exempt?: string;
}

export interface SlaResult {
  slaState: SlaState;
  /** YYYY-MM-DD (UTC); the finding is breached from the day after. */
  dueDate?: string;
  rule?: string;
  clockStart?: string;
  reason: string;
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an RFC 3339 timestamp or date, in UTC. */
export function utcDate(value: string | Date): string {
  const date =
    typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
  return date.toISOString().slice(0, 10);
}

/** Adds days and calendar months to a YYYY-MM-DD date; month ends clamp (Jan 31 + 1 month = Feb 28/29). */
export function addToDate(date: string, delta: { days?: number; months?: number }): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let year = y;
  let month = m - 1 + (delta.months ?? 0);
  year += Math.floor(month / 12);
  month = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const base = Date.UTC(year, month, Math.min(d, lastDay));
  return new Date(base + (delta.days ?? 0) * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The due date and SLA state of one finding under a policy, at `now`. */
export function evaluateSla(input: SlaInput, policy: Policy, now: Date): SlaResult {
  if (input.exempt) return { slaState: 'exempt', reason: `SLA: exempt (${input.exempt})` };
  const rule = policy.rules.find((candidate) => matchesCondition(candidate.when, input.facts));
  if (!rule) return { slaState: 'no-sla', reason: `SLA: none (no rule of policy '${policy.name}' matches)` };
  const useKev = rule.useKevDueDate === true && input.kevDueDate !== undefined;
  if (!rule.dueIn && !useKev) {
    return {
      slaState: 'no-sla',
      rule: rule.name,
      reason: `SLA: none (rule '${rule.name}' of policy '${policy.name}' sets no due date)`,
    };
  }
  const usePublished = policy.clockStart === 'published' && input.published !== undefined;
  const clockStart = utcDate(usePublished ? (input.published as string) : input.firstSeen);
  const candidates: { date: string; why: string }[] = [];
  if (rule.dueIn) {
    const span = [
      rule.dueIn.months ? `${rule.dueIn.months} month(s)` : '',
      rule.dueIn.days ? `${rule.dueIn.days} day(s)` : '',
    ]
      .filter(Boolean)
      .join(' ');
    candidates.push({
      date: addToDate(clockStart, rule.dueIn),
      why: `${span || '0 days'} from ${usePublished ? 'publication' : 'first seen'} ${clockStart}`,
    });
  }
  if (useKev)
    candidates.push({ date: input.kevDueDate as string, why: `CISA KEV due date ${input.kevDueDate}` });
  candidates.sort((a, b) => a.date.localeCompare(b.date));
  const due = candidates[0] as { date: string; why: string };
  const today = utcDate(now);
  const left = daysBetween(today, due.date);
  const slaState: SlaState = left < 0 ? 'breached' : left <= policy.dueSoonDays ? 'due-soon' : 'within';
  const status =
    slaState === 'breached'
      ? `breached ${-left} day(s) ago`
      : slaState === 'due-soon'
        ? `due in ${left} day(s)`
        : `${left} day(s) left`;
  return {
    slaState,
    dueDate: due.date,
    rule: rule.name,
    clockStart,
    reason: `SLA: due ${due.date} (${due.why}; rule '${rule.name}' of policy '${policy.name}'), ${status}`,
  };
}
