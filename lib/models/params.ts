/**
 * Named, seeded model parameters. Initial values are drawn in JavaScript from an `Rng`, so the same seed
 * gives bit-identical weights on every backend, and the store serialises to one flat `Float32Array` for
 * checkpoints.
 *
 * @example
 * ```ts
 * import { ParamStore } from "@l2m/models/params.ts";
 * import { Rng } from "@l2m/util/prng.ts";
 * const p = new ParamStore(new Rng(1));
 * p.normal("w", [3, 4], 0.02);
 * console.assert(p.count() === 12);
 * p.dispose();
 * ```
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../util/prng.ts";
import { InputError } from "../util/errors.ts";

/** A set of trainable `tf.Variable`s keyed by dotted names (`h0.attn.wq`). */
export class ParamStore {
  readonly vars = new Map<string, tf.Variable>();
  /** Names excluded from weight decay (biases, norm gains, SSM A/D/Δ-bias). */
  readonly noDecay = new Set<string>();

  constructor(private readonly rng: Rng) {}

  #add(name: string, shape: number[], values: Float32Array, decay: boolean): tf.Variable {
    if (this.vars.has(name)) throw new Error(`parameter ${name} defined twice`);
    const v = tf.variable(tf.tensor(values, shape), true, `${name}_${crypto.randomUUID().slice(0, 8)}`);
    this.vars.set(name, v);
    if (!decay) this.noDecay.add(name);
    return v;
  }

  /** Normal(0, std²) entries; decayed when rank ≥ 2. */
  normal(name: string, shape: number[], std: number): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = this.rng.normal() * std;
    return this.#add(name, shape, values, shape.length >= 2);
  }

  /** Uniform(−bound, bound) entries; decayed when rank ≥ 2. */
  uniform(name: string, shape: number[], bound: number): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = (2 * this.rng.uniform() - 1) * bound;
    return this.#add(name, shape, values, shape.length >= 2);
  }

  /** Constant entries (biases, gains); never decayed. */
  constant(name: string, shape: number[], value: number): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value);
    return this.#add(name, shape, values, false);
  }

  /** Entries from a function of the flat index; never decayed. */
  fromFn(name: string, shape: number[], fn: (i: number) => number): tf.Variable {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = fn(i);
    return this.#add(name, shape, values, false);
  }

  /** The variable called `name`; throws if missing. */
  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  /** Total number of scalar parameters (counted from the variables themselves). */
  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  /** Names in definition order. */
  names(): string[] {
    return [...this.vars.keys()];
  }

  /** All values concatenated in definition order. */
  async toFlat(): Promise<Float32Array> {
    const out = new Float32Array(this.count());
    let offset = 0;
    for (const v of this.vars.values()) {
      out.set(await v.data() as Float32Array, offset);
      offset += v.size;
    }
    return out;
  }

  /** Overwrites every variable from a flat array produced by {@link toFlat}. */
  fromFlat(flat: Float32Array): void {
    if (flat.length !== this.count()) {
      throw new InputError(`checkpoint holds ${flat.length} values but the model has ${this.count()}`);
    }
    let offset = 0;
    for (const v of this.vars.values()) {
      const t = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
      v.assign(t);
      t.dispose();
      offset += v.size;
    }
  }

  /** Disposes every variable. */
  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
