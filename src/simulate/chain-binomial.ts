/**
 * Stochastic outbreak engine: a discrete-time chain-binomial simulation (the stochastic form of
 * Chen, Gao & Kwiat's AAWP model, INFOCOM 2003; worm-models.md §3.4–3.6).
 *
 * Vulnerable hosts sit in groups (one per /16 block, exposure class and patch cohort). In a step of
 * dt seconds each infected host sends η·dt probes to addresses drawn by its scanning strategy, so
 * the number of probes that reach one given susceptible address is Poisson with mean λ, and the
 * host escapes with probability e^{−λ}. The new infections of a group are therefore
 * Binomial(S_g, 1 − e^{−λ_g}) — one draw per group per step, not one random number per probe, which
 * is what makes a full-scale Code Red run (≈ 4·10^10 probes) cost milliseconds.
 *
 *   uniform (Code Red v2):  λ = η·dt·I/Ω
 *   local preference (Code Red II; share p8 to the same /8, p16 to the same /16, rest uniform):
 *     λ_b = η·dt·[ (1 − p8 − p16)·I/Ω + p8·I_{/8(b)}/(Ω/2^8) + p16·I_b/(Ω/2^16) ]
 *   permutation (Staniford et al. 2002 §4): infected hosts walk one shared pseudo-random permutation
 *     and jump when they meet an infected host, so they rarely probe an address twice. Idealised
 *     here as no re-probing: with U addresses not yet probed, a step probes F = min(U, η·dt·I) fresh
 *     ones and each remaining susceptible (all of which are in the unprobed part) is hit with
 *     probability F/U. Early on this equals uniform scanning; near saturation it is faster.
 *   external pressure (fleet): exposed groups also receive η_ext·dt·share·I_ext(t)/Ω from the
 *     internet-wide outbreak, given as a curve.
 * A bandwidth cap limits aggregate probes per second (Slammer was bandwidth-limited: Moore et al.,
 * "Inside the Slammer Worm", IEEE S&P 2003): η_eff = min(η, cap/I).
 * Removal (patching, cleaning, filtering) moves hosts to R at the start of a step: per-group patch
 * deadlines, per-group uniform patch windows, and constant-rate rules that start at a given time.
 *
 * Discretisation: hosts infected during a step start scanning at the next one, so growth per step is
 * 1 + (1 − e^{−K·dt}) instead of e^{K·dt}; the early growth rate is low by ≈ K·dt/2 (3% for Code Red
 * at dt = 60 s, 2% for Slammer at dt = 0.25 s). docs/simulator.md gives the rule for choosing dt.
 */
import { type Random, sampleBinomial } from './prng.js';

export type ScanStrategy = 'uniform' | 'local-preference' | 'permutation';

export interface RemovalRule {
  target: 'susceptible' | 'infected' | 'both';
  startSeconds: number;
  ratePerHour: number;
}

/** Host groups as parallel typed arrays (cheap to copy to worker threads). */
export interface HostGroups {
  susceptible: Float64Array;
  /** Infected at t = 0 (fixed placement); random placement uses `randomInitialInfected`. */
  infected: Float64Array;
  /** Index of the group's /16 block. */
  block16: Int32Array;
  /** 1 = reachable from the internet-wide outbreak (`external`). */
  exposed: Uint8Array;
  /** All hosts of the group are patched at this time (seconds); Infinity = never. */
  patchAt: Float64Array;
  /** > 0: hosts are patched at independent uniform times in [0, end] seconds; 0 = not used. */
  patchWindowEnd: Float64Array;
  /**
   * Probability that a host of the group was already patched before t = 0 (its uniform patch
   * window opened before the worm's release); drawn per run as Binomial(S_g, share). 0 = none.
   */
  patchedBeforeStart: Float64Array;
}

export interface ExternalPressure {
  /** Infected hosts of the outside outbreak at each step start (length ≥ steps). */
  infected: Float64Array;
  scanRate: number;
  /** Share of the outside worm's probes that go to uniformly random addresses. */
  randomShare: number;
}

export interface StochasticConfig {
  addressSpace: number;
  /** Probes per second per infected host (η). */
  scanRate: number;
  /** Aggregate probes per second over all infected hosts; 0 = unlimited. */
  bandwidthCap: number;
  strategy: ScanStrategy;
  localShare8: number;
  localShare16: number;
  stepSeconds: number;
  steps: number;
  blocks16: number;
  /** /8 index of each /16 block. */
  block8Of16: Int32Array;
  blocks8: number;
  groups: HostGroups;
  /** Infected at t = 0, placed at random in proportion to susceptible hosts (seed or hit-list). */
  randomInitialInfected: number;
  removals: RemovalRule[];
  external: ExternalPressure | null;
}

/** Totals after each step; index 0 is t = 0. `newInfections[i]` happened in the step ending at i. */
export interface RunTrace {
  susceptible: Float64Array;
  infected: Float64Array;
  removed: Float64Array;
  everInfected: Float64Array;
  newInfections: Float64Array;
}

export function simulateRun(config: StochasticConfig, random: Random): RunTrace {
  const { groups, stepSeconds: dt, steps, addressSpace: omega } = config;
  const count = groups.susceptible.length;
  const s = Float64Array.from(groups.susceptible);
  const inf = Float64Array.from(groups.infected);
  const rem = new Float64Array(count);
  for (let g = 0; g < count; g += 1) {
    const share = groups.patchedBeforeStart[g] ?? 0;
    if (share <= 0) continue;
    const moved = sampleBinomial(random, s[g] ?? 0, share);
    s[g] = (s[g] ?? 0) - moved;
    rem[g] = (rem[g] ?? 0) + moved;
  }
  placeInitialInfected(config.randomInitialInfected, s, inf, random);
  let ever = 0;
  for (let g = 0; g < count; g += 1) ever += inf[g] ?? 0;

  const trace: RunTrace = {
    susceptible: new Float64Array(steps + 1),
    infected: new Float64Array(steps + 1),
    removed: new Float64Array(steps + 1),
    everInfected: new Float64Array(steps + 1),
    newInfections: new Float64Array(steps + 1),
  };
  record(trace, 0, s, inf, rem, ever);

  const local = config.strategy === 'local-preference';
  const infected16 = local ? new Float64Array(config.blocks16) : null;
  const infected8 = local ? new Float64Array(config.blocks8) : null;
  const size8 = omega / 256;
  const size16 = omega / 65536;
  const shareRandom = 1 - config.localShare8 - config.localShare16;
  let unprobed = omega; // permutation scanning only
  const patched = new Uint8Array(count);
  // Once no host is susceptible and nothing will be removed any more, the state is final: the rest
  // of the trace is constant (this is most of a 24 h Code Red II run, which saturates in an hour).
  let pendingPatches = 0;
  for (let g = 0; g < count; g += 1) {
    if (
      Number.isFinite(groups.patchAt[g] ?? Number.POSITIVE_INFINITY) ||
      (groups.patchWindowEnd[g] ?? 0) > 0
    ) {
      pendingPatches += 1;
    }
  }

  for (let step = 0; step < steps; step += 1) {
    const t = step * dt;
    if (pendingPatches === 0 && config.removals.length === 0 && (trace.susceptible[step] ?? 0) === 0) {
      for (let rest = step + 1; rest <= steps; rest += 1) {
        trace.susceptible[rest] = 0;
        trace.infected[rest] = trace.infected[step] ?? 0;
        trace.removed[rest] = trace.removed[step] ?? 0;
        trace.everInfected[rest] = ever;
      }
      break;
    }
    applyRemovals(config, t, s, inf, rem, patched, random);

    let total = 0;
    if (infected16 && infected8) {
      infected16.fill(0);
      infected8.fill(0);
      for (let g = 0; g < count; g += 1) {
        const value = inf[g] ?? 0;
        if (value === 0) continue;
        const block = groups.block16[g] ?? 0;
        infected16[block] = (infected16[block] ?? 0) + value;
        const block8 = config.block8Of16[block] ?? 0;
        infected8[block8] = (infected8[block8] ?? 0) + value;
        total += value;
      }
    } else {
      for (let g = 0; g < count; g += 1) total += inf[g] ?? 0;
    }

    let eta = config.scanRate;
    if (config.bandwidthCap > 0 && total * eta > config.bandwidthCap) eta = config.bandwidthCap / total;
    const probes = eta * dt;
    let uniformHit = 0; // probability (permutation) or hazard (uniform/local) shared by all groups
    if (config.strategy === 'permutation') {
      const fresh = Math.min(unprobed, probes * total);
      uniformHit = unprobed > 0 ? fresh / unprobed : 0;
      unprobed -= fresh;
    } else {
      uniformHit = (probes * (local ? shareRandom : 1) * total) / omega;
    }
    const external = config.external;
    const externalHazard = external
      ? (external.scanRate * dt * external.randomShare * (external.infected[step] ?? 0)) / omega
      : 0;

    let newTotal = 0;
    for (let g = 0; g < count; g += 1) {
      const susceptible = s[g] ?? 0;
      if (susceptible === 0) continue;
      let probability: number;
      const outside = groups.exposed[g] === 1 ? externalHazard : 0;
      if (config.strategy === 'permutation') {
        probability = 1 - (1 - uniformHit) * Math.exp(-outside);
      } else {
        let hazard = uniformHit + outside;
        if (infected16 && infected8) {
          const block = groups.block16[g] ?? 0;
          hazard +=
            probes *
            ((config.localShare8 * (infected8[config.block8Of16[block] ?? 0] ?? 0)) / size8 +
              (config.localShare16 * (infected16[block] ?? 0)) / size16);
        }
        if (hazard === 0) continue;
        probability = -Math.expm1(-hazard);
      }
      const fresh = sampleBinomial(random, susceptible, probability);
      if (fresh === 0) continue;
      s[g] = susceptible - fresh;
      inf[g] = (inf[g] ?? 0) + fresh;
      newTotal += fresh;
    }
    ever += newTotal;
    record(trace, step + 1, s, inf, rem, ever);
    trace.newInfections[step + 1] = newTotal;
  }
  return trace;
}

function applyRemovals(
  config: StochasticConfig,
  t: number,
  s: Float64Array,
  inf: Float64Array,
  rem: Float64Array,
  patched: Uint8Array,
  random: Random,
): void {
  const { groups, stepSeconds: dt } = config;
  const count = s.length;
  for (let g = 0; g < count; g += 1) {
    if (patched[g] === 1) continue;
    if ((groups.patchAt[g] ?? Number.POSITIVE_INFINITY) <= t) {
      rem[g] = (rem[g] ?? 0) + (s[g] ?? 0) + (inf[g] ?? 0);
      s[g] = 0;
      inf[g] = 0;
      patched[g] = 1;
      continue;
    }
    const end = groups.patchWindowEnd[g] ?? 0;
    if (end > 0) {
      // Given a host is unpatched at t, its uniform patch time is uniform on (t, end].
      const probability = t + dt >= end ? 1 : dt / (end - t);
      removeShare(g, probability, 'both', s, inf, rem, random);
      if (t + dt >= end) patched[g] = 1;
    }
  }
  for (const rule of config.removals) {
    if (t < rule.startSeconds || rule.ratePerHour <= 0) continue;
    const probability = -Math.expm1((-rule.ratePerHour * dt) / 3600);
    for (let g = 0; g < count; g += 1) removeShare(g, probability, rule.target, s, inf, rem, random);
  }
}

function removeShare(
  g: number,
  probability: number,
  target: RemovalRule['target'],
  s: Float64Array,
  inf: Float64Array,
  rem: Float64Array,
  random: Random,
): void {
  if (target !== 'infected' && (s[g] ?? 0) > 0) {
    const moved = sampleBinomial(random, s[g] ?? 0, probability);
    s[g] = (s[g] ?? 0) - moved;
    rem[g] = (rem[g] ?? 0) + moved;
  }
  if (target !== 'susceptible' && (inf[g] ?? 0) > 0) {
    const moved = sampleBinomial(random, inf[g] ?? 0, probability);
    inf[g] = (inf[g] ?? 0) - moved;
    rem[g] = (rem[g] ?? 0) + moved;
  }
}

/**
 * Places `count` initial infections in groups in proportion to S_g: conditional binomials (the
 * multinomial split), capped at S_g, repeated until all are placed or no susceptible host is left.
 */
function placeInitialInfected(count: number, s: Float64Array, inf: Float64Array, random: Random): void {
  let remaining = count;
  while (remaining > 0) {
    let rest = 0;
    for (let g = 0; g < s.length; g += 1) rest += s[g] ?? 0;
    if (rest <= 0) return;
    const before = remaining;
    for (let g = 0; g < s.length && remaining > 0; g += 1) {
      const available = s[g] ?? 0;
      if (available === 0) continue;
      const drawn = Math.min(available, sampleBinomial(random, remaining, Math.min(1, available / rest)));
      rest -= available;
      s[g] = available - drawn;
      inf[g] = (inf[g] ?? 0) + drawn;
      remaining -= drawn;
    }
    if (remaining === before) return;
  }
}

function record(
  trace: RunTrace,
  index: number,
  s: Float64Array,
  inf: Float64Array,
  rem: Float64Array,
  ever: number,
): void {
  let ts = 0;
  let ti = 0;
  let tr = 0;
  for (let g = 0; g < s.length; g += 1) {
    ts += s[g] ?? 0;
    ti += inf[g] ?? 0;
    tr += rem[g] ?? 0;
  }
  trace.susceptible[index] = ts;
  trace.infected[index] = ti;
  trace.removed[index] = tr;
  trace.everInfected[index] = ever;
}
