/**
 * The exact KL floor of a retained set on Gaussian data, without training.
 *
 * Let the prediction of variable z_t read only linear features F = A·z_{<t} of the past: the raw entries
 * a `dilated` pattern keeps, or the raw window plus block means of a `pooled` one. For jointly Gaussian
 * data the best such predictor is N(E[z_t | F], Var(z_t | F)), and its expected KL to the true conditional
 * N(μ_t, σ_t²) is
 *
 *   KL_t = ½ ln( Var(z_t | F) / σ_t² ),   Var(z_t | F) = Σ_tt − Σ_tF Σ_FF⁻¹ Σ_Ft.
 *
 * This is a lower bound for a one-layer attention model with that mask (its keys and values at entry j are
 * functions of token j alone). With more layers, a retained entry can summarise tokens the mask drops, so
 * trained multi-layer models may go below it. Entry 0 is the all-zero BOS and carries no information;
 * entry j ≥ 1 is variable z_{j−1}, so the query at input index t predicts z_t.
 *
 * @example
 * ```ts
 * import { subvolumeGaussian } from "@l2m/gaussian/mod.ts";
 * import { retainedSetKl } from "@l2m/models/sparse/oracle.ts";
 * const g = subvolumeGaussian({ family: 1, layers: 3 });
 * const full = retainedSetKl(g, { memory: "dilated", gamma: 1, coefficient: 1, window: 1 }, [10, 40]);
 * console.assert(full.every((kl) => Math.abs(kl) < 1e-9));
 * ```
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { allowedMask, type GrowthPattern, poolLayout } from "./patterns.ts";

/** The covariance access the oracle needs (a `SubvolumeGaussian` provides it). */
export interface CovarianceSource {
  readonly length: number;
  /** Dense covariance, row-major `[length, length]`. */
  covariance(): Float64Array;
  conditionalStd(): Float64Array;
}

/** Cholesky solve of the SPD system `m x = b` (size n, row-major), in place on copies. */
function solveSpd(m: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`covariance of the retained features is singular at row ${i}`);
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** Features read by the query at input index `t`: lists of (variable index, weight) pairs. */
function features(pattern: GrowthPattern, row: Uint8Array, t: number, length: number): [number, number][][] {
  const out: [number, number][][] = [];
  for (let j = 1; j <= t; j++) if (row[j]) out.push([[j - 1, 1]]);
  if (pattern.memory === "pooled") {
    const layout = poolLayout(length);
    layout.sizes.forEach((s, level) => {
      for (let k = 0; k < Math.floor(length / s); k++) {
        if (!row[length + layout.offsets[level]! + k]) continue;
        const f: [number, number][] = [];
        for (let j = Math.max(1, k * s); j < (k + 1) * s; j++) f.push([j - 1, 1 / s]);
        if (f.length) out.push(f);
      }
    });
  }
  return out;
}

/**
 * Exact minimal KL (nats per variable) at each query index in `positions` (0 … length − 1) for a
 * predictor that reads only the pattern's retained features of the Gaussian's past.
 */
export function retainedSetKl(
  gaussian: CovarianceSource,
  pattern: GrowthPattern,
  positions: readonly number[],
): Float64Array {
  const length = gaussian.length;
  for (const t of positions) {
    if (!Number.isSafeInteger(t) || t < 0 || t >= length) {
      throw new InputError(`invalid position ${t}: expected an integer in [0, ${length - 1}]`);
    }
  }
  const { mask, columns } = allowedMask(pattern, length);
  const sigma = gaussian.conditionalStd();
  const c = gaussian.covariance();
  return Float64Array.from(positions, (t) => {
    const f = features(pattern, mask.subarray(t * columns, (t + 1) * columns), t, length);
    let variance = c[t * length + t]!;
    // Reading every raw past entry is the full conditional: KL 0 exactly (skips a t×t solve).
    if (f.length === t && f.every((x) => x.length === 1)) return 0;
    if (f.length > 0) {
      const n = f.length;
      // g[i][k] = (A C)[i][k] over columns k ≤ t; then Σ_FF = g Aᵀ and Σ_Ft = g[:, t].
      const g = new Float64Array(n * (t + 1));
      f.forEach((feature, i) => {
        for (const [v, w] of feature) {
          const row = v * length;
          for (let k = 0; k <= t; k++) g[i * (t + 1) + k]! += w * c[row + k]!;
        }
      });
      const m = new Float64Array(n * n), b = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        b[i] = g[i * (t + 1) + t]!;
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (const [v, w] of f[j]!) s += w * g[i * (t + 1) + v]!;
          m[i * n + j] = m[j * n + i] = s;
        }
      }
      const x = solveSpd(m, b, n);
      for (let i = 0; i < n; i++) variance -= x[i]! * b[i]!;
    }
    return Math.max(0, 0.5 * Math.log(variance / sigma[t]! ** 2));
  });
}
