/**
 * Where vulnerable hosts sit in the address space, for local-preference scanning (Code Red II).
 * No published per-/16 distribution of the 2001 IIS population exists (worm-models.md §3.6), so the
 * built-in scenarios use a synthetic one: hosts spread over `blocks16` /16 blocks with Zipf weights
 * 1/rank^skew, the heaviest /16s packed into the first /8s (cable and DSL /8s were dense). The
 * result depends strongly on this clustering: treat Code Red II figures as illustrative.
 */
import type { HostGroups } from './chain-binomial.js';
import { type Random, sampleBinomial } from './prng.js';

export interface Placement {
  groups: HostGroups;
  blocks16: number;
  blocks8: number;
  block8Of16: Int32Array;
}

export function placeSynthetic(
  hosts: number,
  blocks16: number,
  blocks8: number,
  skew: number,
  random: Random,
): Placement {
  const weights = Array.from({ length: blocks16 }, (_, rank) => 1 / (rank + 1) ** skew);
  let rest = weights.reduce((sum, weight) => sum + weight, 0);
  let remaining = hosts;
  const susceptible = new Float64Array(blocks16);
  weights.forEach((weight, block) => {
    const drawn = remaining > 0 ? sampleBinomial(random, remaining, Math.min(1, weight / rest)) : 0;
    susceptible[block] = drawn;
    remaining -= drawn;
    rest -= weight;
  });
  const block8Of16 = Int32Array.from({ length: blocks16 }, (_, block) =>
    Math.floor((block * blocks8) / blocks16),
  );
  return { groups: uniformGroups(susceptible), blocks16, blocks8, block8Of16 };
}

/** One group per /16 block, all hosts susceptible, unexposed to outside pressure, never patched. */
export function uniformGroups(susceptible: Float64Array): HostGroups {
  const count = susceptible.length;
  return {
    susceptible,
    infected: new Float64Array(count),
    block16: Int32Array.from({ length: count }, (_, i) => i),
    exposed: new Uint8Array(count),
    patchAt: new Float64Array(count).fill(Number.POSITIVE_INFINITY),
    patchWindowEnd: new Float64Array(count),
    patchedBeforeStart: new Float64Array(count),
  };
}
