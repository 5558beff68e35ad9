/**
 * Training tasks: where each step's batch comes from and how the loss is computed.
 *
 * - {@link GaussianTask}: fresh sub-volume Gaussian samples every step (the data is infinite), loss =
 *   exact average conditional KL against the true μ^p, σ^p.
 * - {@link TextTask}: fixed token windows visited in epochs, each epoch in a seeded random order; loss =
 *   average next-token cross-entropy. A BOS id (the last vocabulary id) is prepended to every window, so
 *   the first token is predicted from "start" alone.
 *
 * Both draw batch `s` (1-based step) from generators seeded by `(seed, s)`, so a resumed run sees exactly
 * the batches an uninterrupted run would.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../util/prng.ts";
import { InputError } from "../util/errors.ts";
import type { SequenceModel } from "../models/model.ts";
import { gaussianKl, tokenNll } from "./losses.ts";
import type { TokenizerRecord } from "../tokenize/record.ts";

/** One batch of Gaussian training data (layout of the Gaussian module's `trainingBatch`). */
export interface GaussianBatch {
  /** `[batch, L+1, C]`, all-zero BOS at t = 0. */
  tokens: Float32Array;
  /** True conditional means `[batch, L, C]` of tokens 1..L. */
  mean: Float32Array;
  /** True conditional standard deviations `[L]` (the same for every copy and sample). */
  std: Float32Array;
}

/** A source of sub-volume Gaussian batches. */
export interface GaussianSource {
  /** Sequence length L. */
  readonly length: number;
  /** Independent copies per token (channels C). */
  readonly copies: number;
  /** Draws `batch` samples. */
  batch(rng: Rng, batch: number): GaussianBatch;
  /** Settings of the distribution (family, layers, …), saved with checkpoints for resume checks. */
  readonly spec?: object;
}

/** What a task contributes to a training step. */
export interface TrainTask {
  readonly kind: "gaussian" | "text";
  /** Predicted tokens per sample. */
  readonly length: number;
  /** Samples per step. */
  readonly batchSize: number;
  /** Scalar loss for 1-based `step` (allocates tensors: call inside `tf.tidy`/`variableGrads`). */
  loss(model: SequenceModel, step: number): tf.Scalar;
  /** JSON description for checkpoints and results. */
  describe(): Record<string, unknown>;
}

/** Tensors `{input [B,L,C], mean [B,L,C], std [1,L,1]}` for one Gaussian batch. */
export function gaussianTensors(src: GaussianSource, b: GaussianBatch, batch: number) {
  const l = src.length, c = src.copies;
  const tokens = tf.tensor3d(b.tokens, [batch, l + 1, c]);
  return {
    input: tokens.slice([0, 0, 0], [batch, l, c]) as tf.Tensor3D,
    mean: tf.tensor3d(b.mean, [batch, l, c]),
    std: tf.tensor3d(b.std, [1, l, 1]),
  };
}

/** Fresh Gaussian samples every step; loss = mean exact KL per variable. */
export class GaussianTask implements TrainTask {
  readonly kind = "gaussian";
  readonly length: number;
  constructor(readonly source: GaussianSource, readonly batchSize: number, readonly seed: number) {
    this.length = source.length;
  }
  loss(model: SequenceModel, step: number): tf.Scalar {
    const b = this.source.batch(new Rng(`gauss/${this.seed}/${step}`), this.batchSize);
    const { input, mean, std } = gaussianTensors(this.source, b, this.batchSize);
    const { mu, sigma } = model.predictGaussian(input);
    return tf.mean(gaussianKl(mu, sigma, mean, std)) as tf.Scalar;
  }
  describe() {
    return {
      kind: this.kind,
      length: this.length,
      copies: this.source.copies,
      data: this.source.spec,
      batch: this.batchSize,
      seed: this.seed,
    };
  }
}

/** Builds model inputs `[BOS, w_0 … w_{L-2}]` and targets `w` from windows of L tokens. */
export function textTensors(
  windows: readonly Int32Array[],
  bos: number,
): { ids: tf.Tensor2D; targets: tf.Tensor2D } {
  const b = windows.length, l = windows[0]!.length;
  const ids = new Int32Array(b * l), targets = new Int32Array(b * l);
  windows.forEach((w, i) => {
    ids[i * l] = bos;
    ids.set(w.subarray(0, l - 1), i * l + 1);
    targets.set(w, i * l);
  });
  return { ids: tf.tensor2d(ids, [b, l], "int32"), targets: tf.tensor2d(targets, [b, l], "int32") };
}

/** Epochs over fixed windows of L tokens; loss = mean next-token NLL (nats). */
export class TextTask implements TrainTask {
  readonly kind = "text";
  readonly length: number;
  /** BOS id: one past the tokenizer's largest id, so the model's vocabulary is `tokenVocab + 1`. */
  readonly bos: number;
  #orders = new Map<number, number[]>();
  constructor(
    readonly windows: readonly Int32Array[],
    readonly tokenVocab: number,
    readonly batchSize: number,
    readonly seed: number,
    /** The tokenizer that made the windows, saved with checkpoints so resumes and scorers can check it. */
    readonly tokenizer?: TokenizerRecord,
  ) {
    if (windows.length === 0) throw new InputError("text task needs at least one training window");
    this.length = windows[0]!.length;
    if (windows.some((w) => w.length !== this.length)) {
      throw new InputError("all text windows must have one length");
    }
    this.bos = tokenVocab;
  }
  /** Window indices of 1-based `step`. */
  indices(step: number): number[] {
    const n = this.windows.length, out: number[] = [];
    for (let j = 0; j < this.batchSize; j++) {
      const k = (step - 1) * this.batchSize + j;
      const epoch = Math.floor(k / n);
      let order = this.#orders.get(epoch);
      if (!order) {
        order = new Rng(`text/${this.seed}/epoch/${epoch}`).shuffle([...Array(n).keys()]);
        this.#orders.clear();
        this.#orders.set(epoch, order);
      }
      out.push(order[k % n]!);
    }
    return out;
  }
  loss(model: SequenceModel, step: number): tf.Scalar {
    const { ids, targets } = textTensors(this.indices(step).map((i) => this.windows[i]!), this.bos);
    return tf.mean(tokenNll(model.logits(ids), targets)) as tf.Scalar;
  }
  describe() {
    return {
      kind: this.kind,
      length: this.length,
      windows: this.windows.length,
      vocab: this.tokenVocab + 1,
      tokenizer: this.tokenizer,
      batch: this.batchSize,
      seed: this.seed,
    };
  }
}
