/**
 * GPT-2-style Transformers whose attention reads a Θ(ℓ^γ) retained set (see `patterns.ts`): a local
 * window plus dilated raw entries, or a local window plus mean-pooled block summaries (compressed
 * memory). The weights, parameter names, initialisation and input/output heads are exactly those of the
 * dense Transformer from `buildModel` with the same seed, so the models differ only in their mask: with
 * γ = 1 (coefficient ≥ 1) the output equals full causal attention on the same weights.
 *
 * The masks are applied to a dense T×T (or T×(T+M)) score matrix. That keeps training simple and
 * exact, but it spends dense-attention compute; the FLOPs a sparse kernel would need are the analytic
 * ones in `lib/models/arch` (the `power` attention pattern).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initBackend, preset } from "@l2m/models/mod.ts";
 * import { buildSparseAttentionModel, sparseAttentionConfig } from "@l2m/models/sparse/mod.ts";
 * await initBackend({ prefer: "cpu" });
 * const base = preset("gpt-micro", { type: "gaussian", channels: 2 }, { maxLength: 16 });
 * const config = sparseAttentionConfig(base, { memory: "pooled", gamma: 0.5, coefficient: 1, window: 2 });
 * const m = buildSparseAttentionModel(config, 0);
 * const { mu } = m.predictGaussian(tf.zeros([1, 16, 2]) as tf.Tensor3D);
 * console.assert(mu.shape[1] === 16);
 * m.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { InputError } from "../../util/errors.ts";
import type { ModelConfig, TransformerConfig } from "../config.ts";
import { buildModel, headMethods, type SequenceModel } from "../model.ts";
import { mm } from "../ops.ts";
import { transformerForward } from "../transformer.ts";
import type { ParamStore } from "../params.ts";
import {
  additiveMask,
  type GrowthPattern,
  poolingMatrix,
  poolLayout,
  validateGrowthPattern,
} from "./patterns.ts";

/** A dense Transformer body with a Θ(ℓ^γ) retained set. */
export interface SparseAttentionConfig {
  kind: "sparse-attention";
  /** Name used in results and progress lines. */
  name: string;
  /** The dense model whose weights are used (`kind: "transformer"`). */
  base: TransformerConfig;
  pattern: GrowthPattern;
}

/**
 * Builds a config from a dense Transformer config (an `InputError` for an SSM) and a pattern; the name
 * records γ and the memory kind.
 */
export function sparseAttentionConfig(
  base: ModelConfig,
  pattern: GrowthPattern,
  name?: string,
): SparseAttentionConfig {
  validateGrowthPattern(pattern);
  if (base.kind !== "transformer") {
    throw new InputError(`sparse attention needs a Transformer base config, got kind "${base.kind}"`);
  }
  return {
    kind: "sparse-attention",
    name: name ?? `${base.name}-${pattern.memory}-g${pattern.gamma}`,
    base,
    pattern: { ...pattern },
  };
}

/** A model built by {@link buildSparseAttentionModel}: the sequence-model interface plus its sparse config. */
export interface SparseAttentionModel extends SequenceModel {
  readonly sparse: SparseAttentionConfig;
}

interface MaskTensors {
  bias: tf.Tensor2D;
  /** Pooling matrix `[M, T]`, or null when no query reads a pooled block. */
  pool: tf.Tensor2D | null;
}

const maskCache = new Map<string, MaskTensors>();

function maskTensors(pattern: GrowthPattern, t: number): MaskTensors {
  const key = `${tf.getBackend()}/${JSON.stringify(pattern)}/${t}`;
  const cached = maskCache.get(key);
  if (cached && !cached.bias.isDisposed) return cached;
  const { bias, columns } = additiveMask(pattern, t);
  let readsPool = false;
  for (let r = 0; r < t && !readsPool; r++) {
    for (let c = t; c < columns; c++) {
      if (bias[r * columns + c] === 0) {
        readsPool = true;
        break;
      }
    }
  }
  let entry: MaskTensors;
  if (readsPool) {
    const rows = poolLayout(t).rows;
    entry = {
      bias: tf.keep(tf.tensor2d(bias, [t, columns])),
      pool: tf.keep(tf.tensor2d(poolingMatrix(t), [rows, t])),
    };
  } else {
    // No pooled column is ever read: keep only the raw-key part (identical scores, less work).
    const raw = new Float32Array(t * t);
    for (let r = 0; r < t; r++) raw.set(bias.subarray(r * columns, r * columns + t), r * t);
    entry = { bias: tf.keep(tf.tensor2d(raw, [t, t])), pool: null };
  }
  maskCache.set(key, entry);
  return entry;
}

/** Appends the pooled block summaries `pool · x` (over time) to `x [B·H, T, dh]`. */
function withPooled(x: tf.Tensor3D, pool: tf.Tensor2D): tf.Tensor3D {
  const [bh, t, dh] = x.shape;
  const m = pool.shape[0];
  const flat = x.transpose([1, 0, 2]).reshape([t, bh * dh]) as tf.Tensor2D;
  const pooled = mm(pool, flat).reshape([m, bh, dh]).transpose([1, 0, 2]);
  return tf.concat([x, pooled], 1) as tf.Tensor3D;
}

/** The Transformer body of `transformer.ts` with the pattern's mask (and pooled keys/values). */
export function sparseTransformerForward(
  p: ParamStore,
  config: SparseAttentionConfig,
  x: tf.Tensor3D,
): tf.Tensor3D {
  const c = config.base;
  const t = x.shape[1];
  if (t > c.maxLength) {
    throw new RangeError(`${config.name}: input length ${t} exceeds maxLength ${c.maxLength}`);
  }
  const { bias, pool } = maskTensors(config.pattern, t);
  return transformerForward(p, c, x, {
    bias,
    ...(pool ? { extendKeys: (kv: tf.Tensor3D) => withPooled(kv, pool) } : {}),
  });
}

/**
 * Builds a sparse-attention model with the seeded weights `buildModel(config.base, seed)` would have, and
 * the same text or Gaussian heads, so it trains with the same `Trainer` and tasks.
 */
export function buildSparseAttentionModel(config: SparseAttentionConfig, seed: number): SparseAttentionModel {
  validateGrowthPattern(config.pattern);
  const dense = buildModel(config.base, seed);
  const p = dense.params;
  const body = (x: tf.Tensor3D) => sparseTransformerForward(p, config, x);
  return {
    config: config.base,
    sparse: config,
    params: p,
    body,
    ...headMethods(config.name, config.base, p, body),
    variables: () => dense.variables(),
    dispose: () => dense.dispose(),
  };
}
