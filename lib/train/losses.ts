/**
 * Losses and exact metrics.
 *
 * Gaussian (sub-volume data, C channels = independent copies): the true next-token law is
 * N(μ^p, (σ^p)²) per channel, so the KL to the model's N(μ^q, (σ^q)²) is exact for each sample:
 *
 *   KL = ln(σ^q/σ^p) + ((σ^p)² + (μ^q − μ^p)²) / (2 (σ^q)²) − ½            (nats per variable)
 *
 * Averaging it over positions, channels and samples gives the paper's F.37 loss (with its 1/64 per
 * channel); multiply by C for nats per token. NLL_i = KL_i + H_p(W_i | W_<i) with the exact conditional
 * entropy ½ ln(2πe (σ^p_i)²) per variable (F.42).
 *
 * Text: cross-entropy of the next token, `−ln q(x_{t+1} | x_≤t)` in nats.
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Exact KL per element: all inputs broadcast to `[B,T,C]`; σ^p may be `[1,T,1]`. */
export function gaussianKl(muQ: tf.Tensor, sigmaQ: tf.Tensor, muP: tf.Tensor, sigmaP: tf.Tensor): tf.Tensor {
  const ratio = tf.div(tf.add(tf.square(sigmaP), tf.square(tf.sub(muQ, muP))), tf.mul(tf.square(sigmaQ), 2));
  return tf.sub(tf.add(tf.sub(tf.log(sigmaQ), tf.log(sigmaP)), ratio), 0.5);
}

/** Per-token negative log-likelihood `[B,T]` of int32 `targets [B,T]` under `logits [B,T,V]`. */
export function tokenNll(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  const v = logits.shape[2];
  const logp = tf.logSoftmax(logits, -1);
  const picked = tf.sum(tf.mul(logp, tf.oneHot(targets, v)), -1);
  return tf.neg(picked) as tf.Tensor2D;
}

/** Exact conditional entropy per variable, ½ ln(2πe σ²), for each σ in `std`. */
export function gaussianEntropy(std: ArrayLike<number>): Float64Array {
  const out = new Float64Array(std.length);
  for (let i = 0; i < std.length; i++) out[i] = 0.5 * Math.log(2 * Math.PI * Math.E * std[i]! ** 2);
  return out;
}
