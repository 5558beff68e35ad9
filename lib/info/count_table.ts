/**
 * Token-tuple counts in an open-addressing hash table over typed arrays (linear probing, load ≤ 1/2,
 * doubling on growth). A JavaScript `Map` stops at 2^24 entries; this table grows past that, limited only
 * by typed-array length and memory (16 + 8·order bytes per slot, two slots per entry at worst).
 *
 * Keys are tuples of `order` non-negative int32 token ids; counts are float64, exact up to 2^53.
 *
 * @example
 * ```ts
 * import { CountTable } from "@l2m/info/count_table.ts";
 * const t = new CountTable(2);
 * t.addPairsAtDistance(Int32Array.of(1, 2, 1, 2, 1), 2);
 * console.assert(t.get([1, 1]) === 2 && t.size === 2 && t.total === 3);
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";

const EMPTY = -1;

function hash2(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

/** Counts of `order`-tuples of token ids. */
export class CountTable {
  #keys: Int32Array;
  #counts: Float64Array;
  #mask: number;
  #size = 0;
  #total = 0;

  /** Creates an empty table for tuples of `order ≥ 1` ids. */
  constructor(readonly order: number, initialCapacity = 1 << 16) {
    if (!Number.isInteger(order) || order < 1) {
      throw new InputError(`CountTable: order must be ≥ 1, got ${order}`);
    }
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.#mask = capacity - 1;
    this.#keys = new Int32Array(capacity * order).fill(EMPTY);
    this.#counts = new Float64Array(capacity);
  }

  /** Number of distinct tuples. */
  get size(): number {
    return this.#size;
  }

  /** Sum of all counts. */
  get total(): number {
    return this.#total;
  }

  /** Number of slots allocated (twice the entries it can hold before growing). */
  get capacity(): number {
    return this.#mask + 1;
  }

  #hash(key: ArrayLike<number>, offset: number): number {
    const k = this.order;
    if (k === 1) return hash2(key[offset]!, 0);
    let h = hash2(key[offset]!, key[offset + 1]!);
    for (let j = 2; j < k; j++) h = hash2(h, key[offset + j]!);
    return h;
  }

  #slotOf(key: ArrayLike<number>, offset: number): number {
    const k = this.order, keys = this.#keys, mask = this.#mask;
    let s = this.#hash(key, offset) & mask;
    for (;;) {
      const base = s * k;
      if (keys[base] === EMPTY) return s;
      let equal = true;
      for (let j = 0; j < k; j++) {
        if (keys[base + j] !== key[offset + j]) {
          equal = false;
          break;
        }
      }
      if (equal) return s;
      s = (s + 1) & mask;
    }
  }

  #grow(): void {
    const k = this.order;
    const oldKeys = this.#keys, oldCounts = this.#counts;
    const capacity = (this.#mask + 1) * 2;
    this.#keys = new Int32Array(capacity * k).fill(EMPTY);
    this.#counts = new Float64Array(capacity);
    this.#mask = capacity - 1;
    for (let s = 0; s < oldCounts.length; s++) {
      if (oldKeys[s * k] === EMPTY) continue;
      const t = this.#slotOf(oldKeys, s * k);
      for (let j = 0; j < k; j++) this.#keys[t * k + j] = oldKeys[s * k + j]!;
      this.#counts[t] = oldCounts[s]!;
    }
  }

  /** Adds `count` to the tuple `key[offset … offset+order−1]`. Ids must be non-negative int32. */
  add(key: ArrayLike<number>, offset = 0, count = 1): void {
    for (let j = 0; j < this.order; j++) {
      const id = key[offset + j]!;
      if (!(id >= 0 && id <= 0x7fffffff && Number.isInteger(id))) {
        throw new InputError(`CountTable: token id ${id} is not a non-negative int32`);
      }
    }
    const s = this.#slotOf(key, offset);
    const k = this.order;
    if (this.#keys[s * k] === EMPTY) {
      for (let j = 0; j < k; j++) this.#keys[s * k + j] = key[offset + j]!;
      this.#size++;
      this.#counts[s] = count;
      this.#total += count;
      if (this.#size * 2 > this.#mask + 1) this.#grow();
      return;
    }
    this.#counts[s]! += count;
    this.#total += count;
  }

  /** Returns the count of a tuple (0 when absent). */
  get(key: ArrayLike<number>, offset = 0): number {
    const s = this.#slotOf(key, offset);
    return this.#keys[s * this.order] === EMPTY ? 0 : this.#counts[s]!;
  }

  /**
   * Counts every ordered pair `(tokens[i], tokens[i+d])` of one stream (a document). Requires `order` 2.
   * This is the hot loop of two-point MI, specialised so a pair costs one hash and usually one probe.
   */
  addPairsAtDistance(tokens: Int32Array, d: number): void {
    if (this.order !== 2) {
      throw new InputError(`addPairsAtDistance needs an order-2 table, this one has order ${this.order}`);
    }
    if (!Number.isInteger(d) || d < 1) throw new InputError(`distance must be a positive integer, got ${d}`);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]! < 0) throw new InputError(`token id ${tokens[i]} at position ${i} is negative`);
    }
    const n = tokens.length - d;
    for (let i = 0; i < n; i++) {
      const a = tokens[i]!, b = tokens[i + d]!;
      let keys = this.#keys, mask = this.#mask;
      let s = hash2(a, b) & mask;
      for (;;) {
        const ka = keys[2 * s]!;
        if (ka === a && keys[2 * s + 1] === b) {
          this.#counts[s]! += 1;
          break;
        }
        if (ka === EMPTY) {
          keys[2 * s] = a;
          keys[2 * s + 1] = b;
          this.#counts[s] = 1;
          if (++this.#size * 2 > mask + 1) {
            this.#grow();
            keys = this.#keys;
            mask = this.#mask;
          }
          break;
        }
        s = (s + 1) & mask;
      }
    }
    if (n > 0) this.#total += n;
  }

  /** Counts every `order`-gram `tokens[i … i+order−1]` of one stream. */
  addNgrams(tokens: Int32Array): void {
    for (let i = 0; i + this.order <= tokens.length; i++) this.add(tokens, i, 1);
  }

  /** Returns the non-zero counts, in table order. */
  counts(): Float64Array {
    const out = new Float64Array(this.#size);
    let n = 0;
    const k = this.order;
    for (let s = 0; s <= this.#mask; s++) if (this.#keys[s * k] !== EMPTY) out[n++] = this.#counts[s]!;
    return out;
  }

  /** Calls `fn(key, count)` for every stored tuple; `key` is a reused view, copy it to keep it. */
  forEach(fn: (key: Int32Array, count: number) => void): void {
    const k = this.order;
    for (let s = 0; s <= this.#mask; s++) {
      if (this.#keys[s * k] !== EMPTY) fn(this.#keys.subarray(s * k, s * k + k), this.#counts[s]!);
    }
  }
}

/** Counts unigrams into a dense array indexed by id (length = max id + 1, or `vocabSize` when given). */
export function countUnigrams(streams: Iterable<Int32Array>, vocabSize?: number): Float64Array {
  const list = [...streams];
  let size = vocabSize ?? 0;
  if (vocabSize === undefined) {
    for (const s of list) for (let i = 0; i < s.length; i++) if (s[i]! + 1 > size) size = s[i]! + 1;
  }
  const counts = new Float64Array(size);
  for (const s of list) {
    for (let i = 0; i < s.length; i++) {
      const id = s[i]!;
      if (!(id >= 0 && id < size)) {
        throw new InputError(`token id ${id} at position ${i} is outside the vocabulary [0, ${size})`);
      }
      counts[id]! += 1;
    }
  }
  return counts;
}

/** Counts the `n`-grams of every stream (grams never cross stream boundaries). */
export function countNgrams(streams: Iterable<Int32Array>, n: number): CountTable {
  const table = new CountTable(n);
  for (const s of streams) table.addNgrams(s);
  return table;
}

/** Counts the ordered pairs `(t_i, t_{i+d})` within every stream (pairs never cross stream boundaries). */
export function countPairs(streams: Iterable<Int32Array>, d: number, initialCapacity?: number): CountTable {
  const table = new CountTable(2, initialCapacity);
  for (const s of streams) table.addPairsAtDistance(s, d);
  return table;
}
