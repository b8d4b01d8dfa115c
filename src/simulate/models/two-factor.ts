/**
 * Two-factor worm model: C. C. Zou, W. Gong, D. Towsley, "Code Red worm propagation modeling and
 * analysis", ACM CCS 2002. Extends Kermack–McKendrick with (1) human countermeasures that remove both
 * susceptible hosts (patching, Q) and infected hosts (cleaning, R), and (2) an infection rate that
 * falls as worm traffic congests the network:
 *   β(t)  = β0·(1 − I/N)^η
 *   dR/dt = γ·I
 *   dQ/dt = μ·S·J,            J = I + R (hosts ever infected: awareness grows with the outbreak)
 *   dS/dt = −β(t)·S·I − dQ/dt
 *   dI/dt = β(t)·S·I − dR/dt
 * Equations and the paper's parameter set (N = 10^6, I0 = 1, η = 3, γ = 0.05, μ = 0.06/N, β0 = 0.8/N,
 * arbitrary time unit) are recalled in worm-models.md §3.3 [M]; the regression run there (I peaks at
 * 3.95·10^5 at t ≈ 27.6; J(80) ≈ 7.63·10^5) is checked in validation.test.ts.
 * Series mapping: removed = R + Q (cleaned and patched hosts), everInfected = I + R.
 */
import type { DeterministicModel } from '../model.js';

export interface TwoFactorParameters {
  population: number;
  initialInfected: number;
  /** β0 per host pair per second (η_scan/Ω for a scanning worm). */
  beta0: number;
  /** Congestion exponent η of (1 − I/N)^η. */
  congestionExponent: number;
  /** γ per second. */
  cleanupRate: number;
  /** μ per host per second. */
  patchRate: number;
}

export function createTwoFactorModel(params: TwoFactorParameters): DeterministicModel {
  const n = params.population;
  const { beta0, congestionExponent, cleanupRate, patchRate } = params;
  const betaAt = (infected: number): number => beta0 * Math.max(0, 1 - infected / n) ** congestionExponent;
  return {
    id: 'two-factor',
    citation:
      'Zou, Gong & Towsley, "Code Red worm propagation modeling and analysis", ACM CCS 2002 (two-factor)',
    population: n,
    // State: S, I, R, Q.
    initialState: () => [n - params.initialInfected, params.initialInfected, 0, 0],
    derivative(_t, y, dy) {
      const s = y[0] ?? 0;
      const i = y[1] ?? 0;
      const r = y[2] ?? 0;
      const infection = betaAt(i) * s * i;
      const cleaned = cleanupRate * i;
      const patched = patchRate * s * (i + r);
      dy[0] = -infection - patched;
      dy[1] = infection - cleaned;
      dy[2] = cleaned;
      dy[3] = patched;
    },
    compartments: (y) => ({
      susceptible: y[0] ?? 0,
      infected: y[1] ?? 0,
      removed: (y[2] ?? 0) + (y[3] ?? 0),
      everInfected: (y[1] ?? 0) + (y[2] ?? 0),
    }),
    incidence: (_t, y) => betaAt(y[1] ?? 0) * (y[0] ?? 0) * (y[1] ?? 0),
  };
}
