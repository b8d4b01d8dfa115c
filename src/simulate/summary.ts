/** Summary figures of a series: saturation times, peak rate, fits (the `summary` of the contract). */
import { fitDoublingTime, fitLogistic } from './fit.js';
import type { SeriesPoint, SimulationSummary } from './types.js';

/**
 * `newInfectionsPerSecond[i]` is the incidence at (deterministic) or over the step ending at
 * (stochastic) series point i.
 */
export function summarizeSeries(
  series: readonly SeriesPoint[],
  newInfectionsPerSecond: readonly number[],
  population: number,
): SimulationSummary {
  const last = series[series.length - 1];
  const finalInfected = last?.everInfected ?? 0;
  const times = series.map((point) => point.t);
  const ever = series.map((point) => point.everInfected);
  const fit =
    population > 0
      ? fitLogistic(
          times,
          ever.map((value) => value / population),
        )
      : null;
  return {
    finalInfected: round(finalInfected, 3),
    population,
    peakNewInfectionsPerMinute: round(
      newInfectionsPerSecond.reduce((max, value) => Math.max(max, value), 0) * 60,
      3,
    ),
    t10: crossingTime(series, 0.1 * finalInfected),
    t50: crossingTime(series, 0.5 * finalInfected),
    t90: crossingTime(series, 0.9 * finalInfected),
    doublingTimeSeconds: nullableRound(fitDoublingTime(times, ever, population), 3),
    // A degenerate fit (a handful of hosts, no growth phase) is no estimate of K: report none
    // rather than a number that looks like a measurement.
    logisticFit:
      fit && fit.k > 0 && Number.isFinite(fit.tMid) && fit.rSquared >= 0.9
        ? {
            kPerHour: round(fit.k * 3600, 5),
            tMidSeconds: round(fit.tMid, 1),
            rSquared: round(fit.rSquared, 5),
          }
        : null,
  };
}

/** First time `everInfected` reaches `level`, linearly interpolated between series points. */
export function crossingTime(series: readonly SeriesPoint[], level: number): number | null {
  if (!(level > 0)) return null;
  let previous: SeriesPoint | undefined;
  for (const point of series) {
    if (point.everInfected >= level) {
      if (!previous || point.everInfected === previous.everInfected) return round(point.t, 1);
      const share = (level - previous.everInfected) / (point.everInfected - previous.everInfected);
      return round(previous.t + share * (point.t - previous.t), 1);
    }
    previous = point;
  }
  return null;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function nullableRound(value: number | null, digits: number): number | null {
  return value === null ? null : round(value, digits);
}
