import { describe, expect, it } from 'vitest';
import { createRandom, sampleBinomial } from './prng.js';

/** log of the exact Binomial(n, p) pmf at k (log-gamma via a running sum of logs, exact enough here). */
function logBinomialPmf(n: number, k: number, p: number, logFactorial: Float64Array): number {
  return (
    (logFactorial[n] ?? 0) -
    (logFactorial[k] ?? 0) -
    (logFactorial[n - k] ?? 0) +
    k * Math.log(p) +
    (n - k) * Math.log1p(-p)
  );
}

describe('simulate/prng', () => {
  it('same seed and stream give the same sequence; other seeds or streams differ', () => {
    const a = createRandom(42, 3);
    const b = createRandom(42, 3);
    const c = createRandom(43, 3);
    const d = createRandom(42, 4);

    const seqA = Array.from({ length: 8 }, () => a.uniform());
    const seqB = Array.from({ length: 8 }, () => b.uniform());

    expect(seqA).toEqual(seqB);
    expect(Array.from({ length: 8 }, () => c.uniform())).not.toEqual(seqA);
    expect(Array.from({ length: 8 }, () => d.uniform())).not.toEqual(seqA);
    for (const value of seqA) expect(value > 0 && value < 1).toBe(true);
  });

  it('uniform() has mean 1/2 and variance 1/12', () => {
    const random = createRandom(7);
    let sum = 0;
    let sumSq = 0;
    const count = 200_000;
    for (let i = 0; i < count; i += 1) {
      const u = random.uniform();
      sum += u;
      sumSq += u * u;
    }

    const mean = sum / count;

    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSq / count - mean * mean).toBeCloseTo(1 / 12, 3);
  });

  // Covers both branches: inversion (n·p < 10) and BTRD, including the squeeze (|k − m| > 15).
  it.each([
    [40, 0.1],
    [1000, 0.3],
    [360_000, 0.0005],
    [500, 0.8],
    [20_000, 0.5],
  ])('Binomial(%d, %f) matches the exact pmf (chi-square) and its moments', (n, p) => {
    const random = createRandom(2026, n);
    const draws = 60_000;
    const counts = new Map<number, number>();
    let sum = 0;
    let sumSq = 0;
    let invalid = 0;
    for (let i = 0; i < draws; i += 1) {
      const k = sampleBinomial(random, n, p);
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) invalid += 1;
      counts.set(k, (counts.get(k) ?? 0) + 1);
      sum += k;
      sumSq += k * k;
    }

    const logFactorial = new Float64Array(n + 1);
    for (let i = 1; i <= n; i += 1) logFactorial[i] = (logFactorial[i - 1] ?? 0) + Math.log(i);
    const mean = sum / draws;
    const variance = sumSq / draws - mean * mean;
    // Pool the pmf into cells with expected count >= 20 and compute chi-square.
    let chiSquare = 0;
    let cells = 0;
    let expectedCell = 0;
    let observedCell = 0;
    for (let k = 0; k <= n; k += 1) {
      const expected = draws * Math.exp(logBinomialPmf(n, k, p, logFactorial));
      if (expected < 1e-9 && k > n * p) break;
      expectedCell += expected;
      observedCell += counts.get(k) ?? 0;
      if (expectedCell >= 20) {
        chiSquare += (observedCell - expectedCell) ** 2 / expectedCell;
        cells += 1;
        expectedCell = 0;
        observedCell = 0;
      }
    }

    expect(invalid).toBe(0);
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / draws));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
    // 99.9th percentile of chi-square with `cells - 1` degrees of freedom (Wilson–Hilferty bound).
    const dof = cells - 1;
    const bound = dof * (1 - 2 / (9 * dof) + 3.09 * Math.sqrt(2 / (9 * dof))) ** 3;
    expect(chiSquare).toBeLessThan(bound);
  });

  it('handles the edges: p = 0, p = 1, n = 0', () => {
    const random = createRandom(1);

    expect(sampleBinomial(random, 100, 0)).toBe(0);
    expect(sampleBinomial(random, 100, 1)).toBe(100);
    expect(sampleBinomial(random, 0, 0.5)).toBe(0);
  });
});
