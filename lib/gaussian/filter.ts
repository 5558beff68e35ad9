/**
 * Exact one-step-ahead conditionals of the sub-volume Gaussian, layer by layer in O(L).
 *
 * For every layer k and position i the recursion computes, given the prefix `S[0 … i−1]`:
 * the conditional variance of `S[i]`, and the conditional covariance of the pair `(S[i], S[i+1])`. These
 * only depend on the layer below. Up to invertible local maps, the prefix of a layer is the prefixes of its
 * independent copies, the fresh variables, and at most four observations of the current rows. So each
 * position needs one 8-dimensional Gaussian conditioning (see `localModel`). The copies are independent
 * and identically distributed, so one set of numbers per layer serves every copy. The same recursion
 * yields the linear coefficients of the conditional means (the "gains"), used per sample in `tree.ts`.
 * @module
 */
import {
  childColumns,
  fillLocalCovariance,
  type Level,
  localModel,
  newLocalRows,
  type ResolvedSpec,
} from "./construction.ts";
import { LocalConditioner } from "./linalg.ts";

/** Conditional second moments of one layer, given the strict prefix. */
export interface FilterLevel {
  /** Var(S[i] | S[0 … i−1]), length N. */
  variance: Float64Array;
  /** Cov(S[i], S[i+1] | S[0 … i−1]), length N − 1. */
  nextCovariance: Float64Array;
  /** Var(S[i+1] | S[0 … i−1]), length N − 1. */
  nextVariance: Float64Array;
  /**
   * Mean coefficients, 32 per position: for target τ ∈ {0, 1} (S[i], S[i+1]) and x ∈ 0 … 7,
   * `onValue[i·16 + τ·8 + x]` multiplies ξ_x = (u_a, u_{a+1})_x and `onMean[…]` its prior mean.
   */
  onValue?: Float64Array;
  onMean?: Float64Array;
  /** The row a of ξ = (u_a, u_{a+1}) for each position. */
  anchor?: Int32Array;
}

/**
 * Runs the recursion for layers 0 … `levels.length − 1` with mixing matrix `mix` (the reversed-row matrix
 * gives the conditionals of the reversed sequence). `withGains` also stores the mean coefficients.
 */
export function runFilter(
  spec: ResolvedSpec,
  levels: Level[],
  mix: Float64Array,
  withGains: boolean,
): FilterLevel[] {
  const children = childColumns(spec.family);
  const out: FilterLevel[] = [{
    variance: Float64Array.of(1),
    nextCovariance: new Float64Array(0),
    nextVariance: new Float64Array(0),
  }];
  const sigma = new Float64Array(64);
  const scratch = newLocalRows();
  const conditioner = new LocalConditioner(8);
  for (let k = 1; k < levels.length; k++) {
    const level = levels[k]!;
    const child = out[k - 1]!;
    const { rows, length } = level;
    const variance = new Float64Array(length);
    const nextCovariance = new Float64Array(length - 1);
    const nextVariance = new Float64Array(length - 1);
    const onValue = withGains ? new Float64Array(length * 16) : undefined;
    const onMean = withGains ? new Float64Array(length * 16) : undefined;
    const anchor = withGains ? new Int32Array(length) : undefined;
    for (let p = 0; p < length; p++) {
      const { a, m, targets } = localModel(p, rows, mix, level.opP, level.opQ, scratch);
      const hasNext = a + 1 < rows;
      fillLocalCovariance(
        sigma,
        children,
        child.variance[a]!,
        hasNext ? child.nextCovariance[a]! : 0,
        hasNext ? child.nextVariance[a]! : 1,
      );
      conditioner.condition(sigma, scratch.h, m, scratch.t, targets);
      const cov = conditioner.cov;
      variance[p] = cov[0]!;
      if (targets === 2) {
        nextCovariance[p] = cov[1]!;
        nextVariance[p] = cov[3]!;
      }
      if (onValue && onMean && anchor) {
        onValue.set(conditioner.onValue.subarray(0, 8 * targets), p * 16);
        onMean.set(conditioner.onMean.subarray(0, 8 * targets), p * 16);
        anchor[p] = a;
      }
    }
    out.push({ variance, nextCovariance, nextVariance, onValue, onMean, anchor });
  }
  return out;
}
