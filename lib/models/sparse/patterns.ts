/**
 * Retained key/value sets whose size grows as Θ(ℓ^γ), as attention masks, and their history-state size.
 *
 * A history state must be a streaming cache: everything a future query may read has to be kept now.
 * Query-relative patterns (log-spaced distances from the query) therefore cost a full KV cache. Both
 * patterns here are built on a dyadic stride that only ever doubles, so every retained set is nested
 * inside the previous one plus the new token, and dropping entries is safe:
 *
 *   s(n) = 2^max(0, ⌈log₂(n^(1−γ) / c)⌉)          n = entries read so far (BOS included)
 *
 * - `dilated`: the last `window` entries plus every entry j ≤ n − window − 1 with j mod s(n) = 0
 *   (indices are 0-based, BOS is index 0). Retained: min(n, w) + ⌊(n − w − 1)/s⌋ + 1 when n > w.
 * - `pooled`: the last `window` entries plus the means of complete aligned blocks of s(n) entries that
 *   left the window (compressed memory slots); entries of an incomplete block wait in one running-sum
 *   slot. Retained: min(n, w) + ⌊(n − w)/s⌋ + [(n − w) mod s ≠ 0] when n > w. When s doubles, pairs of
 *   block means merge into one, so the state is maintainable online.
 *
 * In both, the memory part holds between c·n^γ/2 and c·n^γ + 1 entries, hence Θ(n^γ); with γ = 1 and
 * c ≥ 1 the stride is 1 and both reduce to full causal attention (every entry kept).
 *
 * @example
 * ```ts
 * import { retainedCount, strideAt } from "@l2m/models/sparse/patterns.ts";
 * const p = { memory: "dilated", gamma: 0.5, coefficient: 1, window: 4 } as const;
 * console.assert(strideAt(p, 1024) === 32);
 * console.assert(retainedCount(p, 1024) === 4 + Math.floor((1024 - 4 - 1) / 32) + 1);
 * ```
 * @module
 */
import { InputError } from "../../util/errors.ts";

/** Memory kind for entries that leave the local window: raw dilated entries or pooled block means. */
export type MemoryKind = "dilated" | "pooled";

/** A Θ(ℓ^γ) retained set: local window plus a memory part with about `coefficient · ℓ^gamma` entries. */
export interface GrowthPattern {
  memory: MemoryKind;
  /** Growth exponent in [0, 1]: 0 is a constant-size memory, 1 is full attention (with coefficient ≥ 1). */
  gamma: number;
  /** Prefactor c > 0 of the memory size c·ℓ^γ. */
  coefficient: number;
  /** Local window of raw entries (≥ 1: the current token always attends to itself). */
  window: number;
}

/** Throws an `InputError` naming the first invalid field of `pattern`. */
export function validateGrowthPattern(pattern: GrowthPattern): void {
  if (pattern.memory !== "dilated" && pattern.memory !== "pooled") {
    throw new InputError(`invalid memory "${pattern.memory}": use "dilated" or "pooled"`);
  }
  if (!Number.isFinite(pattern.gamma) || pattern.gamma < 0 || pattern.gamma > 1) {
    throw new InputError(`invalid gamma = ${pattern.gamma}: expected a number in [0, 1]`);
  }
  if (!Number.isFinite(pattern.coefficient) || pattern.coefficient <= 0) {
    throw new InputError(`invalid coefficient = ${pattern.coefficient}: expected a number > 0`);
  }
  if (!Number.isSafeInteger(pattern.window) || pattern.window < 1) {
    throw new InputError(`invalid window = ${pattern.window}: expected a positive integer`);
  }
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InputError(`invalid entry count ${n}: expected a non-negative integer`);
  }
}

/** Dyadic memory stride s(n) after `n` entries; non-decreasing in n, 1 for γ = 1 with c ≥ 1. */
export function strideAt(pattern: GrowthPattern, n: number): number {
  checkCount(n);
  if (n <= 1) return 1;
  const target = n ** (1 - pattern.gamma) / pattern.coefficient;
  // The tolerance keeps exact powers of two (e.g. 1024^0.5 = 32) from rounding up one level.
  const level = Math.max(0, Math.ceil(Math.log2(target) - 1e-9));
  return 2 ** level;
}

/** Entries in the history state after `n` entries (the formula in the module comment). */
export function retainedCount(pattern: GrowthPattern, n: number): number {
  validateGrowthPattern(pattern);
  checkCount(n);
  const w = pattern.window;
  if (n <= w) return n;
  const s = strideAt(pattern, n);
  if (pattern.memory === "dilated") return w + Math.floor((n - w - 1) / s) + 1;
  const rest = n - w;
  return w + Math.floor(rest / s) + (rest % s === 0 ? 0 : 1);
}

/**
 * Entries the query at 0-based index `t` attends to: `retainedCount(t + 1)` for `dilated`; for `pooled`
 * the running-sum slot is stored but not read, so one less when it is non-empty.
 */
export function attendedCount(pattern: GrowthPattern, t: number): number {
  const n = t + 1, w = pattern.window;
  if (pattern.memory === "dilated" || n <= w) return retainedCount(pattern, n);
  return w + Math.floor((n - w) / strideAt(pattern, n));
}

/** Pooling levels (block sizes 2, 4, …, ≤ length) and the row offset of each level's blocks. */
export interface PoolLayout {
  /** Block size per level. */
  sizes: number[];
  /** First memory row of each level. */
  offsets: number[];
  /** Total memory rows M = Σ ⌊length / size⌋. */
  rows: number;
}

/** Lays out every aligned block of size 2^k (k ≥ 1) in a sequence of `length` entries. */
export function poolLayout(length: number): PoolLayout {
  checkCount(length);
  const sizes: number[] = [], offsets: number[] = [];
  let rows = 0;
  for (let s = 2; s <= length; s *= 2) {
    sizes.push(s);
    offsets.push(rows);
    rows += Math.floor(length / s);
  }
  return { sizes, offsets, rows };
}

/** Pooling matrix `[M, length]` (row-major): row r averages the entries of memory block r. */
export function poolingMatrix(length: number): Float32Array {
  const layout = poolLayout(length);
  const out = new Float32Array(layout.rows * length);
  layout.sizes.forEach((s, level) => {
    for (let k = 0; k < Math.floor(length / s); k++) {
      const row = layout.offsets[level]! + k;
      for (let j = k * s; j < (k + 1) * s; j++) out[row * length + j] = 1 / s;
    }
  });
  return out;
}

/**
 * Boolean mask (1 = may attend) of a sequence of `length` entries, row-major `[length, columns]`.
 * `dilated`: columns = length (raw keys). `pooled`: columns = length + M, raw keys first, then the
 * pooled blocks of {@link poolLayout}.
 */
export function allowedMask(pattern: GrowthPattern, length: number): { mask: Uint8Array; columns: number } {
  validateGrowthPattern(pattern);
  checkCount(length);
  const w = pattern.window;
  const layout = pattern.memory === "pooled" ? poolLayout(length) : { sizes: [], offsets: [], rows: 0 };
  const columns = length + layout.rows;
  const mask = new Uint8Array(length * columns);
  for (let t = 0; t < length; t++) {
    const s = strideAt(pattern, t + 1);
    const row = t * columns;
    for (let j = Math.max(0, t - w + 1); j <= t; j++) mask[row + j] = 1;
    if (pattern.memory === "dilated" || s === 1) {
      for (let j = 0; j <= t - w; j++) if (j % s === 0) mask[row + j] = 1;
      continue;
    }
    const complete = Math.floor(Math.max(0, t - w + 1) / s); // blocks [ks, ks+s−1] with ks+s−1 ≤ t−w
    if (complete === 0) continue;
    // A complete block of size s fits in the sequence, so level s exists in the layout.
    const offset = layout.offsets[layout.sizes.indexOf(s)]!;
    for (let k = 0; k < complete; k++) mask[row + length + offset + k] = 1;
  }
  return { mask, columns };
}

/** Additive attention bias from {@link allowedMask}: 0 where allowed, −1e9 elsewhere. */
export function additiveMask(
  pattern: GrowthPattern,
  length: number,
): { bias: Float32Array; columns: number } {
  const { mask, columns } = allowedMask(pattern, length);
  const bias = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) bias[i] = mask[i] ? 0 : -1e9;
  return { bias, columns };
}
