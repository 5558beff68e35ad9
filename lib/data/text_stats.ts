/**
 * Descriptive statistics of a token stream: rank–frequency counts (Zipf's law), vocabulary growth with
 * position (Heaps' law), and word-length histograms. Tokens are strings or integer ids; the functions only
 * count, and fitting is left to `lib/info/fit.ts`.
 *
 * @example
 * ```ts
 * import { rankFrequency, vocabularyGrowth } from "@l2m/data/text_stats.ts";
 * const tokens = "the whale the sea the ship".split(" ");
 * console.assert(rankFrequency(tokens).counts[0] === 3);
 * console.assert(vocabularyGrowth(tokens, [1, 3, 6]).join() === "1,2,4");
 * ```
 * @module
 */
import { InputError } from "../util/errors.ts";

/** Distinct tokens sorted by descending count; `keys[i]` has rank i + 1 and occurs `counts[i]` times. */
export interface RankFrequency<T> {
  keys: T[];
  counts: number[];
  /** Number of tokens counted. */
  total: number;
}

/** Counts each distinct token and sorts by descending count (ties keep first-occurrence order). */
export function rankFrequency<T>(tokens: Iterable<T>): RankFrequency<T> {
  const counts = new Map<T, number>();
  let total = 0;
  for (const token of tokens) {
    counts.set(token, (counts.get(token) ?? 0) + 1);
    total++;
  }
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { keys: entries.map((e) => e[0]), counts: entries.map((e) => e[1]), total };
}

/**
 * Returns up to `count` distinct integers from `from` to `to` (both included) spaced evenly in log scale,
 * in increasing order. Rounding merges neighbours at the low end, so fewer may come back.
 */
export function logSpacedIntegers(from: number, to: number, count: number): number[] {
  if (!Number.isSafeInteger(from) || from < 1 || !Number.isSafeInteger(to) || to < from) {
    throw new InputError(`invalid range [${from}, ${to}]: expected integers with 1 ≤ from ≤ to`);
  }
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new InputError(`invalid count ${count}: expected a positive integer`);
  }
  if (count === 1 || from === to) return [to];
  const out = new Set<number>();
  const ratio = Math.log(to / from);
  for (let k = 0; k < count; k++) out.add(Math.round(from * Math.exp((ratio * k) / (count - 1))));
  return [...out].sort((a, b) => a - b);
}

/**
 * Counts distinct tokens among the first `p` tokens for each `p` in `positions` (ascending, each at most
 * the stream length): the vocabulary growth curve V(p).
 */
export function vocabularyGrowth<T>(tokens: ArrayLike<T>, positions: readonly number[]): number[] {
  const seen = new Set<T>();
  const out: number[] = [];
  let read = 0;
  let previous = 0;
  for (const p of positions) {
    if (!Number.isSafeInteger(p) || p < previous || p > tokens.length) {
      throw new InputError(
        `invalid position ${p}: positions must be ascending integers in [0, ${tokens.length}]`,
      );
    }
    previous = p;
    while (read < p) seen.add(tokens[read++]!);
    out.push(seen.size);
  }
  return out;
}

/**
 * Samples a rank–frequency curve for a power-law fit: log-spaced ranks from `fromRank` up to the last rank
 * whose count is at least `minCount`. Skipping the head (the few most frequent function words) and the tail
 * (words seen a handful of times, where counts are integer-quantised) is the usual Zipf fitting range.
 */
export function zipfFitPoints(
  counts: readonly number[],
  options: { fromRank?: number; minCount?: number; points?: number } = {},
): { rank: number[]; count: number[] } {
  const fromRank = options.fromRank ?? 10;
  const minCount = options.minCount ?? 5;
  let lastRank = 0;
  while (lastRank < counts.length && counts[lastRank]! >= minCount) lastRank++;
  if (lastRank <= fromRank) {
    throw new InputError(
      `too few frequent tokens for a Zipf fit: ${lastRank} tokens occur at least ${minCount} times, but the ` +
        `fit starts at rank ${fromRank}; use a longer text or a smaller fromRank/minCount`,
    );
  }
  const rank = logSpacedIntegers(fromRank, lastRank, options.points ?? 40);
  return { rank, count: rank.map((r) => counts[r - 1]!) };
}

/** Splits text into lower-case words of letters, with inner apostrophes and hyphens kept ("whale's"). */
export function letterWords(text: string): string[] {
  return text.toLowerCase().match(/\p{L}+(?:['’-]\p{L}+)*/gu) ?? [];
}

/** Histogram of string lengths in code points: `count[i]` strings have length `length[i]`. */
export function lengthHistogram(words: Iterable<string>): { length: number[]; count: number[] } {
  const counts: number[] = [];
  for (const w of words) {
    const n = [...w].length;
    while (counts.length <= n) counts.push(0);
    counts[n]!++;
  }
  const length: number[] = [];
  const count: number[] = [];
  counts.forEach((c, n) => {
    if (c > 0) {
      length.push(n);
      count.push(c);
    }
  });
  return { length, count };
}
