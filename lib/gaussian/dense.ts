/**
 * Dense reference computations for the sub-volume Gaussian at small L: the full covariance built layer by
 * layer, and conditionals, log-determinants and samples from its Cholesky factor. These are O(L²) memory
 * and O(L³) time; the structured algorithms in `filter.ts` and `tree.ts` are checked against them.
 * @module
 */
import { childColumns, type Level, mixingMatrix, type ResolvedSpec } from "./construction.ts";
import { cholesky, logDetFromCholesky, solveLowerInPlace, subMatrix } from "./linalg.ts";
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";

/** Largest L for which a dense covariance is built (4096² doubles = 128 MiB). */
export const MAX_DENSE_LENGTH = 4096;

/**
 * Builds the dense L × L covariance (row-major). Per layer: `Σ_pre = Σ_child ⊗ T_copy + I ⊗ T_fresh` with
 * `T_copy = M_copy M_copyᵀ` and `T_fresh = M_fresh M_freshᵀ` (columns of M that hold copies or fresh
 * variables), then each boundary pair's rows and columns are mixed by `[[p, q], [q, p]]`.
 */
export function denseCovariance(spec: ResolvedSpec, levels: Level[]): Float64Array {
  const top = levels[levels.length - 1]!;
  if (top.length > MAX_DENSE_LENGTH) {
    throw new InputError(
      `a dense covariance of L = ${top.length} is too large: the limit is L = ${MAX_DENSE_LENGTH} ` +
        `(${Math.log(MAX_DENSE_LENGTH) / Math.log(4)} layers); use the structured methods instead`,
    );
  }
  const mix = mixingMatrix();
  const copies = childColumns(spec.family);
  const tCopy = new Float64Array(16), tFresh = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      for (let c = 0; c < 4; c++) {
        const term = mix[i * 4 + c]! * mix[j * 4 + c]!;
        if (copies.includes(c)) tCopy[i * 4 + j]! += term;
        else tFresh[i * 4 + j]! += term;
      }
    }
  }
  let sigma = Float64Array.of(1);
  for (let k = 1; k < levels.length; k++) {
    const { rows, length, opP, opQ } = levels[k]!;
    const next = new Float64Array(length * length);
    for (let r = 0; r < rows; r++) {
      for (let s = 0; s < rows; s++) {
        const base = sigma[r * rows + s]!;
        for (let i = 0; i < 4; i++) {
          const rowOffset = (4 * r + i) * length + 4 * s;
          for (let j = 0; j < 4; j++) {
            next[rowOffset + j] = base * tCopy[i * 4 + j]! + (r === s ? tFresh[i * 4 + j]! : 0);
          }
        }
      }
    }
    for (let a = 0; a < rows - 1; a++) mixPair(next, length, 4 * a + 3, 4 * a + 4, opP[a]!, opQ[a]!);
    sigma = next;
  }
  return sigma;
}

/** Applies `[[p, q], [q, p]]` to rows x, y and then to columns x, y of the symmetric `n × n` matrix. */
function mixPair(a: Float64Array, n: number, x: number, y: number, p: number, q: number): void {
  for (let c = 0; c < n; c++) {
    const ax = a[x * n + c]!, ay = a[y * n + c]!;
    a[x * n + c] = p * ax + q * ay;
    a[y * n + c] = q * ax + p * ay;
  }
  for (let r = 0; r < n; r++) {
    const ax = a[r * n + x]!, ay = a[r * n + y]!;
    a[r * n + x] = p * ax + q * ay;
    a[r * n + y] = q * ax + p * ay;
  }
}

/** Returns `log det Σ[from:to, from:to]` via a dense Cholesky factorisation. */
export function denseLogDet(sigma: Float64Array, n: number, from = 0, to = n): number {
  const block = from === 0 && to === n ? sigma : subMatrix(sigma, n, from, from, to - from, to - from);
  return logDetFromCholesky(cholesky(block, to - from), to - from);
}

/** Returns the bipartite MI `½(log det Σ_XX + log det Σ_YY − log det Σ)` for X = S[0:split], in nats. */
export function denseBipartiteMI(sigma: Float64Array, n: number, split: number): number {
  return 0.5 * (denseLogDet(sigma, n, 0, split) + denseLogDet(sigma, n, split, n) - denseLogDet(sigma, n));
}

/**
 * Returns the exact conditionals from the Cholesky factor `Σ = C Cᵀ`: σ_i = C_ii and
 * μ_i = Σ_{j<i} C_ij ε_j with ε = C⁻¹ z, for each row of `z` (`[count, n]`).
 */
export function denseConditionals(
  sigma: Float64Array,
  n: number,
  z: Float64Array,
): { mean: Float64Array; std: Float64Array } {
  const factor = cholesky(sigma, n);
  const count = z.length / n;
  const mean = new Float64Array(z.length);
  const std = new Float64Array(z.length);
  for (let row = 0; row < count; row++) {
    const eps = solveLowerInPlace(factor, n, z.slice(row * n, row * n + n));
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < i; j++) s += factor[i * n + j]! * eps[j]!;
      mean[row * n + i] = s;
      std[row * n + i] = factor[i * n + i]!;
    }
  }
  return { mean, std };
}

/** Draws `count` samples `z = C ε` from N(0, Σ) with the Cholesky factor C; returns `[count, n]`. */
export function denseSample(sigma: Float64Array, n: number, rng: Rng, count: number): Float64Array {
  const factor = cholesky(sigma, n);
  const out = new Float64Array(count * n);
  const eps = new Float64Array(n);
  for (let row = 0; row < count; row++) {
    rng.fillNormal(eps);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += factor[i * n + j]! * eps[j]!;
      out[row * n + i] = s;
    }
  }
  return out;
}
