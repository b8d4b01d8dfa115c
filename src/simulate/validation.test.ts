/**
 * Validation against the published measurements (worm-models.md, shared research notes §2–§4):
 * Code Red v2 (CAIDA: Moore, Shannon & Brown, IMW 2002; Staniford, Paxson & Weaver, USENIX Security
 * 2002) and Slammer (Moore et al., "Inside the Slammer Worm", IEEE S&P 2003). Runs are seeded, so
 * every figure below is reproducible; run counts are kept small so the file takes about a second.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic } from './fit.js';
import { PUBLISHED } from './measured.js';
import { runScenario } from './scenarios.js';
import { crossingTime } from './summary.js';

describe('simulate/validation: Code Red v2, 19 July 2001', () => {
  it('reaches about 359,000 hosts within 14 simulated hours, peaks above 2,000 hosts/min, and the logistic fit of the stochastic mean recovers K = 1.8/h', async () => {
    const result = await runScenario('codered-v2-2001', {}, { runs: 40, seed: 2001, workers: 0 });

    const at14h = result.series.find((point) => point.t === 14 * 3600);
    expect(at14h).toBeDefined();
    // CAIDA: 359,104 unique IPs by 00:00 UTC 20 July, < 14 h after onset [S1] — within 5%.
    expect(Math.abs((at14h?.everInfected ?? 0) - PUBLISHED.coderedV2InfectedHosts)).toBeLessThan(
      0.05 * PUBLISHED.coderedV2InfectedHosts,
    );
    // CAIDA: "> 2,000 new hosts per minute" at the peak [S1]; RCS predicts K·N/4 ≈ 2,690.
    expect(result.summary.peakNewInfectionsPerMinute).toBeGreaterThan(
      PUBLISHED.coderedV2PeakPerMinuteAtLeast,
    );
    expect(result.summary.peakNewInfectionsPerMinute).toBeLessThan(2_690 * 1.05);
    // Staniford's fit of the July 19 curve: K ≈ 1.8/h [S5] — within 10%.
    const kPerHour = result.summary.logisticFit?.kPerHour ?? 0;
    expect(Math.abs(kPerHour - PUBLISHED.coderedV2StanifordKPerHour)).toBeLessThan(
      0.1 * PUBLISHED.coderedV2StanifordKPerHour,
    );
    // The percentile bands bracket the mean.
    const index = result.series.findIndex((point) => point.t === 6 * 3600);
    const p05 = result.bands?.p05[index] ?? Number.NaN;
    const p95 = result.bands?.p95[index] ?? Number.NaN;
    expect(p05).toBeLessThanOrEqual(result.series[index]?.infected ?? Number.NaN);
    expect(p95).toBeGreaterThanOrEqual(result.series[index]?.infected ?? Number.NaN);
    expect(p95).toBeGreaterThan(p05);
  });

  it('deterministic RCS: t(10%→90%) = 2·ln 9 / K and peak = K·N/4 (worm-models.md V2, V3)', async () => {
    const result = await runScenario('codered-v2-2001', { model: 'rcs', stepSeconds: 10 }, {});
    const k = (((358 / 60) * 359_104) / 2 ** 32) * 3600;
    const { t10, t90 } = result.summary;

    expect(((t90 ?? 0) - (t10 ?? 0)) / 3600).toBeCloseTo((2 * Math.log(9)) / k, 2);
    expect(result.summary.peakNewInfectionsPerMinute).toBeCloseTo((k * 359_104) / 4 / 60, -1);
    expect(result.summary.logisticFit?.kPerHour).toBeCloseTo(1.8, 1);
  });
});

describe('simulate/validation: Slammer, 25 January 2003', () => {
  it('doubles every 8.5 s (±15%) early on and infects 90% of its vulnerable population within about 10 minutes', async () => {
    const result = await runScenario('slammer-2003', {}, { runs: 20, seed: 2003, workers: 0 });

    const doubling = result.summary.doublingTimeSeconds ?? 0;
    expect(Math.abs(doubling - PUBLISHED.slammerDoublingSeconds)).toBeLessThan(
      0.15 * PUBLISHED.slammerDoublingSeconds,
    );
    // "over 90% of [at least 75,000] within 10 minutes" [S7].
    const ninety = crossingTime(result.series, 0.9 * PUBLISHED.slammerHosts);
    expect(ninety).not.toBeNull();
    expect(ninety ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(PUBLISHED.slammerNinetyPercentSeconds);
    // The bandwidth cap slows saturation: far slower than uncapped RCS from the same early rate.
    const uncapped = await runScenario(
      'slammer-2003',
      { bandwidthCap: 0 },
      { runs: 5, seed: 2003, workers: 0 },
    );
    expect(crossingTime(uncapped.series, 0.9 * PUBLISHED.slammerHosts) ?? 0).toBeLessThan(ninety ?? 0);
  });
});

describe('simulate/validation: numerics', () => {
  it('the RCS ODE solution matches the closed-form logistic I(t) = N / (1 + (N/I0 − 1)·e^{−Kt})', async () => {
    const result = await runScenario('codered-v2-2001', { model: 'rcs', hours: 24, stepSeconds: 600 }, {});
    const n = 359_104;
    const kPerSecond = (Number(result.parameters.scanRate) * n) / 2 ** 32;
    let worst = 0;
    for (const point of result.series) {
      const exact = n / (1 + (n / 10 - 1) * Math.exp(-kPerSecond * point.t));
      worst = Math.max(worst, Math.abs(point.infected - exact));
    }
    // Series values are rounded to 0.01 hosts in the contract.
    expect(worst).toBeLessThan(0.05);
  });

  it('conserves S + I + R = N in every model, with removal switched on', async () => {
    const removal = {
      cleanupRatePerHour: 0.2,
      patchRatePerHour: 0.1,
      patchStartHours: 2,
      filterRatePerHour: 0.05,
    };
    for (const model of ['stochastic', 'sir', 'two-factor', 'rcs'] as const) {
      const result = await runScenario(
        'codered-v2-2001',
        { model, ...removal },
        { runs: 5, seed: 7, workers: 0 },
      );
      for (const point of result.series) {
        expect(point.susceptible + point.infected + point.removed).toBeCloseTo(359_104, 0);
      }
    }
    const local = await runScenario(
      'codered-ii-2001',
      { hours: 2, ...removal },
      { runs: 2, seed: 7, workers: 0 },
    );
    for (const point of local.series) {
      expect(point.susceptible + point.infected + point.removed).toBeCloseTo(360_000, 0);
    }
  });

  it('the stochastic mean converges to the deterministic curve as N grows (K = η·N/Ω held fixed)', async () => {
    const deviationAt = async (population: number): Promise<number> => {
      // Start from 1% infected so the onset's randomness does not dominate; small dt limits the
      // discretisation bias of the chain-binomial step (chain-binomial.ts).
      const params = {
        vulnerableHosts: population,
        scanRate: (1.8 / 3600) * (2 ** 32 / population),
        initialInfected: population / 100,
        hours: 6,
        stepSeconds: 10,
      };
      const stochastic = await runScenario('codered-v2-2001', params, { runs: 30, seed: 11, workers: 0 });
      const ode = await runScenario('codered-v2-2001', { ...params, model: 'rcs' }, {});
      let worst = 0;
      stochastic.series.forEach((point, i) => {
        worst = Math.max(
          worst,
          Math.abs(point.everInfected - (ode.series[i]?.everInfected ?? 0)) / population,
        );
      });
      return worst;
    };
    const small = await deviationAt(200);
    const large = await deviationAt(200_000);

    expect(large).toBeLessThan(0.01);
    expect(large).toBeLessThan(small / 4);
  });

  it('the same seed gives the same output, whatever the number of worker threads; another seed differs', async () => {
    const first = await runScenario('codered-v2-2001', { hours: 8 }, { runs: 6, seed: 42, workers: 0 });
    const again = await runScenario('codered-v2-2001', { hours: 8 }, { runs: 6, seed: 42, workers: 2 });
    const other = await runScenario('codered-v2-2001', { hours: 8 }, { runs: 6, seed: 43, workers: 0 });

    expect(again).toEqual(first);
    expect(other.series).not.toEqual(first.series);
  });

  it('the logistic fit recovers K and T from an exact logistic', () => {
    const times = Array.from({ length: 200 }, (_, i) => i * 100);
    const fit = fitLogistic(
      times,
      times.map((t) => 1 / (1 + Math.exp(-0.0005 * (t - 9000)))),
    );

    expect(fit?.k).toBeCloseTo(0.0005, 8);
    expect(fit?.tMid).toBeCloseTo(9000, 3);
  });
});

describe('simulate/validation: strategies and removal', () => {
  it('a hit-list start, permutation scanning and local preference each beat uniform random scanning; patching caps the outbreak', async () => {
    const common = { hours: 14 };
    const uniform = await runScenario('codered-v2-2001', common, { runs: 5, seed: 3, workers: 0 });
    const hitList = await runScenario(
      'codered-v2-2001',
      { ...common, initialInfected: 10_000 },
      { runs: 5, seed: 3, workers: 0 },
    );
    const permutation = await runScenario(
      'codered-v2-2001',
      { ...common, strategy: 'permutation' },
      { runs: 5, seed: 3, workers: 0 },
    );
    const local = await runScenario(
      'codered-v2-2001',
      { ...common, strategy: 'local-preference', blocks16: 2_000 },
      { runs: 2, seed: 3, workers: 0 },
    );
    const patched = await runScenario(
      'codered-v2-2001',
      { ...common, patchRatePerHour: 0.2, patchStartHours: 0 },
      { runs: 5, seed: 3, workers: 0 },
    );
    const t50 = (result: { summary: { t50: number | null } }): number =>
      result.summary.t50 ?? Number.POSITIVE_INFINITY;

    expect(t50(hitList)).toBeLessThan(t50(uniform) / 2);
    // Permutation matches uniform early and finishes faster: no probe is wasted on an infected host.
    expect(permutation.summary.t90 ?? 0).toBeLessThan(uniform.summary.t90 ?? 0);
    expect(t50(local)).toBeLessThan(t50(uniform));
    // worm-models.md V10: patching 0.2/h from the start leaves only a few percent ever infected.
    expect(patched.summary.finalInfected).toBeLessThan(0.1 * uniform.summary.finalInfected);
  });

  it('the two-factor model reproduces the regression run of worm-models.md §3.3 (V13)', async () => {
    // Zou, Gong & Towsley's parameters in their arbitrary time unit, read here as seconds:
    // N = 10^6, I0 = 1, η = 3, γ = 0.05, μ = 0.06/N, β0 = 0.8/N. β0 = scanRate/Ω with Ω = 2^20.
    const result = await runScenario(
      'codered-v2-2001',
      {
        model: 'two-factor',
        vulnerableHosts: 1_000_000,
        initialInfected: 1,
        addressBits: 20,
        scanRate: (0.8 / 1_000_000) * 2 ** 20,
        congestionExponent: 3,
        cleanupRatePerHour: 0.05 * 3600,
        countermeasureRatePerHour: 0.06 * 3600,
        hours: 80 / 3600,
        stepSeconds: 0.1,
      },
      {},
    );
    const peak = result.series.reduce((best, point) => (point.infected > best.infected ? point : best));
    const last = result.series[result.series.length - 1];

    expect(peak.infected / 3.95e5).toBeCloseTo(1, 2);
    expect(peak.t / 27.6).toBeCloseTo(1, 2);
    expect((last?.everInfected ?? 0) / 7.63e5).toBeCloseTo(1, 2);
  });
});

describe('simulate/validation: what-if patching (worm-models.md V10)', () => {
  // K = 1.8/h, N = 360,000, I0 = 1, susceptible hosts patched at p per hour, 48 h horizon. The
  // regression values are the research notes' own ODE run [C]; tolerance ±1% of N.
  const base = {
    model: 'sir',
    vulnerableHosts: 360_000,
    initialInfected: 1,
    scanRate: (1.8 / 3600) * (2 ** 32 / 360_000),
    hours: 48,
    stepSeconds: 600,
  };
  it.each([
    [0.01, 0, 0.929],
    [0.05, 0, 0.656],
    [0.1, 0, 0.348],
    [0.2, 0, 0.019],
    [0.5, 4, 0.096],
    [0.5, 6, 0.566],
    [0.5, 8, 0.96],
  ])('patching at %s/h from hour %s leaves %s of N ever infected', async (rate, start, share) => {
    const result = await runScenario(
      'codered-v2-2001',
      { ...base, patchRatePerHour: rate, patchStartHours: start },
      {},
    );

    expect(Math.abs(result.summary.finalInfected / 360_000 - share)).toBeLessThan(0.01);
  });
});

describe('simulate/validation: parameters', () => {
  it('rejects unknown parameters, out-of-range values and local shares over 1, naming param.<key>', async () => {
    await expect(runScenario('slammer-2003', { speed: 9 })).rejects.toThrow(/"speed"/);
    await expect(runScenario('slammer-2003', { scanRate: '-1' })).rejects.toMatchObject({
      field: 'param.scanRate',
    });
    await expect(
      runScenario('codered-ii-2001', { localShare8: 0.7, localShare16: 0.4 }),
    ).rejects.toMatchObject({
      field: 'param.localShare16',
    });
    await expect(runScenario('codered-v2-2001', {}, { runs: 0 })).rejects.toMatchObject({ field: 'runs' });
  });
});
