/**
 * Seeded randomness for the stochastic outbreak engine.
 *
 * Written here rather than taken from npm: the generator is 20 lines (xoshiro128**, Blackman & Vigna,
 * https://prng.di.unimi.it/), and the binomial sampler must be exact for n up to millions with one
 * or two uniforms per draw (Hörmann's BTRD), which the small seeded-PRNG packages do not offer and
 * the statistics packages that do are large and unseeded. Both are checked statistically in
 * prng.test.ts (moments and a chi-square against the exact pmf).
 */

export interface Random {
  /** Uniform double in (0, 1), 53-bit resolution. */
  uniform(): number;
}

/** splitmix32 step: spreads seeds so that nearby seeds give unrelated xoshiro states. */
function mixSeed(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A xoshiro128** generator for one Monte Carlo run. `stream` is the run index: run i of seed s is the
 * same whichever worker computes it, so results do not depend on how runs are split across threads.
 */
export function createRandom(seed: number, stream = 0): Random {
  let state = mixSeed(seed >>> 0) ^ mixSeed((stream * 0x632be5ab) ^ 0x5bd1e995);
  const next = (): number => {
    state = mixSeed(state);
    return state;
  };
  let s0 = next();
  let s1 = next();
  let s2 = next();
  let s3 = next();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  const nextUint32 = (): number => {
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
  return {
    uniform(): number {
      const high = nextUint32() >>> 5; // 27 bits
      const low = nextUint32() >>> 6; // 26 bits
      return (high * 67108864 + low + 0.5) / 9007199254740992;
    },
  };
}

/** log(k!) − Stirling's approximation, tabulated for k < 10 (Hörmann 1993, BTRD). */
const STIRLING_CORRECTION = [
  0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
  0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
];

function stirlingCorrection(k: number): number {
  if (k < 10) return STIRLING_CORRECTION[k] ?? 0;
  const r = 1 / (k + 1);
  const rr = r * r;
  return (1 / 12 - (1 / 360 - rr / 1260) * rr) * r;
}

/**
 * One draw from Binomial(n, p). Exact: inversion when n·p < 10 (on average n·p + 1 uniforms), else
 * W. Hörmann, "The generation of binomial random variates", J. Stat. Comput. Simul. 46 (1993) —
 * algorithm BTRD (transformed rejection with decomposition), about 1.1 uniforms per draw for any n.
 */
export function sampleBinomial(random: Random, n: number, p: number): number {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(random, n, 1 - p);
  if (n * p < 10) return binomialInversion(random, n, p);
  return binomialBtrd(random, n, p);
}

function binomialInversion(random: Random, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let r = r0;
    let u = random.uniform();
    let x = 0;
    while (u > r) {
      u -= r;
      x += 1;
      if (x > n) break; // rounding left u unconsumed: rare; draw again
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

function binomialBtrd(random: Random, n: number, p: number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const urvr = 0.86 * vr;
  const m = Math.floor((n + 1) * p);
  const r = p / (1 - p);
  const nr = (n + 1) * r;
  const npq = n * p * (1 - p);
  const alpha = (2.83 + 5.1 / b) * spq;
  for (;;) {
    let v = random.uniform();
    let u: number;
    if (v <= urvr) {
      u = v / vr - 0.43;
      return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
    }
    if (v >= vr) {
      u = random.uniform() - 0.5;
    } else {
      u = v / vr - 0.93;
      u = Math.sign(u) * 0.5 - u;
      v = random.uniform() * vr;
    }
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v = (v * alpha) / (a / (us * us) + b);
    const km = Math.abs(k - m);
    if (km <= 15) {
      // Recursive evaluation of f(k)/f(m).
      let f = 1;
      if (m < k) {
        for (let i = m + 1; i <= k; i += 1) f *= nr / i - r;
      } else if (m > k) {
        for (let i = k + 1; i <= m; i += 1) v *= nr / i - r;
      }
      if (v <= f) return k;
      continue;
    }
    // Squeeze, then the final acceptance test on log f(k)/f(m).
    v = Math.log(v);
    const rho = (km / npq) * (((km / 3 + 0.625) * km + 1 / 6) / npq + 0.5);
    const t = (-km * km) / (2 * npq);
    if (v < t - rho) return k;
    if (v > t + rho) continue;
    const nm = n - m + 1;
    const h = (m + 0.5) * Math.log((m + 1) / (r * nm)) + stirlingCorrection(m) + stirlingCorrection(n - m);
    const nk = n - k + 1;
    if (
      v <=
      h +
        (n + 1) * Math.log(nm / nk) +
        (k + 0.5) * Math.log((nk * r) / (k + 1)) -
        stirlingCorrection(k) -
        stirlingCorrection(n - k)
    ) {
      return k;
    }
  }
}
