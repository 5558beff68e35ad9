/**
 * Seeded pseudo-random numbers for reproducible experiments.
 *
 * `Rng` is the sfc32 generator (Chris Doty-Humphrey's Small Fast Counter, 128-bit state) seeded through
 * splitmix32, so nearby integer seeds give unrelated streams. Every sampler in the project takes an `Rng`
 * or a seed, never `Math.random`.
 *
 * @example
 * ```ts
 * import { Rng } from "@l2m/util/prng.ts";
 * const a = new Rng(7), b = new Rng(7);
 * console.assert(a.uniform() === b.uniform());
 * ```
 * @module
 */

/** Mix a 32-bit integer (splitmix32 finaliser); used to expand a seed into the generator state. */
function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [state, (z ^ (z >>> 15)) >>> 0];
}

/** A seeded generator of uniform, normal and integer variates. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spareNormal: number | null = null;

  /** Creates a generator from an integer or string seed; equal seeds give equal streams. */
  constructor(readonly seed: number | string = 0) {
    let s = typeof seed === "number" ? seed | 0 : hashString(seed);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(s);
      s = next;
      words.push(out);
    }
    [this.#a, this.#b, this.#c, this.#d] = words as [number, number, number, number];
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Returns a uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Returns a uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Returns a uniform integer in [0, n). Throws on a non-positive or non-integer `n`. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    }
    return Math.floor(this.uniform() * n);
  }

  /** Returns a standard normal variate (Marsaglia polar method, caching the second value). */
  normal(): number {
    if (this.#spareNormal !== null) {
      const v = this.#spareNormal;
      this.#spareNormal = null;
      return v;
    }
    let u = 0, v = 0, s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spareNormal = v * f;
    return u * f;
  }

  /** Fills `out` with standard normal variates and returns it. */
  fillNormal(out: Float64Array | Float32Array): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  /** Derives an independent generator for a named sub-task, so adding draws elsewhere keeps its stream. */
  fork(label: string | number): Rng {
    return new Rng(hashString(`${this.seed}/${label}`));
  }
}

/** Hashes a string to a 32-bit integer (FNV-1a). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
