import { describe, expect, it } from 'vitest';
import { integrateOde } from './ode.js';

describe('simulate/ode', () => {
  it('matches the closed-form logistic a(t) = 1 / (1 + ((1 − a0)/a0)·e^{−Kt}) to 1e-7', () => {
    const k = 1.8;
    const a0 = 1 / 359_104;
    const times = Array.from({ length: 141 }, (_, i) => i * 0.1);

    const solution = integrateOde(
      (_t, y, dy) => {
        dy[0] = k * (y[0] ?? 0) * (1 - (y[0] ?? 0));
      },
      [a0],
      times,
      { absoluteTolerance: 1e-12, relativeTolerance: 1e-10 },
    );

    let worst = 0;
    times.forEach((t, i) => {
      const exact = 1 / (1 + ((1 - a0) / a0) * Math.exp(-k * t));
      worst = Math.max(worst, Math.abs((solution.states[i]?.[0] ?? Number.NaN) - exact));
    });
    expect(worst).toBeLessThan(1e-7);
    expect(solution.acceptedSteps).toBeLessThan(2000);
  });

  it('matches exponential decay on a long span and adapts the step (few steps)', () => {
    const solution = integrateOde(
      (_t, y, dy) => {
        dy[0] = -0.5 * (y[0] ?? 0);
      },
      [1000],
      [0, 40],
    );

    expect(solution.states[1]?.[0]).toBeCloseTo(1000 * Math.exp(-20), 6);
    expect(solution.acceptedSteps).toBeLessThan(300);
  });

  it('returns the initial state alone for a single output time', () => {
    const solution = integrateOde(() => undefined, [3, 4], [5]);

    expect(solution.states.map((state) => Array.from(state))).toEqual([[3, 4]]);
  });
});
