/**
 * A tiny benchmark harness. Each `bench/<area>.bench.ts` default-exports a `BenchSuite`; `bench/run.ts`
 * runs them in one process, one after another, and prints every figure beside the baseline measured
 * in the same run (a ratio, so machine speed cancels out). Timing lives here, never in tests.
 */
import { performance } from 'node:perf_hooks';

export interface BenchFigure {
  /** What was measured, e.g. 'PyPI compare'. */
  name: string;
  /** Operations per second, or another rate named by `unit`. */
  value: number;
  unit: string;
  /** Name of the baseline figure (same suite) this is a ratio of, when there is one. */
  baseline?: string;
  /** Target from the issue, e.g. '>= 1,000,000 ops/s', printed beside the figure. */
  goal?: string;
  /** true when the goal is met; undefined when there is no goal. */
  goalMet?: boolean;
  note?: string;
}

export interface BenchSuite {
  name: string;
  /** Returns figures; may skip (returning a note) when data it needs is absent. */
  run(): Promise<BenchFigure[]>;
}

/**
 * Runs `fn` repeatedly for at least `minMs` after a warm-up and returns operations per second,
 * where one call of `fn` performs `opsPerCall` operations.
 */
export function opsPerSecond(fn: () => void, opsPerCall: number, minMs = 500): number {
  const warmUntil = performance.now() + Math.min(200, minMs / 2);
  while (performance.now() < warmUntil) fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls += 1;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return (calls * opsPerCall * 1000) / elapsed;
}

/** Wall-clock milliseconds of one (async) call. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}
