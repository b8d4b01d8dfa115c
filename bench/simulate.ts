/**
 * Outbreak simulator (issue 5): one stochastic Code Red v2 run of 24 simulated hours (360,000 hosts,
 * 1-minute steps), the 1,000-run Monte Carlo of the same on worker threads against the same 1,000
 * runs in this thread (the baseline, measured in the same process), and the fleet scenario for a
 * synthetic 100,000-host fleet (400 /16s, a fifth internet-facing, mixed patch lags).
 */
import { availableParallelism } from 'node:os';
import type { Fleet, FleetHost } from '../src/simulate/fleet.js';
import { runScenario } from '../src/simulate/scenarios.js';
import { type BenchFigure, type BenchSuite, timeMs } from './harness.js';

const CODERED_24H = { vulnerableHosts: 360_000, hours: 24, stepSeconds: 60 } as const;

function syntheticFleet(count: number): Fleet {
  const hosts: FleetHost[] = [];
  for (let i = 0; i < count; i += 1) {
    const block16 = i % 400; // 10.0/16 … and 172.16/12-style spread over 400 /16s in 2 /8s
    const address =
      (10 + (block16 % 2) * 162) * 2 ** 24 + Math.floor(block16 / 2) * 2 ** 16 + ((i * 7919) % 65_536);
    hosts.push({
      id: null,
      address,
      internetFacing: i % 5 === 0,
      vulnerable: i % 10 !== 9,
      patchLagHours: [24, 72, 168, 720, 2160][i % 5] ?? null,
    });
  }
  return { cve: 'CVE-2001-0500', hosts };
}

export const simulateSuite: BenchSuite = {
  name: 'simulate',
  async run(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    // One run, in this thread: median of 30 after 10 warm-ups (JIT).
    const singles: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const ms = await timeMs(() =>
        runScenario('codered-v2-2001', CODERED_24H, { runs: 1, seed: i + 1, workers: 0 }),
      );
      if (i >= 10) singles.push(ms);
    }
    singles.sort((a, b) => a - b);
    const single = singles[Math.floor(singles.length / 2)] ?? Number.NaN;
    figures.push({
      name: 'codered-v2 one run, 24 h, 1-min steps',
      value: single,
      unit: 'ms',
      goal: '< 50 ms',
      goalMet: single < 50,
      note: 'median of 30 after 10 warm-ups; includes summary and fits',
    });

    const baseline = await timeMs(() =>
      runScenario('codered-v2-2001', CODERED_24H, { runs: 1_000, seed: 1, workers: 0 }),
    );
    figures.push({
      name: 'codered-v2 1,000 runs, this thread (baseline)',
      value: baseline / 1000,
      unit: 's',
    });
    const workers = Math.min(availableParallelism(), 8);
    const parallel = await timeMs(() =>
      runScenario('codered-v2-2001', CODERED_24H, { runs: 1_000, seed: 1, workers }),
    );
    figures.push({
      name: `codered-v2 1,000 runs, ${workers} worker threads`,
      value: parallel / 1000,
      unit: 's',
      baseline: 'codered-v2 1,000 runs, this thread (baseline)',
      goal: '< 30 s on 2 cores',
      goalMet: parallel < 30_000,
    });

    // Local preference (8,000 /16 groups per step) is where threads pay for their start-up.
    const localBaseline = await timeMs(() =>
      runScenario('codered-ii-2001', {}, { runs: 20, seed: 1, workers: 0 }),
    );
    figures.push({
      name: 'codered-ii 20 runs, this thread (baseline)',
      value: localBaseline / 1000,
      unit: 's',
    });
    const localParallel = await timeMs(() =>
      runScenario('codered-ii-2001', {}, { runs: 20, seed: 1, workers }),
    );
    figures.push({
      name: `codered-ii 20 runs, ${workers} worker threads`,
      value: localParallel / 1000,
      unit: 's',
      baseline: 'codered-ii 20 runs, this thread (baseline)',
    });

    const fleet = syntheticFleet(100_000);
    const fleetMs = await timeMs(() =>
      runScenario('fleet', { worm: 'codered-ii-2001' }, { runs: 20, seed: 1, fleet, workers }),
    );
    figures.push({
      name: 'fleet 100,000 hosts, 6 regimes × 20 runs',
      value: fleetMs / 1000,
      unit: 's',
      note: 'horizon to the slowest lag (90 d), automatic step',
    });
    return figures;
  },
};
