/**
 * Exact KL of simple linear predictors of a sub-volume Gaussian, the reference levels that trained models
 * are read against. Both see only the last `window` variables (zeros before the start, like the all-zero
 * BOS token the models get):
 *
 * - **positional**: the best linear predictor given the position i. Its coefficients and σ may differ
 *   at every i. Its KL is ½ ln(σ²_{i|window}/σ²_{i|all past}) per position, 0 once the window covers the
 *   whole past. A Transformer with learned positions can represent it.
 * - **position-blind**: one set of coefficients and one σ shared by all positions (least squares over all
 *   positions). A model with no position signal that predicts linearly from the last `window` tokens can do
 *   no better. It is a reference, not a bound on SSMs: a nonlinear model can infer the position from the
 *   data.
 *
 * Values are nats per variable, averaged over the L positions, for one copy (copies are independent and
 * identical, so the per-variable value is the same for any number of copies).
 *
 * @example
 * ```ts
 * import { subvolumeGaussian } from "@l2m/gaussian/mod.ts";
 * import { linearPredictorKl } from "@l2m/train/reference_predictors.ts";
 * const g = subvolumeGaussian({ family: 1, layers: 2 });
 * console.assert(Math.abs(linearPredictorKl(g, 15, "positional")) < 1e-9);
 * ```
 * @module
 */
import type { SubvolumeGaussian } from "../gaussian/subvolume.ts";
import { InputError } from "../util/errors.ts";

/** Kind of linear predictor that {@link linearPredictorKl} evaluates. */
export type ReferencePredictor = "positional" | "position-blind";

/** Solves the symmetric positive-definite system `a x = b` (row-major `n×n`) by Cholesky, in place. */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    if (!(d > 0)) throw new Error(`covariance block is not positive definite at column ${j}`);
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / ljj;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * y[k]!;
    y[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * y[k]!;
    y[i] = s / a[i * n + i]!;
  }
  return y;
}

/**
 * Average exact KL (nats per variable) of the best `kind` linear predictor given the last `window`
 * variables of `g`. It uses the dense covariance, so L ≤ 4096. `window` 0 gives the context-free N(0, 1).
 */
export function linearPredictorKl(g: SubvolumeGaussian, window: number, kind: ReferencePredictor): number {
  if (!Number.isInteger(window) || window < 0) {
    throw new InputError(`window must be a non-negative integer, got ${window}`);
  }
  const l = g.length, cov = g.covariance(), sp = g.conditionalStd();
  const c = (p: number, q: number) => (p < 0 || q < 0 ? 0 : cov[p * l + q]!);
  const k = Math.min(window, l - 1);
  let total = 0;
  if (kind === "positional") {
    for (let i = 0; i < l; i++) {
      const n = Math.min(k, i);
      let v = c(i, i);
      if (n > 0) {
        const a = new Float64Array(n * n), b = new Float64Array(n);
        for (let u = 0; u < n; u++) {
          b[u] = c(i, i - 1 - u);
          for (let w = 0; w < n; w++) a[u * n + w] = c(i - 1 - u, i - 1 - w);
        }
        const x = solveSpd(a, Float64Array.from(b), n);
        for (let u = 0; u < n; u++) v -= x[u]! * b[u]!;
      }
      total += 0.5 * Math.log(v / sp[i]! ** 2);
    }
    return total / l;
  }
  // Position-blind: least squares over all positions, then one σ² = the mean squared error.
  const mse = new Float64Array(l);
  let w: Float64Array = new Float64Array(0);
  if (k > 0) {
    const a = new Float64Array(k * k), b = new Float64Array(k);
    for (let i = 0; i < l; i++) {
      for (let u = 0; u < k; u++) {
        b[u] = b[u]! + c(i, i - 1 - u);
        for (let v = 0; v < k; v++) a[u * k + v] = a[u * k + v]! + c(i - 1 - u, i - 1 - v);
      }
    }
    // A ridge of 1e-12·trace keeps the system definite when early positions see zero padding only.
    let trace = 0;
    for (let u = 0; u < k; u++) trace += a[u * k + u]!;
    for (let u = 0; u < k; u++) a[u * k + u] = a[u * k + u]! + 1e-12 * trace;
    w = solveSpd(a, b, k);
  }
  for (let i = 0; i < l; i++) {
    let s = c(i, i);
    for (let u = 0; u < k; u++) {
      s -= 2 * w[u]! * c(i, i - 1 - u);
      for (let v = 0; v < k; v++) s += w[u]! * w[v]! * c(i - 1 - u, i - 1 - v);
    }
    mse[i] = s;
  }
  const s2 = mse.reduce((a, x) => a + x, 0) / l;
  for (let i = 0; i < l; i++) total += 0.5 * Math.log(s2 / sp[i]! ** 2) + mse[i]! / (2 * s2) - 0.5;
  return total / l;
}
