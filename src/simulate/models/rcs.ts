/**
 * Random constant spread (RCS): S. Staniford, V. Paxson, N. Weaver, "How to 0wn the Internet in Your
 * Spare Time", USENIX Security 2002, §3:  da/dt = K·a·(1 − a),  a = I/N,  with solution
 * a(t) = e^{K(t−T)} / (1 + e^{K(t−T)}).  K links to the scan rate η by K = η·N/Ω (Ω = address space;
 * the ns-2 worm model's beta = scan_rate·N/2^32). Written in hosts: dI/dt = (η/Ω)·S·I, S = N − I.
 * Code Red v2 fit: K ≈ 1.8/h (Staniford, incidents list, 1 Aug 2001; worm-models.md §3.1).
 */
import type { DeterministicModel } from '../model.js';

export interface RcsParameters {
  population: number;
  initialInfected: number;
  /** Probes per second per infected host (η). */
  scanRate: number;
  addressSpace: number;
}

export function createRcsModel(params: RcsParameters): DeterministicModel {
  const beta = params.scanRate / params.addressSpace;
  const n = params.population;
  return {
    id: 'rcs',
    citation:
      'Staniford, Paxson & Weaver, "How to 0wn the Internet in Your Spare Time", USENIX Security 2002 (RCS)',
    population: n,
    initialState: () => [n - params.initialInfected, params.initialInfected],
    derivative(_t, y, dy) {
      const rate = beta * (y[0] ?? 0) * (y[1] ?? 0);
      dy[0] = -rate;
      dy[1] = rate;
    },
    compartments: (y) => ({
      susceptible: y[0] ?? 0,
      infected: y[1] ?? 0,
      removed: 0,
      everInfected: y[1] ?? 0,
    }),
    incidence: (_t, y) => beta * (y[0] ?? 0) * (y[1] ?? 0),
  };
}
