/**
 * Per-sample work on the generative tree of the sub-volume Gaussian, each O(L) per sequence:
 * hierarchical sampling (bottom-up, as the construction is defined), recovering every layer's copies and
 * fresh variables from a sequence (top-down, inverting the boundary pairs and M), and the exact
 * conditional means E[S_i | S_<i] (bottom-up with the gains of `filter.ts`).
 *
 * Layer k contains `copies(k)` independent sequences of length 4^k: 3^(layers−k) in family 1, one in
 * family 2. Copy i of layer k is built from copies `i·q … i·q + q − 1` of layer k − 1 (q = copies per row).
 * @module
 */
import { childColumns, type Level, type ResolvedSpec } from "./construction.ts";
import type { FilterLevel } from "./filter.ts";
import { cholesky, solveLowerInPlace, solveUpperTransposedInPlace } from "./linalg.ts";
import type { Rng } from "../util/prng.ts";

/** Reusable buffers and constants for sampling and conditioning one sequence at a time. */
export class GaussianTree {
  readonly #levels: Level[];
  readonly #mix: Float64Array;
  readonly #inverse: Float64Array;
  readonly #children: number[];
  readonly #fresh: number[];
  /** Number of copies at each layer. */
  readonly copies: number[];
  /** Sequence values per layer, `[copies(k), 4^k]`. */
  readonly #values: Float64Array[];
  /** Row inputs u per layer k ≥ 1, `[copies(k), rows, 4]` (layer 0 has none). */
  readonly #inputs: Float64Array[];
  #means: Float64Array[] | null = null;
  #nextMeans: Float64Array[] | null = null;

  constructor(spec: ResolvedSpec, levels: Level[], mix: Float64Array) {
    this.#levels = levels;
    this.#mix = mix;
    this.#inverse = invert4(mix);
    this.#children = childColumns(spec.family);
    this.#fresh = [0, 1, 2, 3].filter((c) => !this.#children.includes(c));
    const top = levels.length - 1;
    const q = this.#children.length;
    this.copies = levels.map((_, k) => q ** (top - k));
    this.#values = levels.map((level, k) => new Float64Array(this.copies[k]! * level.length));
    this.#inputs = levels.map((level, k) => new Float64Array(this.copies[k]! * level.rows * 4));
  }

  /** Draws one sequence with the hierarchical recipe into `out` (length L). */
  sampleInto(rng: Rng, out: Float64Array): void {
    const values = this.#values;
    const zero = values[0]!;
    for (let i = 0; i < zero.length; i++) zero[i] = rng.normal();
    for (let k = 1; k < this.#levels.length; k++) {
      const { rows, length } = this.#levels[k]!;
      const input = this.#inputs[k]!, child = values[k - 1]!;
      const q = this.#children.length;
      for (let copy = 0; copy < this.copies[k]!; copy++) {
        for (let r = 0; r < rows; r++) {
          const u = (copy * rows + r) * 4;
          for (let ci = 0; ci < q; ci++) input[u + this.#children[ci]!] = child[(copy * q + ci) * rows + r]!;
          for (const c of this.#fresh) input[u + c] = rng.normal();
        }
      }
      this.#forwardLayer(k, values[k]!, input);
      if (k === this.#levels.length - 1) out.set(values[k]!.subarray(0, length));
    }
  }

  /** Applies M to every row input and then the boundary pairs, writing layer k's sequences. */
  #forwardLayer(k: number, dest: Float64Array, input: Float64Array): void {
    const { rows, length, opP, opQ } = this.#levels[k]!;
    const mix = this.#mix;
    for (let copy = 0; copy < this.copies[k]!; copy++) {
      const base = copy * length;
      for (let r = 0; r < rows; r++) {
        const u = (copy * rows + r) * 4;
        for (let i = 0; i < 4; i++) {
          dest[base + 4 * r + i] = mix[i * 4]! * input[u]! + mix[i * 4 + 1]! * input[u + 1]! +
            mix[i * 4 + 2]! * input[u + 2]! + mix[i * 4 + 3]! * input[u + 3]!;
        }
      }
      for (let a = 0; a < rows - 1; a++) {
        const x = dest[base + 4 * a + 3]!, y = dest[base + 4 * a + 4]!;
        dest[base + 4 * a + 3] = opP[a]! * x + opQ[a]! * y;
        dest[base + 4 * a + 4] = opQ[a]! * x + opP[a]! * y;
      }
    }
  }

  /** Recovers every layer's copies and fresh variables from one top-level sequence `z` (length L). */
  decompose(z: Float64Array | Float32Array): void {
    const top = this.#levels.length - 1;
    this.#values[top]!.set(z);
    const inv = this.#inverse;
    const q = this.#children.length;
    for (let k = top; k >= 1; k--) {
      const { rows, length, opP, opQ } = this.#levels[k]!;
      const seq = this.#values[k]!, input = this.#inputs[k]!, child = this.#values[k - 1]!;
      const row = new Float64Array(4 * rows);
      for (let copy = 0; copy < this.copies[k]!; copy++) {
        row.set(seq.subarray(copy * length, copy * length + length));
        for (let a = 0; a < rows - 1; a++) {
          const x = row[4 * a + 3]!, y = row[4 * a + 4]!;
          const det = opP[a]! * opP[a]! - opQ[a]! * opQ[a]!;
          row[4 * a + 3] = (opP[a]! * x - opQ[a]! * y) / det;
          row[4 * a + 4] = (opP[a]! * y - opQ[a]! * x) / det;
        }
        for (let r = 0; r < rows; r++) {
          const u = (copy * rows + r) * 4;
          for (let c = 0; c < 4; c++) {
            input[u + c] = inv[c * 4]! * row[4 * r]! + inv[c * 4 + 1]! * row[4 * r + 1]! +
              inv[c * 4 + 2]! * row[4 * r + 2]! + inv[c * 4 + 3]! * row[4 * r + 3]!;
          }
          for (let ci = 0; ci < q; ci++) child[(copy * q + ci) * rows + r] = input[u + this.#children[ci]!]!;
        }
      }
    }
  }

  /**
   * Writes E[S_i | S_<i] of the sequence last passed to {@link decompose} into `out` (length L).
   * `filter` must come from `runFilter(…, withGains = true)` with the same mixing matrix.
   */
  conditionalMeansInto(filter: FilterLevel[], out: Float64Array): void {
    if (!this.#means || !this.#nextMeans) {
      this.#means = this.#values.map((v) => new Float64Array(v.length));
      this.#nextMeans = this.#values.map((v) => new Float64Array(v.length));
    }
    const means = this.#means, nextMeans = this.#nextMeans;
    means[0]!.fill(0);
    const q = this.#children.length;
    const children = this.#children;
    for (let k = 1; k < this.#levels.length; k++) {
      const { rows, length } = this.#levels[k]!;
      const { onValue, onMean, anchor } = filter[k]!;
      if (!onValue || !onMean || !anchor) throw new Error("conditionalMeansInto: the filter has no gains");
      const input = this.#inputs[k]!, childMean = means[k - 1]!, childNext = nextMeans[k - 1]!;
      const mean = means[k]!, next = nextMeans[k]!;
      const copies = this.copies[k]!;
      // Positions outermost: every copy of a layer shares the gains of a position, so they are read once.
      for (let p = 0; p < length; p++) {
        const a = anchor[p]!;
        const width = a + 1 < rows ? 8 : 4;
        const g = p * 16;
        for (let copy = 0; copy < copies; copy++) {
          const u = (copy * rows + a) * 4;
          let m0 = 0, m1 = 0;
          for (let x = 0; x < width; x++) {
            m0 += onValue[g + x]! * input[u + x]!;
            m1 += onValue[g + 8 + x]! * input[u + x]!;
          }
          // Prior means are zero for fresh variables, so only the copies' columns contribute.
          for (let ci = 0; ci < q; ci++) {
            const c = children[ci]!, childIndex = (copy * q + ci) * rows + a;
            const current = childMean[childIndex]!;
            m0 += onMean[g + c]! * current;
            m1 += onMean[g + 8 + c]! * current;
            if (width === 8) {
              const following = childNext[childIndex]!;
              m0 += onMean[g + 4 + c]! * following;
              m1 += onMean[g + 12 + c]! * following;
            }
          }
          mean[copy * length + p] = m0;
          next[copy * length + p] = m1;
        }
      }
    }
    out.set(means[this.#levels.length - 1]!);
  }
}

/** Inverts an invertible 4 × 4 matrix as M⁻¹ = (Mᵀ M)⁻¹ Mᵀ, with a Cholesky factor of Mᵀ M. */
function invert4(mix: Float64Array): Float64Array {
  const gram = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      for (let r = 0; r < 4; r++) gram[i * 4 + j]! += mix[r * 4 + i]! * mix[r * 4 + j]!;
    }
  }
  const factor = cholesky(gram, 4);
  const inv = new Float64Array(16);
  for (let r = 0; r < 4; r++) {
    const column = Float64Array.from([mix[r * 4]!, mix[r * 4 + 1]!, mix[r * 4 + 2]!, mix[r * 4 + 3]!]);
    solveLowerInPlace(factor, 4, column);
    solveUpperTransposedInPlace(factor, 4, column);
    for (let i = 0; i < 4; i++) inv[i * 4 + r] = column[i]!;
  }
  return inv;
}
