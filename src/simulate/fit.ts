/**
 * Curve fits used to compare runs with the published figures.
 *
 * Logistic: Staniford et al. fit Code Red with a(t) = e^{K(t−T)}/(1 + e^{K(t−T)}). Taking the logit,
 * ln(a/(1 − a)) = K·t − K·T is linear in t, so ordinary least squares on the logit of the points with
 * a in [lower, upper] recovers K and T in closed form. The band keeps out the tails, where a few
 * hosts (or a few not yet infected) dominate the logit and the stochastic noise is largest.
 */

export interface LogisticFit {
  /** Per second. */
  k: number;
  /** Midpoint, seconds. */
  tMid: number;
  /** R² of the linear fit on the logit scale. */
  rSquared: number;
  points: number;
}

export function fitLogistic(
  times: readonly number[],
  fractions: readonly number[],
  lower = 0.02,
  upper = 0.98,
): LogisticFit | null {
  const xs: number[] = [];
  const ys: number[] = [];
  times.forEach((t, i) => {
    const a = fractions[i] ?? Number.NaN;
    if (a >= lower && a <= upper) {
      xs.push(t);
      ys.push(Math.log(a / (1 - a)));
    }
  });
  const line = fitLine(xs, ys);
  if (!line || !(line.slope > 0)) return null;
  return { k: line.slope, tMid: -line.intercept / line.slope, rSquared: line.rSquared, points: xs.length };
}

/**
 * Early-phase doubling time: least squares on ln(everInfected) over the points between `from` hosts
 * and `toFraction` of the population (exponential phase, before depletion of susceptibles bends it).
 */
export function fitDoublingTime(
  times: readonly number[],
  everInfected: readonly number[],
  population: number,
  from = 20,
  toFraction = 0.05,
): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  times.forEach((t, i) => {
    const value = everInfected[i] ?? 0;
    if (value >= from && value <= toFraction * population) {
      xs.push(t);
      ys.push(Math.log(value));
    }
  });
  const line = fitLine(xs, ys);
  if (!line || !(line.slope > 0)) return null;
  return Math.LN2 / line.slope;
}

interface Line {
  slope: number;
  intercept: number;
  rSquared: number;
}

function fitLine(xs: readonly number[], ys: readonly number[]): Line | null {
  const n = xs.length;
  if (n < 3) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i += 1) {
    sx += xs[i] ?? 0;
    sy += ys[i] ?? 0;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, rSquared: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}
