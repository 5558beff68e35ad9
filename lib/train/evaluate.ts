/**
 * Evaluation at the end of (or during) training.
 *
 * {@link evaluateGaussian} returns the exact position-wise KL (F.38) and its average (F.39) per variable,
 * and the position-wise NLL (F.40) = KL + exact conditional entropy, from fresh samples drawn with an
 * evaluation seed disjoint from training. {@link evaluateText} returns position-wise next-token NLL over
 * held-out windows.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../util/prng.ts";
import type { SequenceModel } from "../models/model.ts";
import { gaussianEntropy, gaussianKl, tokenNll } from "./losses.ts";
import { type GaussianSource, gaussianTensors, textTensors } from "./tasks.ts";

/** Position-wise metrics; arrays have length L (position i predicts token i+1 given BOS and i tokens). */
export interface PositionMetrics {
  /** KL per variable at each position (Gaussian only), nats. */
  klPerPosition?: Float64Array;
  /** Average of `klPerPosition`. */
  klAvg?: number;
  /** NLL per variable (Gaussian, up to the density's constant) or per token (text), nats. */
  nllPerPosition: Float64Array;
  nllAvg: number;
  /** Number of samples averaged. */
  samples: number;
}

const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;

/** Exact KL/NLL of `model` on `samples` fresh sequences (drawn in batches of `batch`). */
export async function evaluateGaussian(
  model: SequenceModel,
  source: GaussianSource,
  options: { samples: number; batch: number; seed: number },
): Promise<PositionMetrics> {
  const l = source.length;
  const kl = new Float64Array(l);
  let done = 0, std: Float32Array | null = null;
  for (let k = 0; done < options.samples; k++) {
    const b = Math.min(options.batch, options.samples - done);
    const data = source.batch(new Rng(`gauss-eval/${options.seed}/${k}`), b);
    std = data.std;
    const perPos = tf.tidy(() => {
      const { input, mean: mp, std: sp } = gaussianTensors(source, data, b);
      const { mu, sigma } = model.predictGaussian(input);
      return tf.sum(tf.mean(gaussianKl(mu, sigma, mp, sp), 2), 0); // [L], summed over samples
    });
    const values = await perPos.data();
    perPos.dispose();
    for (let i = 0; i < l; i++) kl[i]! += values[i]!;
    done += b;
  }
  for (let i = 0; i < l; i++) kl[i]! /= done;
  const h = gaussianEntropy(std!);
  const nll = kl.map((v, i) => v + h[i]!);
  return { klPerPosition: kl, klAvg: mean(kl), nllPerPosition: nll, nllAvg: mean(nll), samples: done };
}

/** Position-wise NLL (nats/token) of a token model on `windows` of L tokens, BOS id `bos` prepended. */
export async function evaluateText(
  model: SequenceModel,
  windows: readonly Int32Array[],
  options: { batch: number; bos: number },
): Promise<PositionMetrics> {
  const l = windows[0]!.length;
  const nll = new Float64Array(l);
  for (let s = 0; s < windows.length; s += options.batch) {
    const chunk = windows.slice(s, s + options.batch);
    const perPos = tf.tidy(() => {
      const { ids, targets } = textTensors(chunk, options.bos);
      return tf.sum(tokenNll(model.logits(ids), targets), 0);
    });
    const values = await perPos.data();
    perPos.dispose();
    for (let i = 0; i < l; i++) nll[i]! += values[i]!;
  }
  for (let i = 0; i < l; i++) nll[i]! /= windows.length;
  return { nllPerPosition: nll, nllAvg: mean(nll), samples: windows.length };
}

/** Centred moving average with half-width `half` (window 2·half+1, truncated at the ends). */
export function smooth(values: ArrayLike<number>, half: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let s = 0, n = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(values.length - 1, i + half); j++) {
      s += values[j]!;
      n++;
    }
    out[i] = s / n;
  }
  return out;
}

/**
 * Averages `values` over consecutive blocks of `ceil(length / blocks)` entries. Returns each block's
 * centre index (`x`, 0-based, fractional) and mean (`y`); the last block may be shorter.
 */
export function blockMeans(values: ArrayLike<number>, blocks: number): { x: number[]; y: number[] } {
  const size = Math.max(1, Math.ceil(values.length / blocks));
  const x: number[] = [], y: number[] = [];
  for (let start = 0; start < values.length; start += size) {
    const end = Math.min(values.length, start + size);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i]!;
    x.push((start + end) / 2);
    y.push(sum / (end - start));
  }
  return { x, y };
}

/** Returns the mean of `values` between the fractions `from` and `to` of its length (0 ≤ from < to ≤ 1). */
export function meanBetween(values: ArrayLike<number>, from: number, to: number): number {
  const start = Math.floor(from * values.length), end = Math.ceil(to * values.length);
  let sum = 0;
  for (let i = start; i < end; i++) sum += values[i]!;
  return sum / (end - start);
}
