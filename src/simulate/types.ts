/**
 * The simulation JSON contract (docs/simulator.md). The CLI prints it
 * and the server will return it unchanged; keep it stable and additive.
 */

export type ParameterValue = number | string;

export interface SeriesPoint {
  /** Seconds since the start of the outbreak (t = 0 is the first infection or the release). */
  t: number;
  susceptible: number;
  infected: number;
  removed: number;
  /** Hosts infected at least once by t (infected + removed-after-infection). */
  everInfected: number;
}

export interface SimulationSummary {
  /** Hosts infected at least once by the end of the horizon. */
  finalInfected: number;
  /** Vulnerable population N the run started with. */
  population: number;
  peakNewInfectionsPerMinute: number;
  /** Seconds at which `everInfected` reached 10/50/90% of `finalInfected` (the saturation); null if never. */
  t10: number | null;
  t50: number | null;
  t90: number | null;
  /** Early-phase doubling time in seconds (log-linear fit between 20 hosts and 5% of N); null if undefined. */
  doublingTimeSeconds: number | null;
  /** Logistic fit a(t) = 1/(1+e^{−K(t−T)}) to everInfected/N: K per hour, T in seconds. */
  logisticFit: { kPerHour: number; tMidSeconds: number; rSquared: number } | null;
}

/** Percentile bands over Monte Carlo runs of `infected`, aligned with `series`. */
export interface PercentileBands {
  p05: number[];
  p50: number[];
  p95: number[];
}

export interface MeasuredPoint {
  t: number;
  infected: number;
  label: string;
  /** Short source reference, e.g. 'CAIDA, Moore et al. IMW 2002'. */
  source: string;
  /** 'at-least' when the source gives a lower bound ("over 250,000"). */
  kind: 'value' | 'at-least';
}

export interface FleetRegimeResult {
  id: string;
  label: string;
  /** Patch deadline in hours after the worm's release (null = each host's own patch lag). */
  slaHours: number | null;
  /** Mean hosts infected before they were patched, over the Monte Carlo runs. */
  expectedInfected: number;
  p05: number;
  p95: number;
  /** Share of the fleet's vulnerable hosts infected before patching (mean). */
  infectedShare: number;
  /** Mean `everInfected` per series point, for plotting the regimes against each other. */
  everInfected: number[];
}

export interface FleetSummary {
  hosts: number;
  vulnerable: number;
  internetFacing: number;
  subnets16: number;
  cve: string | null;
  worm: string;
  regimes: FleetRegimeResult[];
}

export interface SimulationResult {
  scenario: string;
  title: string;
  /** Resolved parameters (defaults merged with the caller's), echoing every value used. */
  parameters: Record<string, ParameterValue>;
  model: 'rcs' | 'sir' | 'two-factor' | 'stochastic';
  /** Monte Carlo runs (stochastic) or 1 (deterministic). */
  runs: number;
  seed: number | null;
  series: SeriesPoint[];
  summary: SimulationSummary;
  bands?: PercentileBands;
  fleet?: FleetSummary;
  measured: MeasuredPoint[];
  sources: string[];
}
