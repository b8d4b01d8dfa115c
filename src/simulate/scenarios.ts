/**
 * Built-in outbreak scenarios and `runScenario`, the one entry point the CLI (and later the server)
 * calls: pure computation, no IO — parameters in, the JSON contract (types.ts) out.
 *
 * Sources for every default are in worm-models.md (shared research notes); tags there: [S] read in a
 * source, [M] from memory of the literature, [C] computed.
 */
import { WardError } from '../core/errors.js';
import type {
  ExternalPressure,
  HostGroups,
  RemovalRule,
  ScanStrategy,
  StochasticConfig,
} from './chain-binomial.js';
import type { Fleet } from './fleet.js';
import { MEASURED } from './measured.js';
import { type DeterministicModel, outputTimes, solveDeterministic } from './model.js';
import { createRcsModel } from './models/rcs.js';
import { createSirModel } from './models/sir.js';
import { createTwoFactorModel } from './models/two-factor.js';
import { columnPercentiles, runMonteCarlo } from './monte-carlo.js';
import { placeSynthetic, uniformGroups } from './placement.js';
import { createRandom } from './prng.js';
import { round, summarizeSeries } from './summary.js';
import type { FleetRegimeResult, ParameterValue, SeriesPoint, SimulationResult } from './types.js';

export type ScenarioName = 'codered-v2-2001' | 'codered-ii-2001' | 'slammer-2003' | 'fleet';
export type ModelChoice = 'stochastic' | 'rcs' | 'sir' | 'two-factor';

export interface ParameterSpec {
  key: string;
  kind: 'number' | 'choice' | 'list';
  choices?: readonly string[];
  min?: number;
  max?: number;
  unit: string;
  description: string;
}

export interface ScenarioDefinition {
  name: ScenarioName;
  title: string;
  description: string;
  sources: readonly string[];
  parameters: readonly ParameterSpec[];
  defaults: Readonly<Record<string, ParameterValue>>;
}

export interface RunScenarioOptions {
  /** Monte Carlo runs for stochastic models (default 100). */
  runs?: number;
  /** PRNG seed (default 1). Same seed, same output. */
  seed?: number;
  /** Required by the `fleet` scenario. */
  fleet?: Fleet;
  /** Worker threads (0 = in this thread); default chosen from the amount of work. */
  workers?: number;
}

const WORM_PARAMETERS: readonly ParameterSpec[] = [
  {
    key: 'model',
    kind: 'choice',
    choices: ['stochastic', 'rcs', 'sir', 'two-factor'],
    unit: '',
    description: 'stochastic chain-binomial Monte Carlo, or a deterministic ODE model',
  },
  {
    key: 'vulnerableHosts',
    kind: 'number',
    min: 1,
    max: 1e9,
    unit: 'hosts',
    description: 'vulnerable population N',
  },
  {
    key: 'scanRate',
    kind: 'number',
    min: 0,
    max: 1e7,
    unit: 'probes/s per host',
    description: 'scan rate η of one infected host',
  },
  {
    key: 'initialInfected',
    kind: 'number',
    min: 1,
    max: 1e9,
    unit: 'hosts',
    description: 'infected at t = 0 (a hit-list start is a large value)',
  },
  {
    key: 'addressBits',
    kind: 'number',
    min: 16,
    max: 32,
    unit: 'bits',
    description: 'address space Ω = 2^bits',
  },
  { key: 'hours', kind: 'number', min: 0.001, max: 24 * 365, unit: 'h', description: 'simulated horizon' },
  {
    key: 'stepSeconds',
    kind: 'number',
    min: 0.01,
    max: 86_400,
    unit: 's',
    description: 'time step (and output resolution)',
  },
  {
    key: 'strategy',
    kind: 'choice',
    choices: ['uniform', 'local-preference', 'permutation'],
    unit: '',
    description: 'target selection (stochastic model)',
  },
  {
    key: 'localShare8',
    kind: 'number',
    min: 0,
    max: 1,
    unit: 'share',
    description: 'share of probes to the same /8 (local preference)',
  },
  {
    key: 'localShare16',
    kind: 'number',
    min: 0,
    max: 1,
    unit: 'share',
    description: 'share of probes to the same /16 (local preference)',
  },
  {
    key: 'blocks16',
    kind: 'number',
    min: 1,
    max: 65_536,
    unit: 'blocks',
    description: 'occupied /16 blocks of the synthetic placement (local preference)',
  },
  {
    key: 'blocks8',
    kind: 'number',
    min: 1,
    max: 256,
    unit: 'blocks',
    description: 'occupied /8 blocks of the synthetic placement (local preference)',
  },
  {
    key: 'placementSkew',
    kind: 'number',
    min: 0,
    max: 4,
    unit: '',
    description: 'Zipf exponent of hosts per /16 (0 = even)',
  },
  {
    key: 'bandwidthCap',
    kind: 'number',
    min: 0,
    max: 1e12,
    unit: 'probes/s',
    description: 'aggregate scan-rate cap (0 = none; stochastic model)',
  },
  {
    key: 'patchStartHours',
    kind: 'number',
    min: 0,
    max: 1e5,
    unit: 'h',
    description: 'when patching and cleaning start (stochastic model)',
  },
  {
    key: 'patchRatePerHour',
    kind: 'number',
    min: 0,
    max: 1e4,
    unit: '/h',
    description: 'rate at which susceptible hosts are patched',
  },
  {
    key: 'cleanupRatePerHour',
    kind: 'number',
    min: 0,
    max: 1e4,
    unit: '/h',
    description: 'rate at which infected hosts are cleaned (SIR γ, two-factor γ)',
  },
  {
    key: 'filterStartHours',
    kind: 'number',
    min: 0,
    max: 1e5,
    unit: 'h',
    description: 'when network filtering starts (stochastic model)',
  },
  {
    key: 'filterRatePerHour',
    kind: 'number',
    min: 0,
    max: 1e4,
    unit: '/h',
    description: 'rate at which hosts are filtered off the network (both S and I)',
  },
  {
    key: 'countermeasureRatePerHour',
    kind: 'number',
    min: 0,
    max: 1e4,
    unit: '/h',
    description: 'two-factor μ·N: patching driven by the share ever infected',
  },
  {
    key: 'congestionExponent',
    kind: 'number',
    min: 0,
    max: 20,
    unit: '',
    description: 'two-factor η in β(t) = β0·(1 − I/N)^η',
  },
];

const FLEET_PARAMETERS: readonly ParameterSpec[] = [
  {
    key: 'worm',
    kind: 'choice',
    choices: ['codered-ii-2001', 'codered-v2-2001', 'slammer-2003'],
    unit: '',
    description: 'how the worm for this CVE scans (a built-in scenario supplies η, N, strategy)',
  },
  {
    key: 'leadDays',
    kind: 'number',
    min: 0,
    max: 3650,
    unit: 'days',
    description: 'days between the patch being available and the worm (Code Red: 25)',
  },
  {
    key: 'slaHours',
    kind: 'list',
    unit: 'h',
    description:
      'SLA deadlines to compare, comma-separated (default PCI 30 d, 7 d, 72 h and the KEV due date)',
  },
  {
    key: 'kevDays',
    kind: 'number',
    min: 0,
    max: 3650,
    unit: 'days',
    description: 'CISA KEV due date after listing (BOD 22-01: 14 days for recent CVEs)',
  },
  {
    key: 'patchTiming',
    kind: 'choice',
    choices: ['uniform', 'deadline'],
    unit: '',
    description: 'hosts patch evenly within the SLA window, or all at the deadline (worst case)',
  },
  {
    key: 'hours',
    kind: 'number',
    min: 0,
    max: 24 * 365,
    unit: 'h',
    description: 'horizon (0 = until the last deadline)',
  },
  {
    key: 'stepSeconds',
    kind: 'number',
    min: 0,
    max: 86_400,
    unit: 's',
    description: 'time step (0 = about 2,000 steps over the horizon, 1 min to 1 h)',
  },
];

const CODERED_SOURCES = [
  'Moore, Shannon & Brown, "Code-Red: a case study on the spread and victims of an Internet worm", IMW 2002 (CAIDA)',
  'Staniford, Paxson & Weaver, "How to 0wn the Internet in Your Spare Time", USENIX Security 2002',
  'Zou, Gong & Towsley, "Code Red worm propagation modeling and analysis", ACM CCS 2002',
];

export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    name: 'codered-ii-2001',
    title: 'Code Red II, August 2001 (local preference)',
    description:
      'Code Red II picks 1/8 of targets at random, 1/2 in its own /8 and 3/8 in its own /16, with 300 threads to ' +
      "Code Red v2's 100. No published spread curve exists: N and the placement are assumptions, so read it as illustrative.",
    sources: [
      'CRII scan mix 1/8 random, 1/2 same /8, 3/8 same /16; 300 threads (worm-models.md §1, S11, S15)',
      ...CODERED_SOURCES,
    ],
    parameters: WORM_PARAMETERS,
    defaults: {
      ...wormDefaults(),
      scanRate: round((3 * 358) / 60, 4), // [C] 3× Code Red v2's rate: 300 threads against 100
      vulnerableHosts: 360_000, // assumption: the IIS population of July (Zou et al. used 360,000) [M]
      strategy: 'local-preference',
      hours: 24,
    },
  },
  {
    name: 'codered-v2-2001',
    title: 'Code Red v2, 19 July 2001 (uniform random scanning)',
    description:
      'Uniform random IPv4 scanning from 10:00 UTC; the worm stopped spreading at 00:00 UTC 20 July (14 h). ' +
      'η = 358 probes/min and N = 359,104 give the Staniford fit K = η·N/2^32 = 1.80/h.',
    sources: CODERED_SOURCES,
    parameters: WORM_PARAMETERS,
    defaults: wormDefaults(),
  },
  {
    name: 'fleet',
    title: 'Our fleet: hosts infected before the SLA patches them',
    description:
      'Vulnerable hosts of a fleet (--fleet FILE), their subnets and internet exposure, under several patch SLAs. ' +
      "Internet-facing hosts are probed by the internet-wide outbreak (the chosen worm's RCS curve); inside, " +
      'infected hosts of the fleet scan their own /16 and /8 as the worm would.',
    sources: [
      'PCI DSS v4.0 req. 6.3.3: critical patches within one month of release',
      'CISA BOD 22-01: KEV due dates (2 weeks for CVEs from 2021 on, 6 months before)',
      ...CODERED_SOURCES,
    ],
    parameters: FLEET_PARAMETERS,
    defaults: {
      worm: 'codered-ii-2001',
      leadDays: 0,
      slaHours: '',
      kevDays: 14,
      patchTiming: 'uniform',
      hours: 0,
      stepSeconds: 0,
    },
  },
  {
    name: 'slammer-2003',
    title: 'Slammer/Sapphire, 25 January 2003 (bandwidth-limited)',
    description:
      'A single 404-byte UDP packet, scanning as fast as bandwidth allowed: 8.5 s early doubling, 55 million ' +
      'probes/s aggregate peak, over 90% of at least 75,000 hosts within 10 minutes.',
    sources: [
      'Moore, Paxson, Savage, Shannon, Staniford & Weaver, "Inside the Slammer Worm", IEEE Security & Privacy 1(4), 2003',
      'Staniford, Paxson & Weaver, USENIX Security 2002 (RCS)',
    ],
    parameters: WORM_PARAMETERS,
    defaults: {
      ...wormDefaults(),
      vulnerableHosts: 75_000, // "at least 75,000" [S7]
      scanRate: 4_670, // [C] K = ln 2 / 8.5 s and K = η·N/2^32 [S7]
      initialInfected: 1,
      bandwidthCap: 55_000_000, // peak aggregate 55 million scans/s [S7]
      hours: 0.5,
      stepSeconds: 0.25, // K·dt ≈ 0.02 keeps the discretisation bias near 1% (chain-binomial.ts)
    },
  },
];

function wormDefaults(): Record<string, ParameterValue> {
  return {
    model: 'stochastic',
    vulnerableHosts: 359_104, // CAIDA unique IPs, 19–20 July 2001 [S1]
    scanRate: round(358 / 60, 4), // 358 probes/min (Zou et al. [M]; = K·Ω/N with K = 1.8/h [C])
    // Not a published figure: with 10 hosts at 10:00 UTC the RCS midpoint falls near 15:50 UTC, inside the
    // 14:00–17:00 UTC surge one /16 IDS saw [S28]; 1 host puts it at 17:06 and adds ±0.7 h of onset noise.
    initialInfected: 10,
    addressBits: 32,
    hours: 14, // CRv2 switched from spreading to flooding at 00:00 UTC 20 July [S14]
    stepSeconds: 60,
    strategy: 'uniform',
    localShare8: 0.5, // CRII: 1/2 same /8 [S11]
    localShare16: 0.375, // CRII: 3/8 same /16 [S11]
    // Synthetic placement for local preference (placement.ts): the densest /16 holds ~2,000 hosts
    // (3% of its addresses), the median one ~30. An assumption, not a measurement.
    blocks16: 8_000,
    blocks8: 120,
    placementSkew: 0.5,
    bandwidthCap: 0,
    patchStartHours: 0,
    patchRatePerHour: 0,
    cleanupRatePerHour: 0,
    filterStartHours: 0,
    filterRatePerHour: 0,
    countermeasureRatePerHour: 0.06, // Zou et al. μ·N = 0.06 per time unit [M], read here as per hour
    congestionExponent: 3, // Zou et al. η = 3 [M]
  };
}

export function findScenario(name: string): ScenarioDefinition {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) {
    throw new WardError(
      'input.invalid',
      `expected a scenario (${SCENARIOS.map((s) => s.name).join(', ')}), got "${name}"`,
      { field: 'scenario' },
    );
  }
  return scenario;
}

/** Defaults merged with `overrides`; strings (from the CLI) are converted and checked against each spec. */
export function resolveParameters(
  scenario: ScenarioDefinition,
  overrides: Readonly<Record<string, ParameterValue>>,
): Record<string, ParameterValue> {
  const resolved: Record<string, ParameterValue> = Object.create(null);
  Object.assign(resolved, scenario.defaults);
  for (const [key, raw] of Object.entries(overrides)) {
    const spec = scenario.parameters.find((candidate) => candidate.key === key);
    if (!spec) {
      throw new WardError(
        'input.invalid',
        `expected a parameter of ${scenario.name} (${scenario.parameters.map((p) => p.key).join(', ')}), got "${key}"`,
        { field: `param.${key}` },
      );
    }
    resolved[key] = convertParameter(spec, raw);
  }
  const local8 = resolved.localShare8;
  const local16 = resolved.localShare16;
  if (typeof local8 === 'number' && typeof local16 === 'number' && local8 + local16 > 1) {
    throw new WardError(
      'input.invalid',
      `expected localShare8 + localShare16 <= 1, got ${local8 + local16}`,
      {
        field: 'param.localShare16',
      },
    );
  }
  return { ...resolved };
}

function convertParameter(spec: ParameterSpec, raw: ParameterValue): ParameterValue {
  const field = `param.${spec.key}`;
  const text = String(raw).trim();
  if (spec.kind === 'choice') {
    if (!spec.choices?.includes(text)) {
      throw new WardError('input.invalid', `expected one of ${spec.choices?.join(', ')}, got "${text}"`, {
        field,
      });
    }
    return text;
  }
  if (spec.kind === 'list') {
    const values = text === '' ? [] : text.split(',').map((part) => Number(part.trim()));
    if (values.some((value) => !(Number.isFinite(value) && value > 0))) {
      throw new WardError('input.invalid', `expected comma-separated positive numbers, got "${text}"`, {
        field,
      });
    }
    return values.join(',');
  }
  const value = typeof raw === 'number' ? raw : text === '' ? Number.NaN : Number(text);
  if (
    !Number.isFinite(value) ||
    (spec.min !== undefined && value < spec.min) ||
    (spec.max !== undefined && value > spec.max)
  ) {
    throw new WardError(
      'input.invalid',
      `expected a number in [${spec.min}, ${spec.max}] ${spec.unit}, got "${text}"`,
      {
        field,
      },
    );
  }
  return value;
}

/** Runs a built-in scenario. Pure: the fleet, if any, is passed in already parsed. */
export async function runScenario(
  name: string,
  overrides: Readonly<Record<string, ParameterValue>> = {},
  options: RunScenarioOptions = {},
): Promise<SimulationResult> {
  const scenario = findScenario(name);
  const params = resolveParameters(scenario, overrides);
  const runs = options.runs ?? 100;
  if (!(Number.isInteger(runs) && runs >= 1 && runs <= 100_000)) {
    throw new WardError('input.invalid', `expected runs to be an integer in [1, 100000], got ${runs}`, {
      field: 'runs',
    });
  }
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new WardError('input.invalid', `expected seed to be an integer in [0, 4294967295], got ${seed}`, {
      field: 'seed',
    });
  }
  if (scenario.name === 'fleet') return runFleetScenario(scenario, params, { ...options, runs, seed });
  return runWormScenario(scenario, params, { ...options, runs, seed });
}

function numberOf(params: Record<string, ParameterValue>, key: string): number {
  const value = params[key];
  if (typeof value !== 'number')
    throw new WardError('input.invalid', `expected a number for ${key}, got ${String(value)}`, {
      field: `param.${key}`,
    });
  return value;
}

function stringOf(params: Record<string, ParameterValue>, key: string): string {
  return String(params[key] ?? '');
}

interface ResolvedRun {
  runs: number;
  seed: number;
  workers?: number;
  fleet?: Fleet;
}

async function runWormScenario(
  scenario: ScenarioDefinition,
  params: Record<string, ParameterValue>,
  options: ResolvedRun,
): Promise<SimulationResult> {
  const model = stringOf(params, 'model') as ModelChoice;
  const population = Math.round(numberOf(params, 'vulnerableHosts'));
  const initial = Math.min(population, Math.round(numberOf(params, 'initialInfected')));
  const horizon = numberOf(params, 'hours') * 3600;
  const step = numberOf(params, 'stepSeconds');
  const steps = Math.max(1, Math.round(horizon / step));
  if (steps > 2_000_000) {
    throw new WardError(
      'input.invalid',
      `expected at most 2,000,000 steps (hours / stepSeconds), got ${steps}`,
      {
        field: 'param.stepSeconds',
      },
    );
  }
  const base = {
    scenario: scenario.name,
    title: scenario.title,
    parameters: params,
    measured: [...(MEASURED[scenario.name] ?? [])],
  };
  if (model !== 'stochastic') {
    const solved = solveDeterministic(
      buildDeterministicModel(model, params, population, initial),
      horizon,
      step,
    );
    const series = solved.series.map(roundPoint);
    return {
      ...base,
      model,
      runs: 1,
      seed: null,
      series,
      summary: summarizeSeries(series, solved.incidence, population),
      sources: [...scenario.sources, citationOf(model)],
    };
  }
  const config = buildWormConfig(params, population, initial, steps, options.seed);
  const mc = await runMonteCarlo(config, {
    runs: options.runs,
    seed: options.seed,
    ...workersOption(options),
  });
  const times = outputTimes(steps * step, step);
  const series: SeriesPoint[] = times.map((t, i) =>
    roundPoint({
      t,
      susceptible: mc.meanSusceptible[i] ?? 0,
      infected: mc.meanInfected[i] ?? 0,
      removed: mc.meanRemoved[i] ?? 0,
      everInfected: mc.meanEverInfected[i] ?? 0,
    }),
  );
  const perSecond = Array.from(mc.meanNewInfections, (value) => value / step);
  const [p05 = [], p50 = [], p95 = []] = columnPercentiles(
    mc.infectedByRun,
    mc.runs,
    mc.points,
    [0.05, 0.5, 0.95],
  );
  return {
    ...base,
    model: 'stochastic',
    runs: options.runs,
    seed: options.seed,
    series,
    summary: summarizeSeries(series, perSecond, population),
    bands: {
      p05: p05.map((v) => round(v, 2)),
      p50: p50.map((v) => round(v, 2)),
      p95: p95.map((v) => round(v, 2)),
    },
    sources: [
      ...scenario.sources,
      'Chen, Gao & Kwiat, "Modeling the spread of active worms" (AAWP), INFOCOM 2003: chain-binomial form',
    ],
  };
}

function workersOption(options: ResolvedRun): { workers?: number } {
  return options.workers === undefined ? {} : { workers: options.workers };
}

function citationOf(model: ModelChoice): string {
  return buildDeterministicModel(model === 'stochastic' ? 'rcs' : model, wormDefaults(), 2, 1).citation;
}

function buildDeterministicModel(
  model: Exclude<ModelChoice, 'stochastic'> | ModelChoice,
  params: Record<string, ParameterValue>,
  population: number,
  initial: number,
): DeterministicModel {
  const addressSpace = 2 ** numberOf(params, 'addressBits');
  const scanRate = numberOf(params, 'scanRate');
  const cleanup = numberOf(params, 'cleanupRatePerHour') / 3600;
  switch (model) {
    case 'sir':
      return createSirModel({
        population,
        initialInfected: initial,
        scanRate,
        addressSpace,
        removalRate: cleanup,
        patchRate: numberOf(params, 'patchRatePerHour') / 3600,
        patchStartSeconds: numberOf(params, 'patchStartHours') * 3600,
      });
    case 'two-factor':
      return createTwoFactorModel({
        population,
        initialInfected: initial,
        beta0: scanRate / addressSpace,
        congestionExponent: numberOf(params, 'congestionExponent'),
        cleanupRate: cleanup,
        patchRate: numberOf(params, 'countermeasureRatePerHour') / 3600 / population,
      });
    default:
      return createRcsModel({ population, initialInfected: initial, scanRate, addressSpace });
  }
}

function buildWormConfig(
  params: Record<string, ParameterValue>,
  population: number,
  initial: number,
  steps: number,
  seed: number,
): StochasticConfig {
  const strategy = stringOf(params, 'strategy') as ScanStrategy;
  const local = strategy === 'local-preference';
  let groups: HostGroups;
  let blocks16 = 1;
  let blocks8 = 1;
  let block8Of16: Int32Array = new Int32Array(1);
  if (local) {
    // The placement is part of the scenario, not of a run: drawn once from the seed.
    const placement = placeSynthetic(
      population,
      Math.round(numberOf(params, 'blocks16')),
      Math.round(numberOf(params, 'blocks8')),
      numberOf(params, 'placementSkew'),
      createRandom(seed, 0xfffffff),
    );
    ({ groups, blocks16, blocks8, block8Of16 } = placement);
  } else {
    groups = uniformGroups(Float64Array.of(population));
  }
  const removals: RemovalRule[] = [
    {
      target: 'susceptible',
      startSeconds: numberOf(params, 'patchStartHours') * 3600,
      ratePerHour: numberOf(params, 'patchRatePerHour'),
    },
    {
      target: 'infected',
      startSeconds: numberOf(params, 'patchStartHours') * 3600,
      ratePerHour: numberOf(params, 'cleanupRatePerHour'),
    },
    {
      target: 'both',
      startSeconds: numberOf(params, 'filterStartHours') * 3600,
      ratePerHour: numberOf(params, 'filterRatePerHour'),
    },
  ].filter((rule) => rule.ratePerHour > 0) as RemovalRule[];
  return {
    addressSpace: 2 ** numberOf(params, 'addressBits'),
    scanRate: numberOf(params, 'scanRate'),
    bandwidthCap: numberOf(params, 'bandwidthCap'),
    strategy,
    localShare8: local ? numberOf(params, 'localShare8') : 0,
    localShare16: local ? numberOf(params, 'localShare16') : 0,
    stepSeconds: numberOf(params, 'stepSeconds'),
    steps,
    blocks16,
    block8Of16,
    blocks8,
    groups,
    randomInitialInfected: initial,
    removals,
    external: null,
  };
}

function roundPoint(point: SeriesPoint): SeriesPoint {
  return {
    t: round(point.t, 3),
    susceptible: round(point.susceptible, 2),
    infected: round(point.infected, 2),
    removed: round(point.removed, 2),
    everInfected: round(point.everInfected, 2),
  };
}

// ---------------------------------------------------------------------------------------------
// Fleet scenario

interface Regime {
  id: string;
  label: string;
  slaHours: number | null;
}

type PatchPlan =
  | { kind: 'at'; seconds: number }
  | { kind: 'window'; endSeconds: number; prePatchedShare: number };

async function runFleetScenario(
  scenario: ScenarioDefinition,
  params: Record<string, ParameterValue>,
  options: ResolvedRun,
): Promise<SimulationResult> {
  const fleet = options.fleet;
  if (!fleet)
    throw new WardError('input.invalid', 'expected a fleet (--fleet FILE) for the fleet scenario, got none', {
      field: 'fleet',
    });
  const vulnerable = fleet.hosts.filter((host) => host.vulnerable);
  const wormScenario = findScenario(stringOf(params, 'worm'));
  const worm = resolveParameters(wormScenario, {});
  const lead = numberOf(params, 'leadDays') * 86_400;
  const timing = stringOf(params, 'patchTiming') as 'uniform' | 'deadline';
  const regimes = buildRegimes(
    params,
    vulnerable.some((host) => host.patchLagHours !== null),
  );
  const longest = Math.max(
    ...regimes.map((regime) => regime.slaHours ?? 0),
    ...vulnerable.map((host) => host.patchLagHours ?? 0),
  );
  const horizonHours =
    numberOf(params, 'hours') > 0 ? numberOf(params, 'hours') : Math.max(24, longest - lead / 3600 + 1);
  // stepSeconds 0 = automatic: about 2,000 steps over the horizon, between 1 min and 1 h. Fleet
  // horizons run to the slowest SLA (months), and a fleet's own spread is slow (few hosts per /16),
  // so the step is limited by the outside outbreak, whose pressure is integrated over each step.
  const requestedStep = numberOf(params, 'stepSeconds');
  const step =
    requestedStep > 0
      ? requestedStep
      : Math.min(3600, Math.max(60, Math.round((horizonHours * 3600) / 2000)));
  const steps = Math.max(1, Math.round((horizonHours * 3600) / step));
  if (steps > 2_000_000) {
    throw new WardError(
      'input.invalid',
      `expected at most 2,000,000 steps (hours / stepSeconds), got ${steps}`,
      { field: 'param.stepSeconds' },
    );
  }
  const external = buildExternalPressure(worm, steps, step);
  const fallback = regimes.find((regime) => regime.slaHours !== null)?.slaHours ?? 720;

  const results: FleetRegimeResult[] = [];
  let headline: { series: SeriesPoint[]; perSecond: number[]; p: number[][] } | undefined;
  for (const regime of regimes) {
    const config = buildFleetConfig(vulnerable, worm, external, steps, step, (host) =>
      planPatch(host.patchLagHours, regime, timing, lead, fallback),
    );
    const mc = await runMonteCarlo(config, {
      runs: options.runs,
      seed: options.seed,
      ...workersOption(options),
    });
    const last = mc.points - 1;
    const finals = columnPercentiles(
      Float64Array.from({ length: mc.runs }, (_, run) => mc.everInfectedByRun[run * mc.points + last] ?? 0),
      mc.runs,
      1,
      [0.05, 0.95],
    );
    const expected = mc.meanEverInfected[last] ?? 0;
    results.push({
      id: regime.id,
      label: regime.label,
      slaHours: regime.slaHours,
      expectedInfected: round(expected, 2),
      p05: round(finals[0]?.[0] ?? 0, 2),
      p95: round(finals[1]?.[0] ?? 0, 2),
      infectedShare: vulnerable.length > 0 ? round(expected / vulnerable.length, 5) : 0,
      everInfected: Array.from(mc.meanEverInfected, (value) => round(value, 2)),
    });
    if (!headline) {
      const times = outputTimes(steps * step, step);
      headline = {
        series: times.map((t, i) =>
          roundPoint({
            t,
            susceptible: mc.meanSusceptible[i] ?? 0,
            infected: mc.meanInfected[i] ?? 0,
            removed: mc.meanRemoved[i] ?? 0,
            everInfected: mc.meanEverInfected[i] ?? 0,
          }),
        ),
        perSecond: Array.from(mc.meanNewInfections, (value) => value / step),
        p: columnPercentiles(mc.infectedByRun, mc.runs, mc.points, [0.05, 0.5, 0.95]),
      };
    }
  }
  const series = headline?.series ?? [];
  const [p05 = [], p50 = [], p95 = []] = headline?.p ?? [];
  return {
    scenario: scenario.name,
    title: scenario.title,
    parameters: {
      ...params,
      hours: round(horizonHours, 4),
      stepSeconds: step,
      wormScanRate: numberOf(worm, 'scanRate'),
      wormStrategy: stringOf(worm, 'strategy'),
    },
    model: 'stochastic',
    runs: options.runs,
    seed: options.seed,
    series,
    summary: summarizeSeries(series, headline?.perSecond ?? [], vulnerable.length),
    bands: {
      p05: p05.map((v) => round(v, 2)),
      p50: p50.map((v) => round(v, 2)),
      p95: p95.map((v) => round(v, 2)),
    },
    fleet: {
      hosts: fleet.hosts.length,
      vulnerable: vulnerable.length,
      internetFacing: vulnerable.filter((host) => host.internetFacing).length,
      subnets16: new Set(vulnerable.map((host) => Math.floor(host.address / 65_536))).size,
      cve: fleet.cve,
      worm: wormScenario.name,
      regimes: results,
    },
    measured: [],
    sources: [...scenario.sources],
  };
}

function buildRegimes(params: Record<string, ParameterValue>, anyLag: boolean): Regime[] {
  const regimes: Regime[] = [];
  if (anyLag) regimes.push({ id: 'current', label: "current policy (each host's due date)", slaHours: null });
  const custom = stringOf(params, 'slaHours');
  if (custom) {
    for (const hours of custom.split(',').map(Number))
      regimes.push({ id: `${hours}h`, label: `SLA ${hours} h`, slaHours: hours });
  } else {
    const kev = numberOf(params, 'kevDays') * 24;
    regimes.push(
      { id: 'pci-30d', label: 'PCI DSS: 30 days', slaHours: 720 },
      { id: 'kev', label: `CISA KEV due date: ${numberOf(params, 'kevDays')} days`, slaHours: kev },
      { id: '7d', label: '7 days', slaHours: 168 },
      { id: '72h', label: '72 hours', slaHours: 72 },
    );
  }
  return regimes;
}

/**
 * When a host is patched, in seconds after the worm's release. Hours are counted from the patch's
 * release, which is `lead` seconds before the worm. Under an SLA, a host whose own lag is shorter
 * keeps it; the rest patch by the deadline (evenly spread over the window, or all at the deadline).
 */
function planPatch(
  lagHours: number | null,
  regime: Regime,
  timing: 'uniform' | 'deadline',
  lead: number,
  fallbackHours: number,
): PatchPlan {
  if (regime.slaHours === null)
    return { kind: 'at', seconds: Math.max(0, (lagHours ?? fallbackHours) * 3600 - lead) };
  const sla = regime.slaHours * 3600;
  if (lagHours !== null && lagHours * 3600 <= sla)
    return { kind: 'at', seconds: Math.max(0, lagHours * 3600 - lead) };
  if (timing === 'deadline' || sla <= lead) return { kind: 'at', seconds: Math.max(0, sla - lead) };
  return { kind: 'window', endSeconds: sla - lead, prePatchedShare: lead / sla };
}

/** The internet-wide outbreak as an RCS curve I(t) = N / (1 + (N/I0 − 1)·e^{−Kt}), K = η·N/Ω. */
function buildExternalPressure(
  worm: Record<string, ParameterValue>,
  steps: number,
  step: number,
): ExternalPressure {
  const n = numberOf(worm, 'vulnerableHosts');
  const i0 = numberOf(worm, 'initialInfected');
  const scanRate = numberOf(worm, 'scanRate');
  const k = (scanRate * n) / 2 ** numberOf(worm, 'addressBits');
  // Mean of I(t) over each step [t, t + dt], from the closed-form integral
  // ∫ I dt = (N/K)·ln(e^{Kt} + c), c = N/I0 − 1, written as Kt + ln(1 + c·e^{−Kt}) to stay finite.
  // Using the step's mean rather than its start keeps coarse fleet steps from lagging the outbreak.
  const c = n / i0 - 1;
  const primitive = (t: number): number => (n / k) * (k * t + Math.log1p(c * Math.exp(-k * t)));
  const infected = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i += 1) {
    infected[i] = k > 0 ? (primitive((i + 1) * step) - primitive(i * step)) / step : i0;
  }
  const local = stringOf(worm, 'strategy') === 'local-preference';
  return {
    infected,
    scanRate,
    randomShare: local ? 1 - numberOf(worm, 'localShare8') - numberOf(worm, 'localShare16') : 1,
  };
}

function buildFleetConfig(
  hosts: readonly Fleet['hosts'][number][],
  worm: Record<string, ParameterValue>,
  external: ExternalPressure,
  steps: number,
  step: number,
  plan: (host: Fleet['hosts'][number]) => PatchPlan,
): StochasticConfig {
  const block16Index = new Map<number, number>();
  const block8Index = new Map<number, number>();
  const block8Of16: number[] = [];
  interface Draft {
    block: number;
    exposed: boolean;
    patchAt: number;
    windowEnd: number;
    prePatched: number;
    count: number;
  }
  const drafts = new Map<string, Draft>();
  const add = (
    block: number,
    exposed: boolean,
    patchAt: number,
    windowEnd: number,
    prePatched: number,
    count: number,
  ): void => {
    if (count <= 0) return;
    const key = `${block}|${exposed}|${patchAt}|${windowEnd}|${prePatched}`;
    const draft = drafts.get(key);
    if (draft) draft.count += count;
    else drafts.set(key, { block, exposed, patchAt, windowEnd, prePatched, count });
  };
  const windows = new Map<
    string,
    { block: number; exposed: boolean; end: number; share: number; count: number }
  >();
  for (const host of hosts) {
    const prefix16 = Math.floor(host.address / 65_536);
    let block = block16Index.get(prefix16);
    if (block === undefined) {
      block = block16Index.size;
      block16Index.set(prefix16, block);
      const prefix8 = Math.floor(prefix16 / 256);
      let index8 = block8Index.get(prefix8);
      if (index8 === undefined) {
        index8 = block8Index.size;
        block8Index.set(prefix8, index8);
      }
      block8Of16.push(index8);
    }
    const patch = plan(host);
    if (patch.kind === 'at') {
      // Round deadlines to the step grid so cohorts stay few.
      add(block, host.internetFacing, Math.round(patch.seconds / step) * step, 0, 0, 1);
    } else {
      const key = `${block}|${host.internetFacing}|${patch.endSeconds}`;
      const entry = windows.get(key) ?? {
        block,
        exposed: host.internetFacing,
        end: patch.endSeconds,
        share: patch.prePatchedShare,
        count: 0,
      };
      entry.count += 1;
      windows.set(key, entry);
    }
  }
  for (const entry of windows.values()) {
    // Hosts whose uniform patch time fell before the worm are already patched at t = 0: each run
    // draws them as Binomial(count, lead/SLA) (chain-binomial.ts, patchedBeforeStart).
    add(entry.block, entry.exposed, Number.POSITIVE_INFINITY, entry.end, entry.share, entry.count);
  }
  const list = [...drafts.values()];
  const strategy = stringOf(worm, 'strategy') as ScanStrategy;
  const local = strategy === 'local-preference';
  return {
    addressSpace: 2 ** 32,
    scanRate: numberOf(worm, 'scanRate'),
    bandwidthCap: 0,
    strategy: local ? 'local-preference' : 'uniform',
    localShare8: local ? numberOf(worm, 'localShare8') : 0,
    localShare16: local ? numberOf(worm, 'localShare16') : 0,
    stepSeconds: step,
    steps,
    blocks16: Math.max(1, block16Index.size),
    block8Of16: Int32Array.from(block8Of16.length > 0 ? block8Of16 : [0]),
    blocks8: Math.max(1, block8Index.size),
    groups: {
      susceptible: Float64Array.from(list, (draft) => draft.count),
      infected: new Float64Array(list.length),
      block16: Int32Array.from(list, (draft) => draft.block),
      exposed: Uint8Array.from(list, (draft) => (draft.exposed ? 1 : 0)),
      patchAt: Float64Array.from(list, (draft) => draft.patchAt),
      patchWindowEnd: Float64Array.from(list, (draft) => draft.windowEnd),
      patchedBeforeStart: Float64Array.from(list, (draft) => draft.prePatched),
    },
    randomInitialInfected: 0,
    removals: [],
    external,
  };
}
