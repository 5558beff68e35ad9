/**
 * An open-addressing hash table keyed by fixed-length token n-grams, with a row of integer statistics
 * per key. Keys and statistics live in typed arrays, so the table stores tens of millions of entries
 * (a JavaScript `Map` stops at 2^24) and lookups allocate nothing.
 *
 * @example
 * ```ts
 * import { GramTable } from "@l2m/info/gram_table.ts";
 * const table = new GramTable(2, 3);
 * const slot = table.upsert(Int32Array.of(5, 7), 0);
 * table.stats[slot * table.width]! += 1;
 * console.assert(table.get(Int32Array.of(5, 7), 0, 0) === 1);
 * console.assert(table.find(Int32Array.of(7, 5), 0) === -1);
 * ```
 * @module
 */

const EMPTY = -1;

/** A hash table from `order`-token grams to `width` Int32 statistics, zero-initialised on insert. */
export class GramTable {
  /** Flat statistics: entry `slot` owns `stats[slot*width … slot*width+width-1]`. */
  stats: Int32Array;
  #keys: Int32Array;
  /** Per slot: the index of its entry in `stats`, or `EMPTY`. */
  #slots: Int32Array;
  #mask: number;
  #size = 0;

  /** Creates an empty table for grams of `order ≥ 0` tokens with `width ≥ 1` statistics per entry. */
  constructor(readonly order: number, readonly width: number, initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.#slots = new Int32Array(capacity).fill(EMPTY);
    this.#mask = capacity - 1;
    this.#keys = new Int32Array(Math.max(1, (capacity >> 1) * order));
    this.stats = new Int32Array((capacity >> 1) * width);
  }

  /** Number of distinct grams stored. */
  get size(): number {
    return this.#size;
  }

  #hash(tokens: Int32Array, start: number): number {
    let h = 0x811c9dc5 ^ this.order;
    for (let i = 0; i < this.order; i++) {
      h = Math.imul(h ^ tokens[start + i]!, 0x01000193);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    return (h ^ (h >>> 16)) >>> 0;
  }

  #equals(entry: number, tokens: Int32Array, start: number): boolean {
    const base = entry * this.order;
    for (let i = 0; i < this.order; i++) if (this.#keys[base + i] !== tokens[start + i]) return false;
    return true;
  }

  /** Returns the entry index of the gram `tokens[start … start+order-1]`, or -1 when absent. */
  find(tokens: Int32Array, start: number): number {
    let slot = this.#hash(tokens, start) & this.#mask;
    for (;;) {
      const entry = this.#slots[slot]!;
      if (entry === EMPTY) return -1;
      if (this.#equals(entry, tokens, start)) return entry;
      slot = (slot + 1) & this.#mask;
    }
  }

  /** Returns statistic `field` of the gram at `tokens[start…]`, or 0 when the gram is absent. */
  get(tokens: Int32Array, start: number, field: number): number {
    const entry = this.find(tokens, start);
    return entry < 0 ? 0 : this.stats[entry * this.width + field]!;
  }

  /** Returns the entry index of the gram at `tokens[start…]`, inserting it with zero statistics if absent. */
  upsert(tokens: Int32Array, start: number): number {
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow();
    let slot = this.#hash(tokens, start) & this.#mask;
    for (;;) {
      const entry = this.#slots[slot]!;
      if (entry === EMPTY) break;
      if (this.#equals(entry, tokens, start)) return entry;
      slot = (slot + 1) & this.#mask;
    }
    const entry = this.#size++;
    this.#slots[slot] = entry;
    this.#keys.set(tokens.subarray(start, start + this.order), entry * this.order);
    return entry;
  }

  #grow(): void {
    const capacity = this.#slots.length * 2;
    const keys = new Int32Array(Math.max(1, (capacity >> 1) * this.order));
    keys.set(this.#keys);
    const stats = new Int32Array((capacity >> 1) * this.width);
    stats.set(this.stats);
    this.#keys = keys;
    this.stats = stats;
    this.#slots = new Int32Array(capacity).fill(EMPTY);
    this.#mask = capacity - 1;
    for (let entry = 0; entry < this.#size; entry++) {
      let slot = this.#hash(keys, entry * this.order) & this.#mask;
      while (this.#slots[slot] !== EMPTY) slot = (slot + 1) & this.#mask;
      this.#slots[slot] = entry;
    }
  }
}
