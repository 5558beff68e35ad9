/**
 * `SubvolumeGaussian`: one sub-volume Gaussian sequence distribution with exact information quantities,
 * exact conditionals and an O(L)-per-sample sampler. See `construction.ts` for the construction and
 * the boundary target, `filter.ts` for the conditional recursion.
 *
 * Bipartite MI at split ℓ uses `log det Σ_XX = Σ_{i<ℓ} log Var(S_i | S_<i)` and the same for the suffix in
 * reverse order, so `I(ℓ) = ½ Σ_{i≥ℓ} [log Var(S_i | S_>i) − log Var(S_i | S_<i)]`: all splits at once in
 * O(L). The reversed sequence is the same construction with the rows of M reversed.
 * @module
 */
import {
  buildLevels,
  type GaussianSpec,
  type Level,
  mixingMatrix,
  type ResolvedSpec,
  resolveSpec,
  reversedRows,
} from "./construction.ts";
import { denseCovariance } from "./dense.ts";
import { CovarianceEntries } from "./entries.ts";
import { type FilterLevel, runFilter } from "./filter.ts";
import { klPerPosition } from "./kl.ts";
import { GaussianTree } from "./tree.ts";
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";

/** Exact conditionals of a batch of sequences: each `[count, L]`. */
export interface Conditionals {
  /** μ_i = E[z_i | z_<i]. */
  mean: Float64Array;
  /** σ_i = sd(z_i | z_<i); the same for every row. */
  std: Float64Array;
}

/** A sub-volume Gaussian of `4^layers` variables (one copy); all quantities are per copy. */
export class SubvolumeGaussian {
  /** The validated spec, boundary target filled in. */
  readonly spec: ResolvedSpec;
  /** Sequence length L = 4^layers. */
  readonly length: number;
  readonly #levels: Level[];
  #forward: FilterLevel[] | null = null;
  #backward: FilterLevel[] | null = null;
  #tree: GaussianTree | null = null;
  #entries: CovarianceEntries | null = null;

  constructor(spec: GaussianSpec) {
    this.spec = resolveSpec(spec);
    this.#levels = buildLevels(this.spec);
    this.length = 4 ** this.spec.layers;
  }

  /** Returns the dense L × L covariance (row-major); throws `InputError` above L = 4096. */
  covariance(): Float64Array {
    return denseCovariance(this.spec, this.#levels);
  }

  /** Returns Σ_ij (0-based positions) in O(layers) time, for any L. */
  covarianceEntry(i: number, j: number): number {
    this.#checkPosition(i, "i");
    this.#checkPosition(j, "j");
    this.#entries ??= new CovarianceEntries(this.spec, this.#levels);
    return this.#entries.entry(i, j);
  }

  /** Returns the two-point MI `−½ ln(1 − Σ_ij²)` between positions i and j ≠ i, in nats. */
  twoPointMI(i: number, j: number): number {
    if (i === j) throw new InputError(`twoPointMI: positions must differ, got i = j = ${i}`);
    const c = this.covarianceEntry(i, j);
    return -0.5 * Math.log1p(-c * c);
  }

  /** Returns the two-point MI between the first and the last variable, in nats. */
  antipodalTwoPointMI(): number {
    return this.twoPointMI(0, this.length - 1);
  }

  /** Draws `count` sequences with the hierarchical recipe, O(L) each; returns `[count, L]`. */
  sample(rng: Rng, count: number): Float64Array {
    checkCount(count);
    const tree = this.#getTree();
    const out = new Float64Array(count * this.length);
    for (let row = 0; row < count; row++) tree.sampleInto(rng, out.subarray(row * this.length));
    return out;
  }

  /**
   * Draws `count` sequences and their exact conditional means in one pass (the sampler already contains
   * every layer's values, so nothing is recovered from the sequence). Returns both `[count, L]`.
   */
  sampleWithMeans(rng: Rng, count: number): { z: Float64Array; mean: Float64Array } {
    checkCount(count);
    const tree = this.#getTree();
    const filter = this.#getForward(true);
    const z = new Float64Array(count * this.length);
    const mean = new Float64Array(count * this.length);
    for (let row = 0; row < count; row++) {
      const offset = row * this.length;
      tree.sampleInto(rng, z.subarray(offset, offset + this.length));
      tree.conditionalMeansInto(filter, mean.subarray(offset, offset + this.length));
    }
    return { z, mean };
  }

  /** Returns the exact conditionals of each row of `z` (`[count, L]`), O(L) per row. */
  conditionals(z: Float64Array | Float32Array): Conditionals {
    const count = this.#checkRows(z, "z");
    const tree = this.#getTree();
    const filter = this.#getForward(true);
    const mean = new Float64Array(z.length);
    const std = new Float64Array(z.length);
    const sd = this.conditionalStd();
    for (let row = 0; row < count; row++) {
      const offset = row * this.length;
      tree.decompose(z.subarray(offset, offset + this.length));
      tree.conditionalMeansInto(filter, mean.subarray(offset, offset + this.length));
      std.set(sd, offset);
    }
    return { mean, std };
  }

  /** Returns σ_i = sd(z_i | z_<i) for i = 0 … L − 1 (the same for every sample). */
  conditionalStd(): Float64Array {
    return this.#getForward(false).at(-1)!.variance.map(Math.sqrt);
  }

  /** Returns sd(z_i | z_>i) for i = 0 … L − 1, the conditionals of the reversed sequence. */
  backwardConditionalStd(): Float64Array {
    const reversed = this.#getBackward().at(-1)!.variance;
    const out = new Float64Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = Math.sqrt(reversed[this.length - 1 - i]!);
    return out;
  }

  /**
   * Returns the exact KL(p_i ‖ q_i) per position, averaged over the rows of `z`, of a model's predicted
   * means `muQ` and stds `sigmaQ` (all `[count, L]`) against the true conditionals of `z`.
   */
  klPerPosition(
    z: Float64Array | Float32Array,
    muQ: ArrayLike<number>,
    sigmaQ: ArrayLike<number>,
  ): Float64Array {
    const { mean } = this.conditionals(z);
    return klPerPosition(mean, this.conditionalStd(), muQ, sigmaQ);
  }

  /** Returns `log det Σ` in O(L). */
  logDet(): number {
    let s = 0;
    for (const v of this.#getForward(false).at(-1)!.variance) s += Math.log(v);
    return s;
  }

  /** Returns the bipartite MI I(S_<ℓ; S_≥ℓ) in nats for split ℓ ∈ [1, L − 1] (default L/2). */
  bmi(split: number = this.length / 2): number {
    if (!Number.isInteger(split) || split < 1 || split > this.length - 1) {
      throw new InputError(`invalid split ${split}: use an integer from 1 to L − 1 = ${this.length - 1}`);
    }
    return this.bmiAllSplits()[split - 1]!;
  }

  /** Returns the bipartite MI at every split ℓ = 1 … L − 1 (entry ℓ − 1), in nats, in O(L). */
  bmiAllSplits(): Float64Array {
    const forward = this.#getForward(false).at(-1)!.variance;
    const backward = this.#getBackward().at(-1)!.variance;
    const n = this.length;
    const out = new Float64Array(n - 1);
    let s = 0;
    for (let i = n - 1; i >= 1; i--) {
      s += Math.log(backward[n - 1 - i]!) - Math.log(forward[i]!);
      out[i - 1] = 0.5 * s;
    }
    return out;
  }

  #getForward(withGains: boolean): FilterLevel[] {
    if (!this.#forward || (withGains && !this.#forward.at(-1)!.onValue)) {
      this.#forward = runFilter(this.spec, this.#levels, mixingMatrix(), withGains);
    }
    return this.#forward;
  }

  #getBackward(): FilterLevel[] {
    this.#backward ??= runFilter(this.spec, this.#levels, reversedRows(mixingMatrix()), false);
    return this.#backward;
  }

  #getTree(): GaussianTree {
    this.#tree ??= new GaussianTree(this.spec, this.#levels, mixingMatrix());
    return this.#tree;
  }

  #checkPosition(i: number, name: string): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new InputError(
        `invalid position ${name} = ${i}: use an integer from 0 to L − 1 = ${this.length - 1}`,
      );
    }
  }

  #checkRows(z: ArrayLike<number>, name: string): number {
    if (z.length === 0 || z.length % this.length !== 0) {
      throw new InputError(
        `${name} has ${z.length} values: pass [count, L] row-major with L = ${this.length} and count ≥ 1`,
      );
    }
    return z.length / this.length;
  }
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new InputError(`invalid sample count ${count}: use a positive integer`);
  }
}

/** Creates the sub-volume Gaussian of `spec`; throws `InputError` on an invalid family, depth or target. */
export function subvolumeGaussian(spec: GaussianSpec): SubvolumeGaussian {
  return new SubvolumeGaussian(spec);
}
