/**
 * Token-tuple counts in an open-addressing hash table over typed arrays (linear probing, load ≤ 1/2,
 * doubling on growth). A JavaScript `Map` stops at 2^24 entries; this table grows past that, limited only
 * by typed-array length and memory (4·(order + 2) bytes per slot, at most two slots per entry).
 *
 * Keys are tuples of `order` non-negative int32 token ids; counts are non-negative integers, exact up to 2^53.
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
const TWO_32 = 4294967296;

function hash2(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 13);
}

/**
 * Counts of `order`-tuples of token ids.
 *
 * Layout: one `Int32Array` with `order + 2` words per slot: the key ids, then the count as two 32-bit
 * halves (low, high), so a lookup touches one cache line. An empty slot has −1 as its first id.
 */
export class CountTable {
  #slots: Int32Array;
  #mask: number;
  #size = 0;
  #total = 0;
  readonly #stride: number;

  /** Creates an empty table for tuples of `order ≥ 1` ids. */
  constructor(readonly order: number, initialCapacity = 1 << 16) {
    if (!Number.isInteger(order) || order < 1) {
      throw new InputError(`CountTable: order must be ≥ 1, got ${order}`);
    }
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.#stride = order + 2;
    this.#mask = capacity - 1;
    this.#slots = CountTable.#emptySlots(capacity, this.#stride);
  }

  static #emptySlots(capacity: number, stride: number): Int32Array {
    const slots = new Int32Array(capacity * stride);
    for (let s = 0; s < slots.length; s += stride) slots[s] = EMPTY;
    return slots;
  }

  /** Number of distinct tuples. */
  get size(): number {
    return this.#size;
  }

  /** Sum of all counts. */
  get total(): number {
    return this.#total;
  }

  /** Number of slots allocated (at least twice the number of entries). */
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

  /** Returns the base index of the slot holding `key`, or of the empty slot where it would go. */
  #find(key: ArrayLike<number>, offset: number): number {
    const k = this.order, stride = this.#stride, slots = this.#slots, mask = this.#mask;
    let s = this.#hash(key, offset) & mask;
    for (;;) {
      const base = s * stride;
      if (slots[base] === EMPTY) return base;
      let equal = true;
      for (let j = 0; j < k; j++) {
        if (slots[base + j] !== key[offset + j]) {
          equal = false;
          break;
        }
      }
      if (equal) return base;
      s = (s + 1) & mask;
    }
  }

  #grow(): void {
    const stride = this.#stride;
    const old = this.#slots;
    const capacity = (this.#mask + 1) * 2;
    const slots = CountTable.#emptySlots(capacity, stride);
    this.#slots = slots;
    this.#mask = capacity - 1;
    if (this.order === 2) {
      // Keys in the old table are distinct, so reinsertion only needs the first empty slot.
      const mask = this.#mask, wrap = (mask << 2) | 3;
      for (let from = 0; from < old.length; from += 4) {
        const a = old[from]!;
        if (a === EMPTY) continue;
        const b = old[from + 1]!;
        let to = (hash2(a, b) & mask) << 2;
        while (slots[to] !== EMPTY) to = (to + 4) & wrap;
        slots[to] = a;
        slots[to + 1] = b;
        slots[to + 2] = old[from + 2]!;
        slots[to + 3] = old[from + 3]!;
      }
      return;
    }
    for (let base = 0; base < old.length; base += stride) {
      if (old[base] === EMPTY) continue;
      const target = this.#find(old, base);
      for (let j = 0; j < stride; j++) slots[target + j] = old[base + j]!;
    }
  }

  #countAt(base: number): number {
    const k = this.order;
    return (this.#slots[base + k]! >>> 0) + this.#slots[base + k + 1]! * TWO_32;
  }

  /**
   * Adds `count` (a non-negative integer) to the tuple `key[offset … offset+order−1]`. Ids must be
   * non-negative int32; counts stay exact up to 2^53.
   */
  add(key: ArrayLike<number>, offset = 0, count = 1): void {
    for (let j = 0; j < this.order; j++) {
      const id = key[offset + j]!;
      if (!(id >= 0 && id <= 0x7fffffff && Number.isInteger(id))) {
        throw new InputError(`CountTable: token id ${id} is not a non-negative int32`);
      }
    }
    if (!(count >= 0) || !Number.isSafeInteger(count)) {
      throw new InputError(`CountTable: count ${count} is not a non-negative integer`);
    }
    const k = this.order;
    let base = this.#find(key, offset);
    if (this.#slots[base] === EMPTY) {
      for (let j = 0; j < k; j++) this.#slots[base + j] = key[offset + j]!;
      this.#slots[base + k] = 0;
      this.#slots[base + k + 1] = 0;
      this.#size++;
      if (this.#size * 2 > this.#mask + 1) {
        this.#grow();
        base = this.#find(key, offset);
      }
    }
    const value = this.#countAt(base) + count;
    this.#slots[base + k] = value >>> 0;
    this.#slots[base + k + 1] = Math.floor(value / TWO_32);
    this.#total += count;
  }

  /** Returns the count of a tuple (0 when absent). */
  get(key: ArrayLike<number>, offset = 0): number {
    const base = this.#find(key, offset);
    return this.#slots[base] === EMPTY ? 0 : this.#countAt(base);
  }

  /**
   * Counts every ordered pair `(tokens[i], tokens[i+d])` of one stream (a document). Requires `order` 2.
   * This is the hot loop of two-point MI, specialised so a pair costs one hash and usually one cache line.
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
    let slots = this.#slots, mask = this.#mask, wrap = (mask << 2) | 3;
    let size = this.#size, limit = (mask + 1) >>> 1;
    for (let i = 0; i < n; i++) {
      const a = tokens[i]!, b = tokens[i + d]!;
      let base = (hash2(a, b) & mask) << 2;
      for (;;) {
        const ka = slots[base]!;
        if (ka === a && slots[base + 1] === b) {
          // Increment the 64-bit count held as two int32 halves; carry when the low half wraps to 0.
          const lo = (slots[base + 2]! + 1) | 0;
          slots[base + 2] = lo;
          if (lo === 0) slots[base + 3]!++;
          break;
        }
        if (ka === EMPTY) {
          slots[base] = a;
          slots[base + 1] = b;
          slots[base + 2] = 1;
          slots[base + 3] = 0;
          if (++size > limit) {
            this.#size = size;
            this.#grow();
            slots = this.#slots;
            mask = this.#mask;
            wrap = (mask << 2) | 3;
            limit = (mask + 1) >>> 1;
          }
          break;
        }
        base = (base + 4) & wrap;
      }
    }
    this.#size = size;
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
    for (let base = 0; base < this.#slots.length; base += this.#stride) {
      if (this.#slots[base] !== EMPTY) out[n++] = this.#countAt(base);
    }
    return out;
  }

  /** Calls `fn(key, count)` for every stored tuple; `key` is one reused array, so copy it to keep it. */
  forEach(fn: (key: Int32Array, count: number) => void): void {
    const k = this.order, slots = this.#slots;
    const key = new Int32Array(k);
    for (let base = 0; base < slots.length; base += this.#stride) {
      if (slots[base] === EMPTY) continue;
      for (let j = 0; j < k; j++) key[j] = slots[base + j]!;
      fn(key, this.#countAt(base));
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
