/**
 * Power-law fits and a bootstrap helper.
 *
 * - {@link fitPowerLaw}: `y = A·x^β` by ordinary least squares on `(log x, log y)`, as
 *   `scipy.stats.linregress(log x, log y)` does, with R² and the usual OLS standard errors of `log A` and
 *   `β` (residual variance with n − 2 degrees of freedom).
 * - {@link fitOffsetPowerLaw}: `y = A·x^(−α) + C` with `0 < C < min y`, the bias model of two-point MI.
 * - {@link bootstrap}/{@link bootstrapCI}: percentile bootstrap over caller-supplied resampling units
 *   (documents, chunks), seeded with `Rng`.
 *
 * @example
 * ```ts
 * import { fitPowerLaw } from "@l2m/info/fit.ts";
 * const fit = fitPowerLaw([1, 2, 4, 8], [3, 6, 12, 24]);
 * console.assert(Math.abs(fit.beta - 1) < 1e-12 && Math.abs(fit.A - 3) < 1e-12);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";

/** Result of an ordinary least-squares line `y = intercept + slope·x`. */
export interface LinearFit {
  intercept: number;
  slope: number;
  /** Coefficient of determination. */
  r2: number;
  /** OLS standard error of the intercept (NaN with fewer than 3 points). */
  seIntercept: number;
  /** OLS standard error of the slope (NaN with fewer than 3 points). */
  seSlope: number;
  /** Root mean squared residual (divided by n, not n − 2). */
  rmse: number;
  n: number;
}

/** Fits `y = intercept + slope·x` by ordinary least squares. Needs at least two distinct `x`. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LinearFit {
  const n = x.length;
  if (n !== y.length) throw new InputError(`linearFit: x has ${n} values but y has ${y.length}`);
  if (n < 2) throw new InputError(`linearFit: needs at least 2 points, got ${n}`);
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new InputError("linearFit: all x values are equal, so the slope is undefined");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - intercept - slope * x[i]!;
    sse += r * r;
  }
  const r2 = syy === 0 ? 1 : 1 - sse / syy;
  const s2 = n > 2 ? sse / (n - 2) : NaN;
  const seSlope = Math.sqrt(s2 / sxx);
  let sumX2 = 0;
  for (let i = 0; i < n; i++) sumX2 += x[i]! * x[i]!;
  const seIntercept = Math.sqrt((s2 * sumX2) / (n * sxx));
  return { intercept, slope, r2, seIntercept, seSlope, rmse: Math.sqrt(sse / n), n };
}

/** Result of {@link fitPowerLaw}: `y = A·x^beta`. */
export interface PowerLawFit {
  A: number;
  beta: number;
  logA: number;
  /** R² of the log-log regression. */
  r2: number;
  /** Standard error of `log A` (natural log), from OLS. */
  seLogA: number;
  /** Standard error of `beta`, from OLS. */
  seBeta: number;
  n: number;
}

function checkPositive(name: string, values: ArrayLike<number>, fn: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new InputError(`${fn}: ${name}[${i}] = ${v}, but a log-log fit needs positive finite values`);
    }
  }
}

/** Fits `y = A·x^β` by least squares on `(ln x, ln y)`. All values must be positive and finite. */
export function fitPowerLaw(x: ArrayLike<number>, y: ArrayLike<number>): PowerLawFit {
  checkPositive("x", x, "fitPowerLaw");
  checkPositive("y", y, "fitPowerLaw");
  const lx = Float64Array.from(x as ArrayLike<number>, Math.log);
  const ly = Float64Array.from(y as ArrayLike<number>, Math.log);
  const f = linearFit(lx, ly);
  return {
    A: Math.exp(f.intercept),
    beta: f.slope,
    logA: f.intercept,
    r2: f.r2,
    seLogA: f.seIntercept,
    seBeta: f.seSlope,
    n: f.n,
  };
}

/** Evaluates a power-law fit at `x`. */
export function powerLaw(fit: { A: number; beta: number }, x: number): number {
  return fit.A * Math.pow(x, fit.beta);
}

/** Result of {@link fitOffsetPowerLaw}: `y = A·x^(−alpha) + C`. */
export interface OffsetPowerLawFit {
  A: number;
  alpha: number;
  C: number;
  logA: number;
  /** Mean squared residual of `ln(y − C) − (ln A − α ln x)`: the minimised objective. */
  objective: number;
  /** R² of the log-log regression of `y − C` on `x` at the fitted `C`. */
  r2: number;
  /** OLS standard error of `alpha` with `C` held at its fitted value (ignores the uncertainty of `C`). */
  seAlpha: number;
  /** OLS standard error of `ln A` with `C` held at its fitted value. */
  seLogA: number;
  n: number;
  /**
   * Which end of `0 < C < min y` the fitted `C` sits at, within a relative 1e−6: `lower` when a pure
   * power law fits best (then `y − C` equals `y` to six significant digits, so an offset correction
   * changes nothing), `upper` when `C` takes all of the smallest value; null in between.
   */
  atBound: "lower" | "upper" | null;
}

/** Relative distance from the ends of `0 < C < min y` within which {@link OffsetPowerLawFit.atBound} is set. */
export const OFFSET_BOUND_TOLERANCE = 1e-6;

/**
 * Fits `y = A·x^(−α) + C` by minimising the mean of `(ln(y_i − C) − (ln A − α ln x_i))²` with
 * `C = sigmoid(c)·min y`, so `0 < C < min y`. This is the parameterisation and objective of the L²M authors'
 * `LogLogBiasRegression`. For fixed `C` the best `(ln A, α)` is the OLS line, so the objective is
 * profiled over the single parameter `c`: a grid over c ∈ [−30, 30], then golden-section refinement. The
 * authors ran BFGS on all three parameters from one starting point instead; the profile search finds the
 * global minimum over that grid without a starting point. A pure power law drives `c → −∞`, giving a `C`
 * below `1e−13·min y`. Needs at least 3 points.
 */
export function fitOffsetPowerLaw(x: ArrayLike<number>, y: ArrayLike<number>): OffsetPowerLawFit {
  checkPositive("x", x, "fitOffsetPowerLaw");
  checkPositive("y", y, "fitOffsetPowerLaw");
  const n = x.length;
  if (n !== y.length) throw new InputError(`fitOffsetPowerLaw: x has ${n} values but y has ${y.length}`);
  if (n < 3) throw new InputError(`fitOffsetPowerLaw: needs at least 3 points for 3 parameters, got ${n}`);
  const lx = Float64Array.from(x as ArrayLike<number>, Math.log);
  let minY = Infinity;
  for (let i = 0; i < n; i++) minY = Math.min(minY, y[i]!);
  const ly = new Float64Array(n);

  const fitAt = (c: number): LinearFit => {
    const C = minY / (1 + Math.exp(-c));
    for (let i = 0; i < n; i++) ly[i] = Math.log(y[i]! - C);
    return linearFit(lx, ly);
  };
  const objective = (c: number): number => {
    const f = fitAt(c);
    return Number.isFinite(f.rmse) ? f.rmse * f.rmse : Infinity;
  };

  const lo = -30, hi = 30, steps = 600;
  let best = lo, bestValue = Infinity;
  for (let k = 0; k <= steps; k++) {
    const c = lo + ((hi - lo) * k) / steps;
    const v = objective(c);
    if (v < bestValue) {
      bestValue = v;
      best = c;
    }
  }
  // Golden-section search within one grid step on each side of the best grid point.
  const h = (hi - lo) / steps;
  let a = Math.max(lo, best - h), b = Math.min(hi, best + h);
  const g = (Math.sqrt(5) - 1) / 2;
  let c1 = b - g * (b - a), c2 = a + g * (b - a);
  let f1 = objective(c1), f2 = objective(c2);
  for (let it = 0; it < 80; it++) {
    if (f1 <= f2) {
      b = c2;
      c2 = c1;
      f2 = f1;
      c1 = b - g * (b - a);
      f1 = objective(c1);
    } else {
      a = c1;
      c1 = c2;
      f1 = f2;
      c2 = a + g * (b - a);
      f2 = objective(c2);
    }
  }
  const cHat = f1 <= f2 ? c1 : c2;
  const cFinal = Math.min(f1, f2) <= bestValue ? cHat : best;
  const f = fitAt(cFinal);
  const C = minY / (1 + Math.exp(-cFinal));
  const share = C / minY;
  const atBound = share < OFFSET_BOUND_TOLERANCE
    ? "lower"
    : share > 1 - OFFSET_BOUND_TOLERANCE
    ? "upper"
    : null;
  return {
    A: Math.exp(f.intercept),
    alpha: -f.slope,
    C,
    atBound,
    logA: f.intercept,
    objective: f.rmse * f.rmse,
    r2: f.r2,
    seAlpha: f.seSlope,
    seLogA: f.seIntercept,
    n,
  };
}

/** Options of {@link bootstrap}. */
export interface BootstrapOptions {
  /** Seeded generator for the resampling. */
  rng: Rng;
  /** Number of bootstrap resamples (default 1000). */
  resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  level?: number;
}

/** Percentile-bootstrap result for a vector statistic; entry k of each array belongs to component k. */
export interface BootstrapResult {
  /** The statistic on the original units. */
  estimate: number[];
  /** Lower percentile bound, (1 − level)/2 quantile of the resampled values. */
  lower: number[];
  /** Upper percentile bound, (1 + level)/2 quantile. */
  upper: number[];
  /** Standard deviation of the resampled values (the bootstrap standard error). */
  se: number[];
  /** Resamples used: those whose statistic had a non-finite component are dropped. */
  used: number;
  /** Resamples dropped because the statistic threw an `InputError` or returned a non-finite value. */
  failed: number;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  const a = sorted[i]!;
  const b = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return a + frac * (b - a);
}

/**
 * Percentile bootstrap: resamples `units` with replacement (same count), applies `statistic` to each
 * resample and returns per-component percentile intervals. Units are whatever the caller treats as
 * independent (documents for BMI fits). A resample on which `statistic` throws `InputError` or returns a
 * non-finite component is dropped and counted in `failed`.
 *
 * @example
 * ```ts
 * import { bootstrap } from "@l2m/info/fit.ts";
 * import { Rng } from "@l2m/util/prng.ts";
 * const mean = (xs: number[]) => [xs.reduce((s, v) => s + v, 0) / xs.length];
 * const r = bootstrap([1, 2, 3, 4, 5, 6, 7, 8], mean, { rng: new Rng(1), resamples: 200 });
 * console.assert(r.lower[0]! < 4.5 && r.upper[0]! > 4.5);
 * ```
 */
export function bootstrap<T>(
  units: readonly T[],
  statistic: (sample: T[]) => number[],
  options: BootstrapOptions,
): BootstrapResult {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (units.length === 0) throw new InputError("bootstrap: no resampling units were given");
  if (!Number.isInteger(resamples) || resamples < 2) {
    throw new InputError(`bootstrap: resamples must be an integer ≥ 2, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new InputError(`bootstrap: level must be in (0, 1), got ${level}`);
  const estimate = statistic([...units]);
  const k = estimate.length;
  const draws: number[][] = Array.from({ length: k }, () => []);
  let failed = 0;
  const sample: T[] = new Array(units.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[options.rng.int(units.length)]!;
    let value: number[];
    try {
      value = statistic(sample.slice());
    } catch (error) {
      if (error instanceof InputError) {
        failed++;
        continue;
      }
      throw error;
    }
    if (value.length !== k || !value.every(Number.isFinite)) {
      failed++;
      continue;
    }
    for (let j = 0; j < k; j++) draws[j]!.push(value[j]!);
  }
  const lower: number[] = [], upper: number[] = [], se: number[] = [];
  for (let j = 0; j < k; j++) {
    const sorted = Float64Array.from(draws[j]!).sort();
    lower.push(quantile(sorted, (1 - level) / 2));
    upper.push(quantile(sorted, (1 + level) / 2));
    let m = 0;
    for (const v of sorted) m += v;
    m /= sorted.length;
    let s = 0;
    for (const v of sorted) s += (v - m) ** 2;
    se.push(sorted.length > 1 ? Math.sqrt(s / (sorted.length - 1)) : NaN);
  }
  return { estimate, lower, upper, se, used: resamples - failed, failed };
}

/** Scalar form of {@link bootstrap}: `{ estimate, lower, upper, se }` of one statistic. */
export function bootstrapCI<T>(
  units: readonly T[],
  statistic: (sample: T[]) => number,
  options: BootstrapOptions,
): { estimate: number; lower: number; upper: number; se: number; used: number; failed: number } {
  const r = bootstrap(units, (s) => [statistic(s)], options);
  return {
    estimate: r.estimate[0]!,
    lower: r.lower[0]!,
    upper: r.upper[0]!,
    se: r.se[0]!,
    used: r.used,
    failed: r.failed,
  };
}
