/**
 * AdamW (decoupled weight decay, Loshchilov & Hutter) with global-norm gradient clipping. Moments are
 * tensors owned by the optimiser; {@link AdamW.toFlat}/{@link AdamW.fromFlat} serialise them for
 * checkpoints. Parameters whose names are in the model's `noDecay` set (biases, norm gains, SSM A/D/Δ
 * bias) get no weight decay.
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ParamStore } from "../models/params.ts";
import { InputError } from "../util/errors.ts";

/** Hyper-parameters of {@link AdamW}. */
export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay per unit learning rate (paper: 0.01). */
  weightDecay?: number;
  /** Clip the global gradient L2 norm to this value (paper code: 1.0); `Infinity` disables. */
  clipNorm?: number;
}

/** AdamW over the variables of a {@link ParamStore}. */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly clipNorm: number;
  /** Number of updates applied so far. */
  t = 0;
  readonly #names: string[];
  readonly #m: tf.Variable[];
  readonly #v: tf.Variable[];

  constructor(readonly params: ParamStore, options: AdamWOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
    this.clipNorm = options.clipNorm ?? 1.0;
    this.#names = params.names();
    this.#m = this.#names.map((n) => tf.variable(tf.zerosLike(params.get(n)), false));
    this.#v = this.#names.map((n) => tf.variable(tf.zerosLike(params.get(n)), false));
  }

  /**
   * Applies one update with learning rate `lr` from `grads` (keyed by variable name as returned by
   * `tf.variableGrads`). Returns the global gradient norm before clipping, as a scalar tensor the caller
   * disposes.
   */
  apply(grads: Record<string, tf.Tensor>, lr: number): tf.Scalar {
    this.t += 1;
    const t = this.t;
    return tf.tidy(() => {
      const gs = this.#names.map((n) => {
        const g = grads[this.params.get(n).name];
        if (!g) throw new Error(`no gradient for ${n}`);
        return g;
      });
      // A chain of adds, not tf.addN: addN over many inputs returned 0 on the webgpu backend (tfjs 4.22).
      const norm = tf.sqrt(gs.map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b))) as tf.Scalar;
      const scale = Number.isFinite(this.clipNorm)
        ? tf.minimum(1, tf.div(this.clipNorm, tf.add(norm, 1e-6)))
        : tf.scalar(1);
      const c1 = 1 - this.beta1 ** t, c2 = 1 - this.beta2 ** t;
      for (let i = 0; i < gs.length; i++) {
        // One scope per parameter, so the temporaries of one update are freed before the next starts:
        // peak memory grows with the largest parameter, not with all of them.
        tf.tidy(() => {
          const p = this.params.get(this.#names[i]!);
          const g = tf.mul(gs[i]!, scale);
          const m = this.#m[i]!, v = this.#v[i]!;
          m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
          v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
          let update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.eps));
          if (this.weightDecay > 0 && !this.params.noDecay.has(this.#names[i]!)) {
            update = tf.add(update, tf.mul(p, this.weightDecay));
          }
          p.assign(tf.sub(p, tf.mul(update, lr)));
        });
      }
      return tf.keep(norm);
    });
  }

  /** Both moments concatenated (m then v, each in parameter order). */
  async toFlat(): Promise<Float32Array> {
    const n = this.params.count();
    const out = new Float32Array(2 * n);
    let o = 0;
    for (const list of [this.#m, this.#v]) {
      for (const x of list) {
        out.set(await x.data() as Float32Array, o);
        o += x.size;
      }
    }
    return out;
  }

  /** Restores moments from {@link toFlat} output and the update counter `t`. */
  fromFlat(flat: Float32Array, t: number): void {
    if (flat.length !== 2 * this.params.count()) {
      throw new InputError(
        `optimiser state holds ${flat.length} values, expected ${2 * this.params.count()}`,
      );
    }
    let o = 0;
    for (const list of [this.#m, this.#v]) {
      for (const x of list) {
        const v = tf.tensor(flat.subarray(o, o + x.size), x.shape);
        x.assign(v);
        v.dispose();
        o += x.size;
      }
    }
    this.t = t;
  }

  /** Frees the moment tensors. */
  dispose(): void {
    for (const x of [...this.#m, ...this.#v]) x.dispose();
  }
}
