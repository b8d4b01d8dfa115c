/**
 * Kermack–McKendrick SIR: W. O. Kermack & A. G. McKendrick, "A contribution to the mathematical
 * theory of epidemics", Proc. R. Soc. A 115 (1927):
 *   dS/dt = −β·S·I,   dI/dt = β·S·I − γ·I,   dR/dt = γ·I,
 * threshold R0 = β·S0/γ > 1, final size s∞ = exp(−R0·(1 − s∞)). For a scanning worm β = η/Ω (as in
 * RCS) and γ is the rate at which infected hosts are cleaned or disconnected; γ = 0 gives RCS.
 */
import type { DeterministicModel } from '../model.js';

export interface SirParameters {
  population: number;
  initialInfected: number;
  scanRate: number;
  addressSpace: number;
  /** γ, per second. */
  removalRate: number;
}

export function createSirModel(params: SirParameters): DeterministicModel {
  const beta = params.scanRate / params.addressSpace;
  const gamma = params.removalRate;
  const n = params.population;
  return {
    id: 'sir',
    citation: 'Kermack & McKendrick, Proc. R. Soc. A 115 (1927) (SIR)',
    population: n,
    initialState: () => [n - params.initialInfected, params.initialInfected, 0],
    derivative(_t, y, dy) {
      const infection = beta * (y[0] ?? 0) * (y[1] ?? 0);
      const removal = gamma * (y[1] ?? 0);
      dy[0] = -infection;
      dy[1] = infection - removal;
      dy[2] = removal;
    },
    compartments: (y) => ({
      susceptible: y[0] ?? 0,
      infected: y[1] ?? 0,
      removed: y[2] ?? 0,
      everInfected: (y[1] ?? 0) + (y[2] ?? 0),
    }),
    incidence: (_t, y) => beta * (y[0] ?? 0) * (y[1] ?? 0),
  };
}
