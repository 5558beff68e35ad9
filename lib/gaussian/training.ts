/**
 * Training batches for sequence models on the sub-volume Gaussian: `copies` independent sequences are
 * stacked so that token i is the vector W_i = (Z_{i,1}, …, Z_{i,copies}), and an all-zero token W_0 is
 * prepended as the start token. The true conditional N(μ_i, σ_i²) of each entry comes with the batch,
 * for the exact-KL training loss; σ_i is the same for every copy and every sequence.
 * @module
 */
import type { SubvolumeGaussian } from "./subvolume.ts";
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";

/** Default number of stacked independent copies per token, as in Chen et al. (L²M, App. F.I). */
export const DEFAULT_COPIES = 64;

/** One batch of stacked sequences with their exact conditionals. */
export interface TrainingBatch {
  /** `[batch, L + 1, copies]`; position 0 is the all-zero start token. */
  tokens: Float32Array;
  /** True conditional means of tokens 1 … L: `[batch, L, copies]`. */
  mean: Float32Array;
  /** True conditional stds of tokens 1 … L: `[L]`. */
  std: Float32Array;
}

/**
 * Samples `batch` sequences of `copies`-dimensional tokens and their exact conditional means.
 * O(batch · copies · L).
 */
export function trainingBatch(
  g: SubvolumeGaussian,
  rng: Rng,
  batch: number,
  copies: number = DEFAULT_COPIES,
): TrainingBatch {
  for (const [name, value] of [["batch", batch], ["copies", copies]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new InputError(`invalid ${name} ${value}: use a positive integer`);
    }
  }
  const n = g.length;
  const tokens = new Float32Array(batch * (n + 1) * copies);
  const mean = new Float32Array(batch * n * copies);
  for (let b = 0; b < batch; b++) {
    const { z, mean: mu } = g.sampleWithMeans(rng, copies);
    for (let c = 0; c < copies; c++) {
      for (let i = 0; i < n; i++) {
        tokens[(b * (n + 1) + i + 1) * copies + c] = z[c * n + i]!;
        mean[(b * n + i) * copies + c] = mu[c * n + i]!;
      }
    }
  }
  return { tokens, mean, std: Float32Array.from(g.conditionalStd()) };
}
