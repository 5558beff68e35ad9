/**
 * A trainable sequence model: a Transformer or SSM body with the heads its data needs.
 *
 * - Text (`io.type = "tokens"`): a token embedding `[V, D]` in and the same matrix transposed out (tied,
 *   as GPT-2 and Mamba do), giving logits `[B, T, V]`.
 * - Gaussian tokens (`io.type = "gaussian"`, C channels): a two-layer GELU MLP `C → D → D` in, and a
 *   two-layer GELU MLP `D → D → 2C` out whose halves are μ and a raw scale s; σ = softplus(s) + σ_floor
 *   with σ_floor = 1e-3, so σ > 0 everywhere and the log-likelihood stays finite. The raw-scale bias
 *   starts at ln(e − 1), so σ ≈ 1 at initialisation.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { buildModel, initBackend, preset } from "@l2m/models/mod.ts";
 * await initBackend({ prefer: "cpu" });
 * const m = buildModel(preset("gpt-micro", { type: "tokens", vocab: 11 }, { maxLength: 8 }), 0);
 * const logits = m.logits(tf.tensor2d([[1, 2, 3]], [1, 3], "int32"));
 * console.assert(logits.shape[2] === 11);
 * m.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../util/prng.ts";
import { InputError } from "../util/errors.ts";
import { type ModelConfig, parameterCount, validateConfig } from "./config.ts";
import { ParamStore } from "./params.ts";
import { gelu, linear, mm } from "./ops.ts";
import { initTransformer, transformerForward } from "./transformer.ts";
import { initSsm, type ScanMode, ssmForward } from "./ssm.ts";

/** Lower bound added to softplus for the predicted σ. */
export const SIGMA_FLOOR = 1e-3;

/** Per-channel Gaussian predictions, each `[B, T, C]`. */
export interface GaussianPrediction {
  mu: tf.Tensor3D;
  sigma: tf.Tensor3D;
}

/** A model built by {@link buildModel}. All methods allocate tensors: call them inside `tf.tidy`. */
export interface SequenceModel {
  readonly config: ModelConfig;
  readonly params: ParamStore;
  /** Body output `[B,T,D]` from embedded inputs `[B,T,D]`. */
  body(x: tf.Tensor3D): tf.Tensor3D;
  /** Text: int32 ids `[B,T]` → logits `[B,T,V]`. */
  logits(ids: tf.Tensor2D): tf.Tensor3D;
  /** Gaussian: inputs `[B,T,C]` (BOS first) → μ, σ `[B,T,C]` for the next token at each position. */
  predictGaussian(x: tf.Tensor3D): GaussianPrediction;
  /** Trainable variables in a fixed order. */
  variables(): tf.Variable[];
  /** Frees every variable. */
  dispose(): void;
}

/** Options of {@link buildModel}. */
export interface BuildOptions {
  /** SSM scan implementation (default `chunked`). */
  scan?: ScanMode;
}

/** Builds a model with seeded weights; identical seeds give identical weights on every backend. */
export function buildModel(config: ModelConfig, seed: number, options: BuildOptions = {}): SequenceModel {
  validateConfig(config);
  const p = new ParamStore(new Rng(`model/${seed}`));
  const d = config.hidden;
  const io = config.io;
  if (io.type === "tokens") {
    p.normal("wte", [io.vocab, d], 0.02);
  } else {
    const c = io.channels;
    p.normal("in1.w", [c, d], 1 / Math.sqrt(c));
    p.constant("in1.b", [d], 0);
    p.normal("in2.w", [d, d], 1 / Math.sqrt(d));
    p.constant("in2.b", [d], 0);
    p.normal("out1.w", [d, d], 1 / Math.sqrt(d));
    p.constant("out1.b", [d], 0);
    p.normal("out2.w", [d, 2 * c], 0.02);
    p.fromFn("out2.b", [2 * c], (i) => (i < c ? 0 : Math.log(Math.E - 1)));
  }
  if (config.kind === "transformer") initTransformer(p, config);
  else initSsm(p, config);
  const counted = p.count(), expected = parameterCount(config);
  if (counted !== expected) throw new Error(`${config.name}: ${counted} variables vs analytic ${expected}`);

  const scan = options.scan ?? "chunked";
  const body = (x: tf.Tensor3D) =>
    config.kind === "transformer" ? transformerForward(p, config, x) : ssmForward(p, config, x, scan);

  return {
    config,
    params: p,
    body,
    ...headMethods(config.name, config, p, body),
    variables: () => [...p.vars.values()],
    dispose: () => p.dispose(),
  };
}

/**
 * Builds the input/output heads around `body` for `config.io`: tied token embedding and logits for text,
 * the two MLPs giving μ and σ for Gaussian tokens. `name` labels the error when the wrong head is called.
 */
export function headMethods(
  name: string,
  config: ModelConfig,
  p: ParamStore,
  body: (x: tf.Tensor3D) => tf.Tensor3D,
): Pick<SequenceModel, "logits" | "predictGaussian"> {
  const io = config.io;
  const d = config.hidden;
  return {
    logits(ids) {
      if (io.type !== "tokens") {
        throw new InputError(`${name} has Gaussian heads; call predictGaussian`);
      }
      const [b, t] = ids.shape;
      const wte = p.get("wte");
      const x = tf.gather(wte, ids.reshape([-1])).reshape([b, t, d]) as tf.Tensor3D;
      const h = body(x).reshape([b * t, d]) as tf.Tensor2D;
      return mm(h, wte.transpose() as tf.Tensor2D).reshape([b, t, io.vocab]) as tf.Tensor3D;
    },
    predictGaussian(x) {
      if (io.type !== "gaussian") throw new InputError(`${name} has token heads; call logits`);
      const c = io.channels;
      const e = linear(gelu(linear(x, p.get("in1.w"), p.get("in1.b"))), p.get("in2.w"), p.get("in2.b"));
      const h = body(e as tf.Tensor3D);
      const o = linear(gelu(linear(h, p.get("out1.w"), p.get("out1.b"))), p.get("out2.w"), p.get("out2.b"));
      const [mu, s] = tf.split(o, [c, c], 2) as [tf.Tensor3D, tf.Tensor3D];
      return { mu, sigma: tf.add(tf.softplus(s), SIGMA_FLOOR) as tf.Tensor3D };
    },
  };
}
