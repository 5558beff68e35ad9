/**
 * Adapter from the sub-volume Gaussian module to the training {@link GaussianSource} interface: `copies`
 * independent sequences per sample become the channels of each token, and an all-zero BOS token leads.
 *
 * @example
 * ```ts
 * import { Rng } from "@l2m/util/prng.ts";
 * import { gaussianSource } from "@l2m/train/gaussian_data.ts";
 * const src = gaussianSource({ family: 1, layers: 2, copies: 4 });
 * const b = src.batch(new Rng(0), 2);
 * console.assert(src.length === 16 && b.tokens.length === 2 * 17 * 4);
 * ```
 * @module
 */
import { subvolumeGaussian } from "../gaussian/subvolume.ts";
import { InputError } from "../util/errors.ts";
import type { GaussianSource } from "./tasks.ts";

/** Specification of the Gaussian training data. */
export interface GaussianDataSpec {
  /** 1: power-law BMI (β ≈ 0.79); 2: logarithmic BMI. */
  family: 1 | 2;
  /** Construction layers l; L = 4^l. */
  layers: number;
  /** Independent copies per token (the L²M paper trains with 64). */
  copies: number;
  /** Boundary correlation target (default: the Gaussian module's default, 0.4). */
  boundary?: number;
}

/** A {@link GaussianSource} plus the exact bipartite MI of all copies at the midpoint split. */
export interface GaussianData extends GaussianSource {
  spec: GaussianDataSpec;
  /** I^BP(L) in nats for `copies` copies (copies × the single-copy value), split at L/2. */
  bmi: number;
  /**
   * KL per variable of the context-free predictor N(0, 1): the mean over positions of −ln σ^p_i. A model
   * that learned nothing from the past scores this; it grows with L.
   */
  klUnconditional: number;
}

/** Builds the source for a spec; validates `copies`. */
export function gaussianSource(spec: GaussianDataSpec): GaussianData {
  if (!Number.isInteger(spec.copies) || spec.copies <= 0) {
    throw new InputError(`copies must be a positive integer, got ${spec.copies}`);
  }
  const g = subvolumeGaussian({ family: spec.family, layers: spec.layers, boundary: spec.boundary });
  const std = g.conditionalStd();
  return {
    spec,
    length: g.length,
    copies: spec.copies,
    bmi: spec.copies * g.bmi(),
    klUnconditional: std.reduce((a, s) => a - Math.log(s), 0) / std.length,
    batch: (rng, batch) => {
      const l = g.length, c = spec.copies;
      const { z, mean } = g.sampleWithMeans(rng, batch * c); // [batch·c, L], sequence k = b·c + j
      const tokens = new Float32Array(batch * (l + 1) * c);
      const mu = new Float32Array(batch * l * c);
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < c; j++) {
          const row = (b * c + j) * l;
          for (let t = 0; t < l; t++) {
            tokens[(b * (l + 1) + t + 1) * c + j] = z[row + t]!;
            mu[(b * l + t) * c + j] = mean[row + t]!;
          }
        }
      }
      return { tokens, mean: mu, std: Float32Array.from(std) };
    },
  };
}
