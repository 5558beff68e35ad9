/**
 * Entropy estimators from a sample's counts, in nats (bits on request), each with a standard error.
 * All four depend only on the multiset of counts, so they work on a count-of-counts table
 * (`n ↦ number of symbols seen exactly n times`).
 *
 * With N = Σ n_y, K the number of observed symbols and p̂_y = n_y / N:
 *
 * | estimator | value | standard error |
 * |---|---|---|
 * | `plugin` | −Σ p̂ ln p̂ | delta method: √((Σ p̂ ln²p̂ − Ĥ²)/N) |
 * | `miller-madow` | plug-in + (K − 1)/(2N) | same as plug-in |
 * | `grassberger` | ln N − (1/N) Σ n G(n) | √((Σ p̂ (G(n) − ln N)² − Ĥ²)/N), the formula of the L²M code |
 * | `chao-shen` | −Σ p̃ ln p̃ / (1 − (1 − p̃)^N), p̃ = Ĉ p̂, Ĉ = 1 − f₁/N | plug-in delta method on p̃ (see below) |
 *
 * G(n) is Grassberger's correction (see digamma.ts); f₁ is the number of singletons, and when every
 * symbol is a singleton f₁ is replaced by N − 1 (Chao & Shen 2003), so Ĉ > 0.
 *
 * @example
 * ```ts
 * import { entropy } from "@l2m/info/entropy.ts";
 * const h = entropy([5, 5, 5, 5], "plugin");
 * console.assert(Math.abs(h.value - Math.log(4)) < 1e-12);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";
import { grassbergerG } from "./digamma.ts";

/** Names of the entropy estimators. */
export const ESTIMATORS = ["plugin", "miller-madow", "grassberger", "chao-shen"] as const;
/** One of {@link ESTIMATORS}. */
export type EstimatorName = typeof ESTIMATORS[number];

/** A multiset of counts: `multiplicity[i]` symbols were seen exactly `values[i]` times. */
export interface CountOfCounts {
  values: Float64Array;
  multiplicity: Float64Array;
}

/** An entropy estimate. */
export interface EntropyEstimate {
  estimator: EstimatorName;
  /** The estimate, in `unit`. */
  value: number;
  /** Standard error, in `unit` (see the module table for each formula). */
  se: number;
  unit: "nats" | "bits";
  /** Sample size N. */
  total: number;
  /** Observed symbols K (non-zero counts). */
  support: number;
}

/** Checks `name` against {@link ESTIMATORS}; throws `InputError` listing the valid names. */
export function parseEstimator(name: string): EstimatorName {
  if ((ESTIMATORS as readonly string[]).includes(name)) return name as EstimatorName;
  throw new InputError(`unknown entropy estimator "${name}"; valid names: ${ESTIMATORS.join(", ")}`);
}

/** Builds the count-of-counts table of `counts`, ignoring zeros. Counts must be non-negative integers. */
export function countOfCounts(counts: ArrayLike<number>): CountOfCounts {
  const freq = new Map<number, number>();
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (!(n >= 0) || !Number.isInteger(n)) {
      throw new InputError(`count #${i + 1} is ${n}, but counts must be non-negative integers`);
    }
    if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
  }
  const values = Float64Array.from(freq.keys()).sort();
  const multiplicity = Float64Array.from(values, (v) => freq.get(v)!);
  return { values, multiplicity };
}

function isCountOfCounts(x: ArrayLike<number> | CountOfCounts): x is CountOfCounts {
  return (x as CountOfCounts).multiplicity instanceof Float64Array;
}

/**
 * Estimates the entropy of the distribution that produced `counts` (raw counts, any order, zeros ignored,
 * or a {@link CountOfCounts}). Throws `InputError` for an empty sample.
 */
export function entropy(
  counts: ArrayLike<number> | CountOfCounts,
  estimator: EstimatorName = "grassberger",
  options: { bits?: boolean } = {},
): EntropyEstimate {
  const { values, multiplicity } = isCountOfCounts(counts) ? counts : countOfCounts(counts);
  let total = 0, support = 0, singletons = 0;
  for (let i = 0; i < values.length; i++) {
    total += values[i]! * multiplicity[i]!;
    support += multiplicity[i]!;
    if (values[i] === 1) singletons = multiplicity[i]!;
  }
  if (total === 0) throw new InputError("entropy: the sample is empty (all counts are zero)");
  const logN = Math.log(total);

  // Plug-in moments: H = −Σ p ln p and M2 = Σ p ln²p, accumulated per distinct count.
  const plugin = (): [number, number] => {
    let h = 0, m2 = 0;
    for (let i = 0; i < values.length; i++) {
      const p = values[i]! / total, lp = Math.log(p);
      h -= multiplicity[i]! * p * lp;
      m2 += multiplicity[i]! * p * lp * lp;
    }
    return [h, Math.sqrt(Math.max(0, m2 - h * h) / total)];
  };

  let value: number, se: number;
  switch (estimator) {
    case "plugin":
      [value, se] = plugin();
      break;
    case "miller-madow": {
      const [h, s] = plugin();
      value = h + (support - 1) / (2 * total);
      se = s;
      break;
    }
    case "grassberger": {
      let sum = 0, m2 = 0;
      for (let i = 0; i < values.length; i++) {
        const n = values[i]!, g = grassbergerG(n);
        sum += multiplicity[i]! * n * g;
        m2 += (multiplicity[i]! * n / total) * (g - logN) ** 2;
      }
      value = logN - sum / total;
      se = Math.sqrt(Math.max(0, m2 - value * value) / total);
      break;
    }
    case "chao-shen": {
      const f1 = singletons === total ? total - 1 : singletons;
      const coverage = 1 - f1 / total;
      let h = 0, m2 = 0;
      for (let i = 0; i < values.length; i++) {
        const pa = coverage * values[i]! / total, lp = Math.log(pa);
        const inclusion = 1 - Math.pow(1 - pa, total);
        h -= multiplicity[i]! * pa * lp / inclusion;
        m2 += multiplicity[i]! * pa * lp * lp / inclusion;
      }
      value = h;
      // NOTE: an approximation: the plug-in delta-method formula evaluated with the coverage-adjusted,
      // inclusion-weighted probabilities. It ignores the variance of the coverage estimate Ĉ, so it
      // understates the standard error when most symbols are singletons.
      se = Math.sqrt(Math.max(0, m2 - h * h) / total);
      break;
    }
  }
  const scale = options.bits ? 1 / Math.LN2 : 1;
  return {
    estimator,
    value: value * scale,
    se: se * scale,
    unit: options.bits ? "bits" : "nats",
    total,
    support,
  };
}
