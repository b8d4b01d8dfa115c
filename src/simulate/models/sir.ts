/**
 * Kermack–McKendrick SIR: W. O. Kermack & A. G. McKendrick, "A contribution to the mathematical
 * theory of epidemics", Proc. R. Soc. A 115 (1927):
 *   dS/dt = −β·S·I,   dI/dt = β·S·I − γ·I,   dR/dt = γ·I,
 * threshold R0 = β·S0/γ > 1, final size s∞ = exp(−R0·(1 − s∞)). For a scanning worm β = η/Ω (as in
 * RCS) and γ is the rate at which infected hosts are cleaned or disconnected; γ = 0 gives RCS.
 * Patching of susceptible hosts (the what-if of worm-models.md V10) adds −p·S to dS/dt from time t_p:
 *   dS/dt = −β·S·I − p·𝟙(t ≥ t_p)·S,   dR/dt = γ·I + p·𝟙(t ≥ t_p)·S.
 */
import type { DeterministicModel } from '../model.js';

export interface SirParameters {
  population: number;
  initialInfected: number;
  scanRate: number;
  addressSpace: number;
  /** γ, per second. */
  removalRate: number;
  /** p, per second: susceptible hosts patched (0 = none). */
  patchRate?: number;
  /** t_p, seconds: when patching starts. */
  patchStartSeconds?: number;
}

export function createSirModel(params: SirParameters): DeterministicModel {
  const beta = params.scanRate / params.addressSpace;
  const gamma = params.removalRate;
  const n = params.population;
  const patchRate = params.patchRate ?? 0;
  const patchStart = params.patchStartSeconds ?? 0;
  return {
    id: 'sir',
    citation: 'Kermack & McKendrick, Proc. R. Soc. A 115 (1927) (SIR)',
    population: n,
    // State: S, I, R (cleaned + patched), and the cumulative infections J.
    initialState: () => [n - params.initialInfected, params.initialInfected, 0, params.initialInfected],
    derivative(t, y, dy) {
      const infection = beta * (y[0] ?? 0) * (y[1] ?? 0);
      const removal = gamma * (y[1] ?? 0);
      const patched = t >= patchStart ? patchRate * (y[0] ?? 0) : 0;
      dy[0] = -infection - patched;
      dy[1] = infection - removal;
      dy[2] = removal + patched;
      dy[3] = infection;
    },
    compartments: (y) => ({
      susceptible: y[0] ?? 0,
      infected: y[1] ?? 0,
      removed: y[2] ?? 0,
      everInfected: y[3] ?? 0,
    }),
    incidence: (_t, y) => beta * (y[0] ?? 0) * (y[1] ?? 0),
  };
}
