/**
 * Fixed-length token samples and their pairing, seeded with `Rng`.
 *
 * - {@link sampleSequences}: windows of `L` tokens drawn uniformly over all windows of all documents.
 * - {@link headSequences}: the first `L` tokens of each document (of each chunk, in the L²M protocol,
 *   where chunks start at sentence boundaries).
 * - {@link pairAcrossDocuments}: a partner for every sample from a *different* document, as vCLUB's
 *   product-of-marginals term needs.
 * - {@link l2mPairing}: the deterministic pairing of the L²M authors' scoring script.
 *
 * @module
 */
import { InputError } from "../util/errors.ts";
import type { Rng } from "../util/prng.ts";

/** Fixed-length samples with the document each came from and its start offset. */
export interface SequenceSample {
  sequences: Int32Array[];
  /** Index into the input documents, per sample. */
  doc: Int32Array;
  /** Start offset within that document, per sample. */
  start: Int32Array;
}

/** Options of {@link sampleSequences} and {@link headSequences}. */
export interface SampleOptions {
  /** Skip documents shorter than `L` instead of throwing (default false). */
  skipShort?: boolean;
  /** Document names for error messages (default `document #i`). */
  ids?: readonly string[];
}

function checkLengths(tokens: readonly Int32Array[], L: number, options: SampleOptions): boolean[] {
  if (!Number.isInteger(L) || L < 1) {
    throw new InputError(`sequence length L must be a positive integer, got ${L}`);
  }
  if (tokens.length === 0) throw new InputError("no documents to sample from");
  const usable = tokens.map((t) => t.length >= L);
  if (!options.skipShort) {
    const i = usable.indexOf(false);
    if (i >= 0) {
      const name = options.ids?.[i] ?? `document #${i}`;
      throw new InputError(
        `${name} has ${tokens[i]!.length} tokens, fewer than L = ${L}; remove it, lower L, or pass skipShort`,
      );
    }
  }
  if (!usable.some(Boolean)) {
    const longest = Math.max(...tokens.map((t) => t.length));
    throw new InputError(`no document has at least L = ${L} tokens (the longest has ${longest})`);
  }
  return usable;
}

/**
 * Draws `count` windows of `L` tokens, uniformly over all `len − L + 1` windows of every usable document
 * (with replacement). Documents shorter than `L` throw an `InputError` naming the document, unless
 * `skipShort` is set. Returned sequences are views into the input arrays.
 */
export function sampleSequences(
  tokens: readonly Int32Array[],
  L: number,
  count: number,
  rng: Rng,
  options: SampleOptions = {},
): SequenceSample {
  if (!Number.isInteger(count) || count < 1) {
    throw new InputError(`sample count must be a positive integer, got ${count}`);
  }
  const usable = checkLengths(tokens, L, options);
  const cumulative = new Float64Array(tokens.length);
  let total = 0;
  tokens.forEach((t, i) => {
    total += usable[i] ? t.length - L + 1 : 0;
    cumulative[i] = total;
  });
  const sequences: Int32Array[] = [];
  const doc = new Int32Array(count), start = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const r = Math.floor(rng.uniform() * total);
    let lo = 0, hi = tokens.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    const offset = r - (lo > 0 ? cumulative[lo - 1]! : 0);
    doc[k] = lo;
    start[k] = offset;
    sequences.push(tokens[lo]!.subarray(offset, offset + L));
  }
  return { sequences, doc, start };
}

/** Takes the first `L` tokens of every document (see {@link SampleOptions} for short documents). */
export function headSequences(
  tokens: readonly Int32Array[],
  L: number,
  options: SampleOptions = {},
): SequenceSample {
  const usable = checkLengths(tokens, L, options);
  const idx = usable.flatMap((u, i) => (u ? [i] : []));
  return {
    sequences: idx.map((i) => tokens[i]!.subarray(0, L)),
    doc: Int32Array.from(idx),
    start: new Int32Array(idx.length),
  };
}

/**
 * Returns `partner` with `doc[partner[i]] ≠ doc[i]` for every sample i: a random permutation (seeded)
 * repaired by swaps so that no sample is paired within its own document. Every sample is used as a
 * partner exactly once. Throws `InputError` when more than half the samples come from one document
 * (then no such permutation exists).
 */
export function pairAcrossDocuments(doc: ArrayLike<number>, rng: Rng): Int32Array {
  const n = doc.length;
  const perDoc = new Map<number, number>();
  for (let i = 0; i < n; i++) perDoc.set(doc[i]!, (perDoc.get(doc[i]!) ?? 0) + 1);
  const largest = Math.max(0, ...perDoc.values());
  if (n < 2 || largest * 2 > n) {
    throw new InputError(
      `cannot pair ${n} samples across documents: ${largest} come from one document, more than half; ` +
        "sample from more documents",
    );
  }
  const partner = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  for (let pass = 0; pass < 100; pass++) {
    let bad = 0;
    for (let i = 0; i < n; i++) {
      if (doc[partner[i]!] !== doc[i]) continue;
      bad++;
      // Swap with a random j whose exchange fixes i without breaking j.
      for (let tries = 0; tries < 4 * n; tries++) {
        const j = rng.int(n);
        if (doc[partner[j]!] !== doc[i] && doc[partner[i]!] !== doc[j]) {
          [partner[i], partner[j]] = [partner[j]!, partner[i]!];
          break;
        }
      }
    }
    if (bad === 0) return Int32Array.from(partner);
  }
  throw new Error("pairAcrossDocuments: repair did not converge");
}

function nextPrime(n: number): number {
  const isPrime = (k: number) => {
    if (k < 2) return false;
    for (let f = 2; f * f <= k; f++) if (k % f === 0) return false;
    return true;
  };
  let k = n + 1;
  while (!isPrime(k)) k++;
  return k;
}

/**
 * Returns the pairing of the L²M scoring script: with `prime = nextprime(floor(√n))` (the smallest prime strictly
 * above it, as sympy's `nextprime`) and `perm[i] = (i·prime + 1234) mod n`, pair k takes sample
 * `perm[k]` as the first and `perm[⌊n/2⌋ + k]` as the second, for k < ⌊n/2⌋.
 */
export function l2mPairing(n: number): { first: Int32Array; second: Int32Array } {
  if (!Number.isInteger(n) || n < 2) throw new InputError(`pairing needs at least 2 samples, got ${n}`);
  const prime = nextPrime(Math.floor(Math.sqrt(n)));
  const perm = Array.from({ length: n }, (_, i) => (i * prime + 1234) % n);
  const half = Math.floor(n / 2);
  return {
    first: Int32Array.from(perm.slice(0, half)),
    second: Int32Array.from(perm.slice(half, 2 * half)),
  };
}
