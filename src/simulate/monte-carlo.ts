/**
 * Monte Carlo over seeded chain-binomial runs, spread over worker threads. Run i always uses
 * PRNG stream i of the seed, and the per-step sums are of integer counts (exact in doubles), so the
 * output is bit-identical whatever the number of workers.
 */
import { availableParallelism } from 'node:os';
import { startModuleWorker } from '../core/worker-thread.js';
import { type StochasticConfig, simulateRun } from './chain-binomial.js';
import { createRandom } from './prng.js';

export interface MonteCarloOptions {
  runs: number;
  seed: number;
  /** Worker threads; 0 = in this thread. Default: in-thread unless the work outweighs a thread's start-up. */
  workers?: number;
}

export interface MonteCarloOutput {
  runs: number;
  points: number;
  meanSusceptible: Float64Array;
  meanInfected: Float64Array;
  meanRemoved: Float64Array;
  meanEverInfected: Float64Array;
  meanNewInfections: Float64Array;
  /** runs × points, row per run. */
  infectedByRun: Float64Array;
  everInfectedByRun: Float64Array;
}

export interface RunBatchRequest {
  config: StochasticConfig;
  seed: number;
  from: number;
  to: number;
}

export interface RunBatch {
  from: number;
  to: number;
  infected: Float64Array;
  everInfected: Float64Array;
  /** 5 × points: sums of S, I, R, everInfected, newInfections over the batch's runs. */
  sums: Float64Array;
}

export function runBatch(request: RunBatchRequest): RunBatch {
  const points = request.config.steps + 1;
  const runs = request.to - request.from;
  const infected = new Float64Array(runs * points);
  const everInfected = new Float64Array(runs * points);
  const sums = new Float64Array(5 * points);
  for (let run = request.from; run < request.to; run += 1) {
    const trace = simulateRun(request.config, createRandom(request.seed, run));
    const row = (run - request.from) * points;
    infected.set(trace.infected, row);
    everInfected.set(trace.everInfected, row);
    for (let i = 0; i < points; i += 1) {
      sums[i] = (sums[i] ?? 0) + (trace.susceptible[i] ?? 0);
      sums[points + i] = (sums[points + i] ?? 0) + (trace.infected[i] ?? 0);
      sums[2 * points + i] = (sums[2 * points + i] ?? 0) + (trace.removed[i] ?? 0);
      sums[3 * points + i] = (sums[3 * points + i] ?? 0) + (trace.everInfected[i] ?? 0);
      sums[4 * points + i] = (sums[4 * points + i] ?? 0) + (trace.newInfections[i] ?? 0);
    }
  }
  return { from: request.from, to: request.to, infected, everInfected, sums };
}

export async function runMonteCarlo(
  config: StochasticConfig,
  options: MonteCarloOptions,
): Promise<MonteCarloOutput> {
  const runs = Math.max(1, Math.floor(options.runs));
  const work = runs * config.steps * Math.max(1, config.groups.susceptible.length);
  const workers = Math.min(
    runs,
    options.workers ?? (work < threadThreshold() ? 0 : Math.min(availableParallelism(), 8)),
  );
  const batches: RunBatch[] = [];
  if (workers <= 1) {
    batches.push(runBatch({ config, seed: options.seed, from: 0, to: runs }));
  } else {
    const per = Math.ceil(runs / workers);
    const requests: RunBatchRequest[] = [];
    for (let from = 0; from < runs; from += per) {
      requests.push({ config, seed: options.seed, from, to: Math.min(runs, from + per) });
    }
    batches.push(...(await Promise.all(requests.map(runInWorker))));
  }
  return combineBatches(batches, runs, config.steps + 1);
}

function combineBatches(batches: RunBatch[], runs: number, points: number): MonteCarloOutput {
  const output: MonteCarloOutput = {
    runs,
    points,
    meanSusceptible: new Float64Array(points),
    meanInfected: new Float64Array(points),
    meanRemoved: new Float64Array(points),
    meanEverInfected: new Float64Array(points),
    meanNewInfections: new Float64Array(points),
    infectedByRun: new Float64Array(runs * points),
    everInfectedByRun: new Float64Array(runs * points),
  };
  const means = [
    output.meanSusceptible,
    output.meanInfected,
    output.meanRemoved,
    output.meanEverInfected,
    output.meanNewInfections,
  ];
  for (const batch of batches) {
    output.infectedByRun.set(batch.infected, batch.from * points);
    output.everInfectedByRun.set(batch.everInfected, batch.from * points);
    means.forEach((mean, m) => {
      for (let i = 0; i < points; i += 1) mean[i] = (mean[i] ?? 0) + (batch.sums[m * points + i] ?? 0);
    });
  }
  for (const mean of means) for (let i = 0; i < points; i += 1) mean[i] = (mean[i] ?? 0) / runs;
  return output;
}

/** Linear-interpolated percentile (type 7) of each column of a runs × points matrix. */
export function columnPercentiles(
  matrix: Float64Array,
  runs: number,
  points: number,
  q: readonly number[],
): number[][] {
  const out = q.map(() => new Array<number>(points).fill(0));
  const column = new Float64Array(runs);
  for (let i = 0; i < points; i += 1) {
    for (let r = 0; r < runs; r += 1) column[r] = matrix[r * points + i] ?? 0;
    column.sort();
    q.forEach((quantile, j) => {
      const position = quantile * (runs - 1);
      const low = Math.floor(position);
      const high = Math.min(runs - 1, low + 1);
      const value = (column[low] ?? 0) + (position - low) * ((column[high] ?? 0) - (column[low] ?? 0));
      const row = out[j];
      if (row) row[i] = value;
    });
  }
  return out;
}

/**
 * Group-steps (≈ 20–30 ns each) below which threads do not pay for themselves: a compiled worker
 * starts in about 50 ms (≈ 2·10^6 group-steps); under tsx each one first loads the TypeScript
 * loader, about 2.5 s on the benchmark machine (BENCHMARKS.md, simulate).
 */
function threadThreshold(): number {
  return import.meta.url.endsWith('.ts') ? 100_000_000 : 2_000_000;
}

function runInWorker(request: RunBatchRequest): Promise<RunBatch> {
  return new Promise((resolve, reject) => {
    const worker = startModuleWorker(import.meta.url, 'monte-carlo-worker');
    worker.once('message', (batch: RunBatch) => {
      resolve(batch);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`simulation worker exited with code ${code}`));
    });
    worker.postMessage(request);
  });
}
