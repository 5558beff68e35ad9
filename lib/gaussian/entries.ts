/**
 * Single covariance entries Σ_ij of the sub-volume Gaussian without building Σ, in O(layers) time.
 *
 * After the boundary transform each variable is a combination of at most two pre-transform variables
 * Z_{r,a}, and `Cov(Z_{r,a}, Z_{s,b}) = T_copy[a,b] · Σ_child[r,s] + [r = s] · T_fresh[a,b]`, so an entry
 * of layer k needs at most four entries of layer k − 1. The row indices involved stay within a window of
 * a few rows around r and s, so memoising by (layer, i, j) keeps the work per layer bounded.
 * @module
 */
import { childColumns, type Level, mixingMatrix, type ResolvedSpec } from "./construction.ts";

/** Computes covariance entries of one construction; caches the entries it visits. */
export class CovarianceEntries {
  readonly #levels: Level[];
  readonly #copy = new Float64Array(16);
  readonly #fresh = new Float64Array(16);
  readonly #memo = new Map<string, number>();

  constructor(spec: ResolvedSpec, levels: Level[]) {
    this.#levels = levels;
    const mix = mixingMatrix();
    const copies = childColumns(spec.family);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        for (let c = 0; c < 4; c++) {
          const term = mix[i * 4 + c]! * mix[j * 4 + c]!;
          if (copies.includes(c)) this.#copy[i * 4 + j]! += term;
          else this.#fresh[i * 4 + j]! += term;
        }
      }
    }
  }

  /** Returns Σ_ij of the top layer (0-based positions). */
  entry(i: number, j: number): number {
    return this.#at(this.#levels.length - 1, i, j);
  }

  #at(k: number, i: number, j: number): number {
    if (k === 0) return 1;
    const key = `${k}:${i}:${j}`;
    const cached = this.#memo.get(key);
    if (cached !== undefined) return cached;
    let s = 0;
    for (const [ri, ai, wi] of this.#terms(k, i)) {
      for (const [rj, aj, wj] of this.#terms(k, j)) {
        const pre = this.#copy[ai * 4 + aj]! * this.#at(k - 1, ri, rj) +
          (ri === rj ? this.#fresh[ai * 4 + aj]! : 0);
        s += wi * wj * pre;
      }
    }
    this.#memo.set(key, s);
    return s;
  }

  /** Pre-transform terms (row, column, weight) that make up position i of layer k. */
  #terms(k: number, i: number): Array<[number, number, number]> {
    const { rows, opP, opQ } = this.#levels[k]!;
    const r = i >> 2, a = i & 3;
    if (a === 3 && r < rows - 1) return [[r, 3, opP[r]!], [r + 1, 0, opQ[r]!]];
    if (a === 0 && r > 0) return [[r - 1, 3, opQ[r - 1]!], [r, 0, opP[r - 1]!]];
    return [[r, a, 1]];
  }
}
