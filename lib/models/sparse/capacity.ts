/**
 * The bipartite MI a trained Gaussian model expresses, measured exactly in its KL terms.
 *
 * By the chain rule, I(X;Y) = Σ_k E[ KL( p(y_k | x, y_<k) ‖ p(y_k | y_<k) ) ]. Replacing both conditionals
 * with the model (scored once after reading X, once from BOS on Y alone) gives the direct estimator with
 * the model as its own scorer:
 *
 *   Î_q = Σ_{k} E[ KL(p_k ‖ q_k^{Y only}) − KL(p_k ‖ q_k^{X,Y}) ] · C        (nats, C channels)
 *
 * where p_k is the true conditional given the whole past, known in closed form for the sub-volume
 * Gaussian. A perfect model gives Î_q = I^BP exactly; a model that ignores X gives 0. Assumption: Y read
 * from BOS looks like the start of a sequence to the model (the halves of the sub-volume Gaussian are built
 * from the same tree, but their boundary correlations differ slightly).
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../util/prng.ts";
import type { SequenceModel } from "../model.ts";
import { gaussianKl } from "../../train/losses.ts";
import type { GaussianSource } from "../../train/tasks.ts";

/** Result of {@link expressedBmi}. */
export interface ExpressedBmi {
  /** Î_q in nats for all channels. */
  bmi: number;
  /** Σ_k KL with X in context, nats for all channels. */
  klWithX: number;
  /** Σ_k KL from BOS on Y alone, nats for all channels. */
  klYOnly: number;
  samples: number;
}

/** Measures Î_q at the midpoint split on `samples` fresh sequences (batches of `batch`). */
export async function expressedBmi(
  model: SequenceModel,
  source: GaussianSource,
  options: { samples: number; batch: number; seed: number },
): Promise<ExpressedBmi> {
  const l = source.length, c = source.copies, half = l / 2;
  let withX = 0, yOnly = 0, done = 0;
  for (let k = 0; done < options.samples; k++) {
    const b = Math.min(options.batch, options.samples - done);
    const data = source.batch(new Rng(`gauss-bmi/${options.seed}/${k}`), b);
    const sums = tf.tidy(() => {
      const tokens = tf.tensor3d(data.tokens, [b, l + 1, c]);
      const meanY = tf.tensor3d(data.mean, [b, l, c]).slice([0, half, 0], [b, half, c]);
      const stdY = tf.tensor3d(data.std, [1, l, 1]).slice([0, half, 0], [1, half, 1]);
      const full = model.predictGaussian(tokens.slice([0, 0, 0], [b, l, c]) as tf.Tensor3D);
      const muX = full.mu.slice([0, half, 0], [b, half, c]),
        sigmaX = full.sigma.slice([0, half, 0], [b, half, c]);
      // From BOS: [0, y_0 … y_{half−2}] predicts y_0 … y_{half−1} (variables half … l−1).
      const alone = tf.concat([tf.zeros([b, 1, c]), tokens.slice([0, half + 1, 0], [b, half - 1, c])], 1);
      const own = model.predictGaussian(alone as tf.Tensor3D);
      return tf.stack([
        tf.sum(gaussianKl(muX, sigmaX, meanY, stdY)),
        tf.sum(gaussianKl(own.mu, own.sigma, meanY, stdY)),
      ]);
    });
    const [a, o] = await sums.data();
    sums.dispose();
    withX += a!;
    yOnly += o!;
    done += b;
  }
  return { bmi: (yOnly - withX) / done, klWithX: withX / done, klYOnly: yOnly / done, samples: done };
}
