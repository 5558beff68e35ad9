/**
 * A trained token model as a {@link Scorer} for the bipartite-MI estimators: `out[t] = ln q(x_t | BOS,
 * x_0 … x_{t−1})`, with the model's BOS id (one past the tokenizer's ids) standing for "start".
 *
 * @example
 * ```ts
 * import { buildModel, initBackend, modelScorer, preset } from "@l2m/models/mod.ts";
 * await initBackend({ prefer: "cpu" });
 * const model = buildModel(preset("gpt-micro", { type: "tokens", vocab: 5 }, { maxLength: 8 }), 0);
 * const scorer = modelScorer(model, { bos: 4 });
 * const [lp] = await scorer.score([Int32Array.of(0, 1, 2)]);
 * console.assert(lp!.length === 3 && lp!.every((v) => v < 0));
 * model.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ScoreOptions, Scorer } from "../info/scorer.ts";
import { validateSequences } from "../info/scorer.ts";
import { InputError } from "../util/errors.ts";
import type { SequenceModel } from "./model.ts";
import type { TokenizerRecord } from "../tokenize/record.ts";

/** Options of {@link modelScorer}. */
export interface ModelScorerOptions {
  /** BOS id prepended to every sequence; the tokenizer's ids are `[0, bos)`. */
  bos: number;
  /** Sequences per forward pass (default 16). */
  batch?: number;
  /** Name shown in results (default `model:<config name>`). */
  name?: string;
  /** Tokenizer whose ids the model was trained on, when known; callers compare it with theirs. */
  tokenizer?: TokenizerRecord;
}

/** Wraps a token model (`io.type = "tokens"`) as a scorer. */
export function modelScorer(model: SequenceModel, options: ModelScorerOptions): Scorer {
  const io = model.config.io;
  if (io.type !== "tokens") {
    throw new InputError(`${model.config.name} is a Gaussian model; a scorer needs token heads`);
  }
  const maxLength = model.config.kind === "transformer" ? model.config.maxLength : Infinity;
  const batch = options.batch ?? 16;
  return {
    name: options.name ?? `model:${model.config.name}`,
    vocabSize: options.bos,
    tokenizer: options.tokenizer,
    async score(sequences: readonly Int32Array[], scoreOptions?: ScoreOptions): Promise<Float64Array[]> {
      validateSequences(sequences, options.bos);
      const out = new Array<Float64Array>(sequences.length);
      const byLength = new Map<number, number[]>();
      sequences.forEach((s, i) => byLength.set(s.length, [...(byLength.get(s.length) ?? []), i]));
      for (const [n, indices] of byLength) {
        if (n > maxLength) {
          throw new InputError(
            `sequence of ${n} tokens exceeds the model's ${maxLength} positions; use shorter ones`,
          );
        }
        for (let s = 0; s < indices.length; s += batch) {
          scoreOptions?.signal?.throwIfAborted();
          const group = indices.slice(s, s + batch);
          const ids = new Int32Array(group.length * n), targets = new Int32Array(group.length * n);
          group.forEach((seqIndex, r) => {
            const seq = sequences[seqIndex]!;
            ids[r * n] = options.bos;
            ids.set(seq.subarray(0, n - 1), r * n + 1);
            targets.set(seq, r * n);
          });
          const picked = tf.tidy(() => {
            const logp = tf.logSoftmax(model.logits(tf.tensor2d(ids, [group.length, n], "int32")), -1);
            return tf.sum(
              tf.mul(logp, tf.oneHot(tf.tensor2d(targets, [group.length, n], "int32"), io.vocab)),
              -1,
            );
          });
          const values = await picked.data();
          picked.dispose();
          group.forEach((seqIndex, r) => {
            out[seqIndex] = Float64Array.from(values.subarray(r * n, (r + 1) * n), (v) => Math.min(0, v));
          });
        }
      }
      return out;
    },
  };
}
