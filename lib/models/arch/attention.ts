/**
 * Counting retained key/value entries for each attention pattern: the entries a query at position ℓ
 * attends to, which are also the entries the KV cache contains after ℓ tokens.
 *
 * @example
 * ```ts
 * import { attendedSum, retainedEntries } from "@l2m/models/arch/attention.ts";
 * console.assert(retainedEntries({ kind: "sliding", window: 4096 }, 10_000) === 4096);
 * console.assert(attendedSum({ kind: "full" }, 4) === 1 + 2 + 3 + 4);
 * ```
 * @module
 */
import { InputError } from "../../util/errors.ts";
import type { AttentionPattern } from "./types.ts";

/** Throws an `InputError` unless `value` is a positive integer; `field` names it in the message. */
export function requirePositiveInteger(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InputError(`invalid ${field} = ${value}: expected a positive integer`);
  }
}

/** Throws an `InputError` unless `value` is a non-negative integer; `field` names it in the message. */
export function requireNonNegativeInteger(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InputError(`invalid ${field} = ${value}: expected a non-negative integer`);
  }
}

/** Checks the fields of an attention pattern, naming the invalid one. */
export function validatePattern(pattern: AttentionPattern): void {
  switch (pattern.kind) {
    case "full":
      return;
    case "sliding":
      requirePositiveInteger("attention.window", pattern.window);
      return;
    case "strided":
      requirePositiveInteger("attention.window", pattern.window);
      requirePositiveInteger("attention.stride", pattern.stride);
      return;
    case "power":
      if (!Number.isFinite(pattern.gamma) || pattern.gamma < 0 || pattern.gamma > 1) {
        throw new InputError(
          `invalid attention.gamma = ${pattern.gamma}: expected a number in [0, 1] (the retained set cannot ` +
            `outgrow the ℓ tokens read)`,
        );
      }
      if (!Number.isFinite(pattern.coefficient) || pattern.coefficient <= 0) {
        throw new InputError(`invalid attention.coefficient = ${pattern.coefficient}: expected a number > 0`);
      }
      requireNonNegativeInteger("attention.window", pattern.window);
      return;
    case "linear":
      requirePositiveInteger("attention.featureDim", pattern.featureDim);
      return;
    default:
      throw new InputError(
        `invalid attention.kind "${
          (pattern as { kind: string }).kind
        }": use full, sliding, strided, power or linear`,
      );
  }
}

/**
 * Key/value entries held after ℓ tokens (equal to the keys the query at ℓ attends to). Linear attention
 * keeps no entries and returns 0; its state is counted separately.
 */
export function retainedEntries(pattern: AttentionPattern, position: number): number {
  requireNonNegativeInteger("position", position);
  const l = position;
  switch (pattern.kind) {
    case "full":
      return l;
    case "sliding":
      return Math.min(l, pattern.window);
    case "strided":
      return Math.min(l, pattern.window) + Math.floor(Math.max(l - pattern.window, 0) / pattern.stride);
    case "power": {
      if (l === 0) return 0;
      // The relative tolerance keeps exact powers (e.g. 8^(1/3)) from rounding up one slot.
      const slots = pattern.coefficient * l ** pattern.gamma;
      return Math.min(l, pattern.window + Math.ceil(slots * (1 - 1e-12)));
    }
    case "linear":
      return 0;
  }
}

/** Σ_{m=1}^{M} ⌊m / s⌋ in closed form. */
function floorSum(m: number, s: number): number {
  if (m <= 0) return 0;
  const q = Math.floor(m / s);
  const r = m - q * s;
  return (s * q * (q - 1)) / 2 + q * (r + 1);
}

/**
 * Σ_{ℓ=1}^{L} retainedEntries(pattern, ℓ): the total number of query–key pairs scored when a context of L
 * tokens is processed causally. Closed forms for full, sliding and strided patterns; the power pattern
 * is summed term by term (O(L), about 10 ms per 10⁶ tokens).
 */
export function attendedSum(pattern: AttentionPattern, length: number): number {
  requireNonNegativeInteger("length", length);
  const n = length;
  switch (pattern.kind) {
    case "full":
      return (n * (n + 1)) / 2;
    case "sliding": {
      const w = pattern.window;
      return n <= w ? (n * (n + 1)) / 2 : (w * (w + 1)) / 2 + (n - w) * w;
    }
    case "strided": {
      const w = pattern.window;
      const local = n <= w ? (n * (n + 1)) / 2 : (w * (w + 1)) / 2 + (n - w) * w;
      return local + floorSum(n - w, pattern.stride);
    }
    case "power": {
      let total = 0;
      for (let l = 1; l <= n; l++) total += retainedEntries(pattern, l);
      return total;
    }
    case "linear":
      return 0;
  }
}
