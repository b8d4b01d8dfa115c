/**
 * Deterministic outbreak models: each is a small module (models/<id>.ts) behind this interface and is
 * solved by the same adaptive integrator (ode.ts). State is in hosts; time is in seconds.
 */
import { integrateOde } from './ode.js';
import type { SeriesPoint } from './types.js';

export type DeterministicModelId = 'rcs' | 'sir' | 'two-factor';

export interface Compartments {
  susceptible: number;
  infected: number;
  removed: number;
  everInfected: number;
}

export interface DeterministicModel {
  readonly id: DeterministicModelId;
  /** The paper and equations, for the output's `sources`. */
  readonly citation: string;
  readonly population: number;
  initialState(): number[];
  derivative(t: number, y: Float64Array, dy: Float64Array): void;
  compartments(y: Float64Array): Compartments;
  /** New infections per second at (t, y): the incidence term of the equations. */
  incidence(t: number, y: Float64Array): number;
}

export interface DeterministicSolution {
  series: SeriesPoint[];
  /** New infections per second at each series point. */
  incidence: number[];
}

/** Solves `model` on the grid 0, step, 2·step, … up to `horizonSeconds`. */
export function solveDeterministic(
  model: DeterministicModel,
  horizonSeconds: number,
  stepSeconds: number,
): DeterministicSolution {
  const times = outputTimes(horizonSeconds, stepSeconds);
  const solution = integrateOde((t, y, dy) => model.derivative(t, y, dy), model.initialState(), times, {
    absoluteTolerance: 1e-6,
    relativeTolerance: 1e-9,
  });
  const series: SeriesPoint[] = [];
  const incidence: number[] = [];
  solution.states.forEach((state, index) => {
    const t = times[index] ?? 0;
    series.push({ t, ...model.compartments(state) });
    incidence.push(model.incidence(t, state));
  });
  return { series, incidence };
}

export function outputTimes(horizonSeconds: number, stepSeconds: number): number[] {
  const count = Math.max(1, Math.round(horizonSeconds / stepSeconds));
  return Array.from({ length: count + 1 }, (_, i) => Math.min(horizonSeconds, i * stepSeconds));
}
