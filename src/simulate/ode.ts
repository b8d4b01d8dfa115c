/**
 * Adaptive, error-controlled Runge–Kutta integrator: the Dormand–Prince 5(4) pair with FSAL
 * (J. R. Dormand & P. J. Prince, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math.
 * 6 (1980); step control as in Hairer, Nørsett & Wanner, Solving ODEs I, §II.4).
 *
 * Why written here: the one maintained-looking npm solver, `odex` (a port of Hairer's GBS
 * extrapolation code), had its last stable release (2.0.4) alongside a 3.0 line still at
 * release-candidate (checked with `npm view odex time`, Dec 2024), is single-maintainer, and brings
 * an API we would wrap anyway. Our systems are tiny (2–4 equations) and non-stiff, and DP45 is ~80
 * lines that ode.test.ts checks against closed forms (logistic, exponential decay) to 1e-7.
 */
import { WardError } from '../core/errors.js';

/** dy = f(t, y); writes into `dy` to avoid allocating per stage. */
export type Derivative = (t: number, y: Float64Array, dy: Float64Array) => void;

export interface OdeOptions {
  /** Relative tolerance per component (default 1e-8). */
  relativeTolerance?: number;
  /** Absolute tolerance per component (default 1e-6 — state is in hosts). */
  absoluteTolerance?: number;
  /** Safety limit on accepted + rejected steps (default 1,000,000). */
  maxSteps?: number;
}

export interface OdeSolution {
  /** One state vector per requested output time. */
  states: Float64Array[];
  acceptedSteps: number;
  rejectedSteps: number;
}

// Butcher tableau of DOPRI5.
const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const A71 = 35 / 384;
const A73 = 500 / 1113;
const A74 = 125 / 192;
const A75 = -2187 / 6784;
const A76 = 11 / 84;
// Error weights: 5th-order minus embedded 4th-order solution.
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;

/**
 * Integrates y' = f(t, y) from `times[0]` (state `y0`) and returns the state at every entry of `times`
 * (ascending). Steps are clipped to land on each output time exactly, so no interpolation error.
 */
export function integrateOde(
  derivative: Derivative,
  y0: readonly number[],
  times: readonly number[],
  options: OdeOptions = {},
): OdeSolution {
  const rtol = options.relativeTolerance ?? 1e-8;
  const atol = options.absoluteTolerance ?? 1e-6;
  const maxSteps = options.maxSteps ?? 1_000_000;
  const dim = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(dim);
  const k2 = new Float64Array(dim);
  const k3 = new Float64Array(dim);
  const k4 = new Float64Array(dim);
  const k5 = new Float64Array(dim);
  const k6 = new Float64Array(dim);
  const k7 = new Float64Array(dim);
  const stage = new Float64Array(dim);
  const yNew = new Float64Array(dim);
  const states: Float64Array[] = [];
  const first = times[0];
  if (first === undefined) return { states, acceptedSteps: 0, rejectedSteps: 0 };
  states.push(Float64Array.from(y));
  let t = first;
  derivative(t, y, k1);
  let h = initialStep(y, k1, rtol, atol, (times[times.length - 1] ?? first) - first);
  let accepted = 0;
  let rejected = 0;

  for (let index = 1; index < times.length; index += 1) {
    const target = times[index] ?? t;
    while (t < target) {
      if (accepted + rejected >= maxSteps) {
        throw new WardError(
          'input.invalid',
          `ODE solver gave up after ${maxSteps} steps at t = ${t}: the parameters make the system stiff or unbounded`,
        );
      }
      const clipped = t + h >= target;
      const step = clipped ? target - t : h;
      for (let i = 0; i < dim; i += 1) stage[i] = (y[i] ?? 0) + step * A21 * (k1[i] ?? 0);
      derivative(t + C2 * step, stage, k2);
      for (let i = 0; i < dim; i += 1)
        stage[i] = (y[i] ?? 0) + step * (A31 * (k1[i] ?? 0) + A32 * (k2[i] ?? 0));
      derivative(t + C3 * step, stage, k3);
      for (let i = 0; i < dim; i += 1) {
        stage[i] = (y[i] ?? 0) + step * (A41 * (k1[i] ?? 0) + A42 * (k2[i] ?? 0) + A43 * (k3[i] ?? 0));
      }
      derivative(t + C4 * step, stage, k4);
      for (let i = 0; i < dim; i += 1) {
        stage[i] =
          (y[i] ?? 0) +
          step * (A51 * (k1[i] ?? 0) + A52 * (k2[i] ?? 0) + A53 * (k3[i] ?? 0) + A54 * (k4[i] ?? 0));
      }
      derivative(t + C5 * step, stage, k5);
      for (let i = 0; i < dim; i += 1) {
        stage[i] =
          (y[i] ?? 0) +
          step *
            (A61 * (k1[i] ?? 0) +
              A62 * (k2[i] ?? 0) +
              A63 * (k3[i] ?? 0) +
              A64 * (k4[i] ?? 0) +
              A65 * (k5[i] ?? 0));
      }
      derivative(t + step, stage, k6);
      for (let i = 0; i < dim; i += 1) {
        yNew[i] =
          (y[i] ?? 0) +
          step *
            (A71 * (k1[i] ?? 0) +
              A73 * (k3[i] ?? 0) +
              A74 * (k4[i] ?? 0) +
              A75 * (k5[i] ?? 0) +
              A76 * (k6[i] ?? 0));
      }
      derivative(t + step, yNew, k7);
      let errorSum = 0;
      for (let i = 0; i < dim; i += 1) {
        const estimate =
          step *
          (E1 * (k1[i] ?? 0) +
            E3 * (k3[i] ?? 0) +
            E4 * (k4[i] ?? 0) +
            E5 * (k5[i] ?? 0) +
            E6 * (k6[i] ?? 0) +
            E7 * (k7[i] ?? 0));
        const scale = atol + rtol * Math.max(Math.abs(y[i] ?? 0), Math.abs(yNew[i] ?? 0));
        errorSum += (estimate / scale) ** 2;
      }
      const error = Math.sqrt(errorSum / dim);
      const factor = error === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * error ** -0.2));
      if (error <= 1 && Number.isFinite(error)) {
        accepted += 1;
        t = clipped ? target : t + step;
        y.set(yNew);
        k1.set(k7); // FSAL: the last stage is the next step's first
        // A clipped step says nothing about the natural step size; keep h unless it failed.
        if (!clipped || step >= h) h = step * factor;
      } else {
        rejected += 1;
        h = step * Math.max(0.2, Number.isFinite(factor) ? Math.min(factor, 1) : 0.2);
      }
    }
    states.push(Float64Array.from(y));
  }
  return { states, acceptedSteps: accepted, rejectedSteps: rejected };
}

/** Starting step from Hairer's heuristic: h ≈ 0.01·‖y‖/‖y'‖, capped at the whole span. */
function initialStep(y: Float64Array, dy: Float64Array, rtol: number, atol: number, span: number): number {
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < y.length; i += 1) {
    const scale = atol + rtol * Math.abs(y[i] ?? 0);
    d0 += ((y[i] ?? 0) / scale) ** 2;
    d1 += ((dy[i] ?? 0) / scale) ** 2;
  }
  d0 = Math.sqrt(d0 / y.length);
  d1 = Math.sqrt(d1 / y.length);
  const h = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  return Math.max(1e-9, Math.min(h, span > 0 ? span : 1));
}
