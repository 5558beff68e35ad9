/**
 * Sub-volume Gaussian sequences (Chen et al., "L²M", arXiv 2503.04725, App. C.II): synthetic sequences
 * with exactly known bipartite MI (family 1: power law with β ≈ 0.79; family 2: log L), identical
 * antipodal two-point MI in both families, exact conditionals and an O(L) sampler.
 *
 * @example
 * ```ts
 * import { subvolumeGaussian } from "@l2m/gaussian/mod.ts";
 * import { Rng } from "@l2m/util/prng.ts";
 * const g = subvolumeGaussian({ family: 1, layers: 3 });
 * console.assert(Math.abs(g.bmi() - 3.0497) < 1e-3);
 * const z = g.sample(new Rng(1), 2);
 * const { mean, std } = g.conditionals(z);
 * console.assert(mean.length === 2 * 64 && std.length === 2 * 64);
 * ```
 * @module
 */
export {
  boundaryTransform,
  DEFAULT_BOUNDARY,
  type GaussianSpec,
  MAX_LAYERS,
  mixingMatrix,
  type ResolvedSpec,
} from "./construction.ts";
export { type Conditionals, SubvolumeGaussian, subvolumeGaussian } from "./subvolume.ts";
export { DEFAULT_COPIES, type TrainingBatch, trainingBatch } from "./training.ts";
export { gaussianKL, klPerPosition, klPerPositionStacked } from "./kl.ts";
export {
  bmiScaling,
  crossPairTwoPointSum,
  localExponents,
  type ScalingRow,
  twoPointProfile,
} from "./analysis.ts";
export { denseBipartiteMI, denseConditionals, denseLogDet, denseSample, MAX_DENSE_LENGTH } from "./dense.ts";
